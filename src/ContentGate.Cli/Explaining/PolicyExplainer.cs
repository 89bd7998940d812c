using ContentGate.Policies;
using ContentGate.Regions;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Cli.Explaining;

/// <summary>
/// Walks the policies in the middleware's order (Block, Redirect, Acknowledge, Notice; each in ordinal name order)
/// and decides each with the middleware's own rules: <see cref="GateSnapshot.Covers"/> and
/// <see cref="CompiledPolicy.AppliesTo"/>. The configured options are read only to put the reason into words.
/// </summary>
internal static class PolicyExplainer
{
    // ContentGate's built-in exempt paths besides its own prefix; only used to name the reason.
    private static readonly string[] AlwaysExempt = ["/robots.txt", "/favicon.ico", "/.well-known"];

    public static (IReadOnlyList<PolicyVerdict> Policies, ExplainOutcome Outcome) Explain(GateSnapshot snapshot, ContentGateOptions options, Region region, PathString path)
    {
        var verdicts = new List<PolicyVerdict>();
        if (!snapshot.HasPolicies)
        {
            return (verdicts, ExplainOutcome.Served);
        }

        ExplainOutcome? answer = null;
        var notices = new List<string>();
        CompiledPolicy[][] order = [snapshot.BlockPolicies, snapshot.RedirectPolicies, snapshot.AcknowledgePolicies, snapshot.NoticePolicies];
        foreach (var policies in order)
        {
            foreach (var policy in policies)
            {
                if (answer is not null)
                {
                    verdicts.Add(new PolicyVerdict(policy.Name, policy.Action, PolicyDecision.NotReached, $"{answer.Policies[0]} answers the request first ({Answered(answer)})"));
                    continue;
                }

                var verdict = Decide(snapshot, options, policy, region, path);
                verdicts.Add(verdict);
                if (!verdict.Applies)
                {
                    continue;
                }

                switch (policy.Action)
                {
                    case PolicyAction.Block:
                        answer = new ExplainOutcome(OutcomeKind.Block, [policy.Name], StatusCodes.Status451UnavailableForLegalReasons);
                        break;
                    case PolicyAction.Redirect:
                        answer = new ExplainOutcome(OutcomeKind.Redirect, [policy.Name], policy.RedirectStatusCode, policy.RedirectUrl);
                        break;
                    case PolicyAction.Acknowledge:
                        // The tool has no cookies, so the reader has not acknowledged anything yet.
                        answer = new ExplainOutcome(OutcomeKind.Acknowledge, [policy.Name], StatusCodes.Status200OK);
                        break;
                    default:
                        notices.Add(policy.Name);
                        break;
                }
            }
        }

        return (verdicts, answer ?? (notices.Count > 0 ? new ExplainOutcome(OutcomeKind.Notice, notices) : ExplainOutcome.Served));
    }

    private static string Answered(ExplainOutcome answer) => answer.Kind switch
    {
        OutcomeKind.Block => "451",
        OutcomeKind.Redirect => $"{answer.StatusCode} redirect",
        _ => "interstitial",
    };

    private static PolicyVerdict Decide(GateSnapshot snapshot, ContentGateOptions options, CompiledPolicy policy, Region region, PathString path)
    {
        var configured = options.Policies.TryGetValue(policy.Name, out var found) ? found : new PolicyOptions();

        // The tool has no endpoint, so only configured paths can cover the request (not [RegionPolicy] metadata).
        if (!snapshot.Covers(policy, path, endpoint: null))
        {
            return NotCovered(snapshot, options, configured, policy, path);
        }

        if (policy.AppliesTo(region))
        {
            var reason = region.IsKnown ? MatchReason(snapshot, options, configured, region) : $"fail mode {policy.FailMode} for unknown region";
            if (policy.Action == PolicyAction.Acknowledge)
            {
                reason += " (until the reader acknowledges it)";
            }
            else if (policy.Action == PolicyAction.Notice && policy.Dismissible)
            {
                reason += " (until the reader dismisses it)";
            }

            return new PolicyVerdict(policy.Name, policy.Action, PolicyDecision.Applies, reason);
        }

        return region.IsKnown
            ? new PolicyVerdict(policy.Name, policy.Action, PolicyDecision.DoesNotApply, NoMatchReason(configured, region))
            : new PolicyVerdict(policy.Name, policy.Action, PolicyDecision.Skipped, $"fail mode {policy.FailMode} for unknown region");
    }

