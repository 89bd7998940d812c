using ContentGate.Policies;

namespace ContentGate.Decisions;

/// <summary>
/// What the reader has done about policies that can be lifted: dismissed a notice, acknowledged an interstitial (each
/// for the current version of its text). The middleware reads it from the request's cookies; the command-line tool
/// has none.
/// </summary>
/// <remarks>A struct implementation keeps <see cref="GateEvaluator"/> free of allocations.</remarks>
internal interface IReaderChoices
{
    /// <summary>Whether the reader dismissed this notice (false for a notice that cannot be dismissed).</summary>
    bool HasDismissed(CompiledPolicy policy);

    /// <summary>Whether the reader acknowledged this policy's interstitial.</summary>
    bool HasAcknowledged(CompiledPolicy policy);
}
