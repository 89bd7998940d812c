using ContentGate.Languages;
using ContentGate.Policies;

namespace ContentGate.Actions.Notices;

/// <summary>What a Notice policy puts into the page.</summary>
internal sealed class NoticePayload(LocalizedContent content, NoticePlacement placement, bool dismissible) : PolicyPayload
{
    public override PolicyAction Action => PolicyAction.Notice;

    /// <summary>The notice in each language.</summary>
    public LocalizedContent Content { get; } = content;

    public NoticePlacement Placement { get; } = placement;

    /// <summary>Whether the reader may dismiss it (the notice then carries a small form).</summary>
    public bool Dismissible { get; } = dismissible;
}
