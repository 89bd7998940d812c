using ContentGate.Languages;
using ContentGate.Policies;

namespace ContentGate.Actions.Blocking;

/// <summary>What a Block policy answers: its 451 page in each language, rendered once.</summary>
internal sealed class BlockPayload(LocalizedContent content, BlockResponse response) : PolicyPayload
{
    public override PolicyAction Action => PolicyAction.Block;

    public LocalizedContent Content { get; } = content;

    public BlockResponse Response { get; } = response;
}
