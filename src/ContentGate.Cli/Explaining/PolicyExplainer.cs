using ContentGate.Actions.Redirecting;
using ContentGate.Decisions;
using ContentGate.Policies;
using ContentGate.Regions;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Cli.Explaining;

/// <summary>
/// Puts the middleware's own decision into words. The decision is <see cref="GateEvaluator.Evaluate"/>'s, made the
/// way the middleware makes it (the tool has no endpoint and no cookies: only configured paths cover a request, and the
/// reader has dismissed and acknowledged nothing); this class only names the reasons, from the compiled policies.
/// </summary>
internal static class PolicyExplainer
{
    public static (IReadOnlyList<PolicyVerdict> Policies, ExplainOutcome Outcome) Explain(PolicySet policies, Region region, PathString path)
    {
        var decision = GateEvaluator.Evaluate(policies, region, path, endpoint: null, default(NoReaderChoices));
        var outcome = Outcome(decision, policies);
        var verdicts = new List<PolicyVerdict>();
        foreach (var verdict in decision.Verdicts)
        {
            verdicts.Add(Describe(policies, decision, verdict, outcome));
        }

        return (verdicts, outcome);
    }

    private static ExplainOutcome Outcome(GateDecision decision, PolicySet policies) => decision.Outcome switch
    {
        GateOutcome.Block => new ExplainOutcome(OutcomeKind.Block, [decision.Answering!.Name], StatusCodes.Status451UnavailableForLegalReasons),
        GateOutcome.Redirect => new ExplainOutcome(OutcomeKind.Redirect, [decision.Answering!.Name], decision.Answering.PayloadAs<RedirectPayload>().StatusCode, decision.Answering.PayloadAs<RedirectPayload>().Url),
        GateOutcome.Interstitial => new ExplainOutcome(OutcomeKind.Acknowledge, [decision.Answering!.Name], StatusCodes.Status200OK),
        GateOutcome.Notices => new ExplainOutcome(OutcomeKind.Notice, [.. policies.Notices.Where(p => decision.Notices.Contains(p.NoticeIndex)).Select(p => p.Name)]),
        _ => ExplainOutcome.Served,
    };

    private static PolicyVerdict Describe(PolicySet policies, in GateDecision decision, Decisions.PolicyVerdict verdict, ExplainOutcome outcome)
    {
        var policy = verdict.Policy;
        var shown = decision.Path.Value ?? "/";
        var unresolved = verdict.UnresolvedSubdivision;
        var (kind, reason) = verdict.Kind switch
        {
            VerdictKind.Applies => (PolicyDecision.Applies, AppliesReason(policies, policy, decision.Region, unresolved)),
            VerdictKind.DoesNotApply => (PolicyDecision.DoesNotApply, unresolved ? $"{UnresolvedReason(policy, decision.Region)} is {policy.UnresolvedSubdivision}" : NoMatchReason(policy, decision.Region)),
            VerdictKind.Skipped => (PolicyDecision.Skipped, unresolved ? $"fail mode {policy.FailMode}: {UnresolvedReason(policy, decision.Region)} is FailMode" : $"fail mode {policy.FailMode} for unknown region"),
            VerdictKind.Exempt => (PolicyDecision.Exempt, ExemptReason(policies, decision.Path)),
            VerdictKind.Excluded => (PolicyDecision.Excluded, "ExcludePaths " + (FirstMatch(policy.ExcludePathList, decision.Path) ?? shown)),
            VerdictKind.NotReached => (PolicyDecision.NotReached, $"{outcome.Policies[0]} answers the request first ({Answered(outcome)})"),
            _ when policy.Action != PolicyAction.Notice && policies.IsNoticeOnly(decision.Path)
                => (PolicyDecision.NotCovered, $"path {shown} is a local BlockedBy page or redirect target, never blocked, redirected or put behind an interstitial"),
            _ => (PolicyDecision.NotCovered, $"path {shown} is not under {(policy.PathList.Count == 0 ? ContentGateDefaults.AllPaths : string.Join(", ", policy.PathList))}"),
        };

        return new PolicyVerdict(policy.Name, policy.Action, kind, reason, unresolved ? policy.UnresolvedSubdivision : null);
    }

    private static string Answered(ExplainOutcome answer) => answer.Kind switch
    {
        OutcomeKind.Block => "451",
        OutcomeKind.Redirect => $"{answer.StatusCode} redirect",
        _ => "interstitial",
    };

    private static string AppliesReason(PolicySet policies, CompiledPolicy policy, Region region, bool unresolved)
    {
        var reason = !region.IsKnown ? $"fail mode {policy.FailMode} for unknown region"
            : !unresolved ? MatchReason(policies, policy, region)
            : policy.UnresolvedSubdivision == UnresolvedSubdivision.Match ? $"{UnresolvedReason(policy, region)} is Match"
            : $"fail mode {policy.FailMode}: {UnresolvedReason(policy, region)} is FailMode";
        return !policy.LiftedByReader ? reason
            : policy.Action == PolicyAction.Acknowledge ? reason + " (until the reader acknowledges it)"
            : reason + " (until the reader dismisses it)";
    }

    private static string ExemptReason(PolicySet policies, PathString path)
        => FirstMatch(policies.ConfiguredExemptPaths, path) is { } exempt
            ? $"{exempt} is in ExemptPaths"
            : path.StartsWithSegments(policies.PathPrefix, StringComparison.OrdinalIgnoreCase)
                ? $"{policies.PathPrefix} is ContentGate's own prefix"
                : FirstMatch(PolicySet.BuiltInExemptPaths, path) is { } builtIn
                    ? $"ContentGate never gates {builtIn}"
                    : "ContentGate never gates this path";

    private static string MatchReason(PolicySet policies, CompiledPolicy policy, Region region)
    {
        // The most specific code first: a reader in Crimea matches as UA-43, not as UA; a network after the places.
        string[] candidates = [.. region.SubdivisionCodes, region.CountryCode!, .. region.AutonomousSystemNumber is { } number ? [$"AS{number}"] : Array.Empty<string>()];
        foreach (var entry in policy.RegionEntries)
        {
            if (!policies.TryResolveRegions(entry, out var codes, out _))
            {
                continue;
            }

            if (candidates.FirstOrDefault(codes.Contains) is { } code)
            {
                return policies.IsRegionSet(entry) ? $"region {code} is in {entry}" : $"region {code} is listed in Regions";
            }
        }

        return $"region {region} is in Regions";
    }

    /// <summary>
    /// <c>region UA has no subdivision, the policy lists UA-40, UA-43, and UnresolvedSubdivision</c>: the
    /// caller adds what the setting is.
    /// </summary>
    private static string UnresolvedReason(CompiledPolicy policy, Region region)
    {
        var country = region.CountryCode!;
        var listed = policy.RegionCodes.Where(code => code.Length > 2 && code.StartsWith(country, StringComparison.Ordinal) && code[2] == '-').Order(StringComparer.Ordinal);
        return $"region {country} has no subdivision, the policy lists {string.Join(", ", listed)}, and UnresolvedSubdivision";
    }

    private static string NoMatchReason(CompiledPolicy policy, Region region)
    {
        var entries = policy.RegionEntries;
        return entries.Count == 1
            ? $"region {region} is not in {entries[0]}"
            : $"region {region} is in none of {string.Join(", ", entries)}";
    }

    private static string? FirstMatch(IEnumerable<string> normalized, PathString path)
        => normalized.FirstOrDefault(p => PathMatcher.Create([p]).Matches(path));
}
