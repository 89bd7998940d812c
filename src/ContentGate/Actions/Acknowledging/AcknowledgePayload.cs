using ContentGate.Languages;
using ContentGate.Policies;

namespace ContentGate.Actions.Acknowledging;

/// <summary>What an Acknowledge policy shows before the content, and how long an acknowledgment holds.</summary>
internal sealed class AcknowledgePayload(LocalizedContent content, TimeSpan lifetime) : PolicyPayload
{
    public override PolicyAction Action => PolicyAction.Acknowledge;

    public LocalizedContent Content { get; } = content;

    /// <summary>How long the reader's acknowledgment is remembered.</summary>
    public TimeSpan Lifetime { get; } = lifetime;
}
