namespace ContentGate.Decisions;

/// <summary>What a request gets, as the policies decided it.</summary>
internal enum GateOutcome
{
    /// <summary>The content as the app sends it (it may still get the cache rules when a policy covers the path).</summary>
    Pass,

    /// <summary>451 Unavailable For Legal Reasons, by <see cref="GateDecision.Answering"/>.</summary>
    Block,

    /// <summary>A redirect, by <see cref="GateDecision.Answering"/>.</summary>
    Redirect,

    /// <summary>The acknowledgment page instead of the content, by <see cref="GateDecision.Answering"/>.</summary>
    Interstitial,

    /// <summary>The content with the notices of <see cref="GateDecision.Notices"/>.</summary>
    Notices,
}
