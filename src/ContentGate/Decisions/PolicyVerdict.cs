using ContentGate.Policies;

namespace ContentGate.Decisions;

/// <summary>One policy's verdict on one request.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="Kind">What it said.</param>
/// <param name="UnresolvedSubdivision">
/// Whether the reader's country is one whose subdivisions the policy lists and the reader has none, so the policy's
/// <see cref="CompiledPolicy.UnresolvedSubdivision"/> decided (with its fail mode, for
/// <see cref="Policies.UnresolvedSubdivision.FailMode"/>).
/// </param>
internal readonly record struct PolicyVerdict(CompiledPolicy Policy, VerdictKind Kind, bool UnresolvedSubdivision = false)
{
    /// <summary>Whether the policy acts on this request (it applies and the reader has not lifted it).</summary>
    public bool Acts => Kind == VerdictKind.Applies;

    /// <summary>Whether the policy covers the request, whatever it then decided.</summary>
    public bool Covers => Kind is VerdictKind.Applies or VerdictKind.DoesNotApply or VerdictKind.Skipped or VerdictKind.Dismissed or VerdictKind.Acknowledged;
}
