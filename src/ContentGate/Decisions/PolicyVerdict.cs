using ContentGate.Policies;

namespace ContentGate.Decisions;

/// <summary>One policy's verdict on one request.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="Kind">What it said.</param>
internal readonly record struct PolicyVerdict(CompiledPolicy Policy, VerdictKind Kind)
{
    /// <summary>Whether the policy acts on this request (it applies and the reader has not lifted it).</summary>
    public bool Acts => Kind == VerdictKind.Applies;

    /// <summary>Whether the policy covers the request, whatever it then decided.</summary>
    public bool Covers => Kind is VerdictKind.Applies or VerdictKind.DoesNotApply or VerdictKind.Skipped or VerdictKind.Dismissed or VerdictKind.Acknowledged;
}
