namespace ContentGate.Policies;

/// <summary>
/// What a policy does, compiled by the action it belongs to: each action (notices, block, redirect, acknowledgment)
/// has its own payload type in its own folder, so nothing here knows what any action needs.
/// </summary>
internal abstract class PolicyPayload
{
    /// <summary>The action this payload belongs to.</summary>
    public abstract PolicyAction Action { get; }
}
