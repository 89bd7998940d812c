using ContentGate.Policies;

namespace ContentGate.Cli.Explaining;

/// <summary>One policy's decision for the request and the reason, in words that name the configuration.</summary>
/// <param name="Name">The policy's name.</param>
/// <param name="Action">What it does.</param>
/// <param name="Decision">What became of it.</param>
/// <param name="Reason">Why, naming the configuration.</param>
/// <param name="UnresolvedSubdivision">
/// The policy's <c>UnresolvedSubdivision</c> when it decided: the reader's country is one whose subdivisions the policy
/// lists, and the reader has none; otherwise <see langword="null"/>.
/// </param>
internal sealed record PolicyVerdict(string Name, PolicyAction Action, PolicyDecision Decision, string Reason, UnresolvedSubdivision? UnresolvedSubdivision = null)
{
    public bool Applies => Decision == PolicyDecision.Applies;

    /// <summary>The decision as the text report prints it: <c>APPLIES: region UA-43 is in russia-controlled</c>.</summary>
    public string Text => Decision switch
    {
        PolicyDecision.Applies => "APPLIES: " + Reason,
        PolicyDecision.DoesNotApply => "does not apply: " + Reason,
        PolicyDecision.Skipped => "skipped: " + Reason,
        PolicyDecision.NotCovered => "not covered: " + Reason,
        PolicyDecision.Excluded => "excluded by " + Reason,
        PolicyDecision.Exempt => "exempt path: " + Reason,
        _ => "not reached: " + Reason,
    };

    /// <summary>The decision as <c>--json</c> writes it.</summary>
    public string Code => Decision switch
    {
        PolicyDecision.Applies => "applies",
        PolicyDecision.DoesNotApply => "does-not-apply",
        PolicyDecision.Skipped => "skipped",
        PolicyDecision.NotCovered => "not-covered",
        PolicyDecision.Excluded => "excluded",
        PolicyDecision.Exempt => "exempt",
        _ => "not-reached",
    };
}
