using ContentGate.Policies;

namespace ContentGate.Decisions;

/// <summary>A reader who has dismissed and acknowledged nothing, as the command-line tool sees every reader.</summary>
internal readonly struct NoReaderChoices : IReaderChoices
{
    public bool HasDismissed(CompiledPolicy policy) => false;

    public bool HasAcknowledged(CompiledPolicy policy) => false;
}
