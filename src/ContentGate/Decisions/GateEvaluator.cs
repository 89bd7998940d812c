using ContentGate.Endpoints;
using ContentGate.Policies;
using ContentGate.Regions;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Decisions;

/// <summary>
/// Decides a request, purely from its inputs: the policies, the reader's region, the path, the endpoint's metadata
/// and what the reader has dismissed or acknowledged. Precedence and coverage live here and nowhere else:
/// exempt paths and endpoints that skip ContentGate are never covered; local BlockedBy pages and redirect targets only
/// by notices; a policy's <c>ExcludePaths</c> win, then its <c>Paths</c> or the endpoint naming it; the first applying
/// Block answers, else the first Redirect, else the first Acknowledge the reader has not acknowledged, else every
/// applying notice the reader has not dismissed goes into the page.
/// </summary>
internal static class GateEvaluator
{
    /// <summary>Decides a request.</summary>
    /// <typeparam name="TChoices">The reader's dismissals and acknowledgments (a struct, so nothing is allocated).</typeparam>
    /// <param name="policies">The policies.</param>
    /// <param name="region">The reader's region, <see cref="Region.Unknown"/> when unknown.</param>
    /// <param name="path">The request path (relative to the path base).</param>
    /// <param name="endpoint">The endpoint routing picked, or <see langword="null"/> (not routed yet, or no match).</param>
    /// <param name="choices">The reader's dismissals and acknowledgments.</param>
    /// <param name="endpointNamedOnly">
    /// Only the policies the endpoint names whose own paths do not already cover the request: the part of the decision
    /// that could not be made before routing picked the endpoint.
    /// </param>
    /// <returns>The decision.</returns>
    public static GateDecision Evaluate<TChoices>(PolicySet policies, Region region, PathString path, Endpoint? endpoint, TChoices choices, bool endpointNamedOnly = false)
        where TChoices : IReaderChoices
    {
        var count = policies.All.Length;
        if (count == 0 || policies.IsExempt(path) || EndpointPolicies.IsSkipped(endpoint))
        {
            return new GateDecision(policies, region, path, GateOutcome.Pass, null, NoticeMask.None, default, default, default, default, gatedCovered: false, noticeCovered: false, VerdictKind.Exempt);
        }

        PolicyBits reached = default, covered = default, applies = default, lifted = default;
        var gatedCovered = false;
        var gated = !policies.IsNoticeOnly(path);
        foreach (var policy in policies.Gated)
        {
            reached.Add(policy.Index, count);
            if (!gated || !Covers(policy, path, endpoint, endpointNamedOnly))
            {
                continue;
            }

            covered.Add(policy.Index, count);
            gatedCovered = true;
            if (!policy.AppliesTo(region))
            {
                continue;
            }

            applies.Add(policy.Index, count);
            if (policy.Action == PolicyAction.Acknowledge && choices.HasAcknowledged(policy))
            {
                lifted.Add(policy.Index, count);
                continue;
            }

            var outcome = policy.Action switch
            {
                PolicyAction.Block => GateOutcome.Block,
                PolicyAction.Redirect => GateOutcome.Redirect,
                _ => GateOutcome.Interstitial,
            };
            return new GateDecision(policies, region, path, outcome, policy, NoticeMask.None, reached, covered, applies, lifted, gatedCovered, noticeCovered: false, VerdictKind.NotCovered);
        }

        var notices = NoticeMask.None;
        var noticeCovered = false;
        var noticePolicies = policies.Notices;
        for (var i = 0; i < noticePolicies.Length; i++)
        {
            var policy = noticePolicies[i];
            reached.Add(policy.Index, count);
            if (!Covers(policy, path, endpoint, endpointNamedOnly))
            {
                continue;
            }

            covered.Add(policy.Index, count);
            noticeCovered = true;
            if (!policy.AppliesTo(region))
            {
                continue;
            }

            applies.Add(policy.Index, count);
            if (choices.HasDismissed(policy))
            {
                lifted.Add(policy.Index, count);
                continue;
            }

            notices = notices.With(i);
        }

        return new GateDecision(policies, region, path, notices.IsEmpty ? GateOutcome.Pass : GateOutcome.Notices, null, notices, reached, covered, applies, lifted, gatedCovered, noticeCovered, VerdictKind.NotCovered);
    }

    /// <summary>
    /// Whether <paramref name="policy"/> covers a request, by the whole rule the middleware applies (exempt paths,
    /// skipped endpoints, notice-only paths, <c>ExcludePaths</c>, then <c>Paths</c> or the endpoint naming it).
    /// </summary>
    public static bool Covers(PolicySet policies, CompiledPolicy policy, PathString path, Endpoint? endpoint)
        => !policies.IsExempt(path)
            && !EndpointPolicies.IsSkipped(endpoint)
            && (policy.Action == PolicyAction.Notice || !policies.IsNoticeOnly(path))
            && Covers(policy, path, endpoint, endpointNamedOnly: false);

    private static bool Covers(CompiledPolicy policy, PathString path, Endpoint? endpoint, bool endpointNamedOnly)
        => !policy.ExcludePaths.Matches(path)
            && (endpointNamedOnly
                ? !policy.Paths.Matches(path) && EndpointPolicies.Names(endpoint, policy.Name)
                : policy.Paths.Matches(path) || EndpointPolicies.Names(endpoint, policy.Name));
}