    /// <summary>Names the rule that keeps <paramref name="policy"/> off the path, in the order <see cref="GateSnapshot.Covers"/> checks them.</summary>
    private static PolicyVerdict NotCovered(GateSnapshot snapshot, ContentGateOptions options, PolicyOptions configured, CompiledPolicy policy, PathString path)
    {
        var shown = path.Value ?? "/";
        if (snapshot.IsExempt(path))
        {
            var reason = FirstMatch(options.ExemptPaths, path) is { } exempt
                ? $"{exempt} is in ExemptPaths"
                : path.StartsWithSegments(snapshot.PathPrefix, StringComparison.OrdinalIgnoreCase)
                    ? $"{snapshot.PathPrefix} is ContentGate's own prefix"
                    : FirstMatch(AlwaysExempt, path) is { } builtIn
                        ? $"ContentGate never gates {builtIn}"
                        : "ContentGate never gates this path";
            return new PolicyVerdict(policy.Name, policy.Action, PolicyDecision.Exempt, reason);
        }

        if (policy.Action != PolicyAction.Notice && snapshot.NeverGated.Matches(path))
        {
            return new PolicyVerdict(policy.Name, policy.Action, PolicyDecision.NotCovered,
                $"path {shown} is a local BlockedBy page or redirect target, never blocked, redirected or put behind an interstitial");
        }

        if (policy.ExcludePaths.Matches(path))
        {
            return new PolicyVerdict(policy.Name, policy.Action, PolicyDecision.Excluded, "ExcludePaths " + (FirstMatch(configured.ExcludePaths, path) ?? shown));
        }

        var paths = Normalized(configured.Paths);
        return new PolicyVerdict(policy.Name, policy.Action, PolicyDecision.NotCovered,
            $"path {shown} is not under {(paths.Count == 0 ? ContentGateDefaults.AllPaths : string.Join(", ", paths))}");
    }

    private static string MatchReason(GateSnapshot snapshot, ContentGateOptions options, PolicyOptions configured, Region region)
    {
        // The most specific code first: a reader in Crimea matches as UA-43, not as UA.
        string[] candidates = [.. region.SubdivisionCodes, region.CountryCode!];
        foreach (var entry in configured.Regions.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()))
        {
            if (!snapshot.TryResolveRegions(entry, out var codes, out _))
            {
                continue;
            }

            if (candidates.FirstOrDefault(codes.Contains) is { } code)
            {
                return IsRegionSet(options, entry) ? $"region {code} is in {entry}" : $"region {code} is listed in Regions";
            }
        }

        return $"region {region} is in Regions";
    }

    private static string NoMatchReason(PolicyOptions configured, Region region)
    {
        var entries = configured.Regions.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()).ToList();
        return entries.Count == 1
            ? $"region {region} is not in {entries[0]}"
            : $"region {region} is in none of {string.Join(", ", entries)}";
    }

    private static bool IsRegionSet(ContentGateOptions options, string entry)
        => options.RegionSets.Keys.Any(k => string.Equals(k, entry, StringComparison.OrdinalIgnoreCase));

    private static string? FirstMatch(IEnumerable<string> configured, PathString path)
        => Normalized(configured).FirstOrDefault(p => PathMatcher.Create([p]).Matches(path));

    private static List<string> Normalized(IEnumerable<string> configured)
    {
        var paths = new List<string>();
        foreach (var value in configured)
        {
            if (PathMatcher.TryNormalize(value, out var normalized, out _))
            {
                paths.Add(normalized);
            }
        }

        return paths;
    }
}
