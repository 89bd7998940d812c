using System.Diagnostics;
using ContentGate.Decisions;
using ContentGate.Diagnostics;
using ContentGate.Policies;
using ContentGate.Regions;

namespace ContentGate.Hosting;

/// <summary>
/// The activity of one decision on the <c>ContentGate</c> source: started right before the policies are evaluated,
/// tagged with the outcome and stopped right after, before the action runs, so that the app's own activities stay
/// children of the request's rather than of ContentGate's.
/// </summary>
/// <remarks>
/// Tags say what was decided — the policy, the action, the outcome, the region source — and nothing about the reader:
/// no address, no network, no region. With no listener <see cref="Start"/> returns <see langword="null"/> after one
/// check, allocating nothing.
/// </remarks>
internal static class DecisionActivity
{
    public static Activity? Start()
        => ContentGateTracing.Source.HasListeners()
            ? ContentGateTracing.Source.StartActivity(ContentGateTracing.DecisionActivityName, ActivityKind.Internal)
            : null;

    /// <summary>Tags <paramref name="activity"/> with <paramref name="decision"/> and stops it.</summary>
    public static void Complete(Activity activity, PolicySet policies, in GateDecision decision, RegionFeature feature)
    {
        if (activity.IsAllDataRequested)
        {
            activity.SetTag(ContentGateTracing.OutcomeTag, decision.Exempt ? "exempt" : OutcomeName(decision.Outcome));
            activity.SetTag(ContentGateTracing.RegionSourceTag, feature.Source ?? "none");
            if (decision.Answering is { } answering)
            {
                activity.SetTag(ContentGateTracing.PolicyTag, answering.Name);
                activity.SetTag(ContentGateTracing.ActionTag, ActionName(answering.Action));
            }
            else if (!decision.Notices.IsEmpty)
            {
                activity.SetTag(ContentGateTracing.PolicyTag, NoticeNames(policies, decision.Notices));
                activity.SetTag(ContentGateTracing.ActionTag, "notice");
            }
        }

        activity.Stop();
    }

    private static string NoticeNames(PolicySet policies, NoticeMask notices)
    {
        if (notices.Count == 1)
        {
            foreach (var policy in policies.Notices)
            {
                if (notices.Contains(policy.NoticeIndex))
                {
                    return policy.Name;
                }
            }
        }

        // Policy names are letters, digits, '-', '_' and '.', so a comma separates them unambiguously.
        return string.Join(',', policies.Notices.Where(p => notices.Contains(p.NoticeIndex)).Select(p => p.Name));
    }

    private static string OutcomeName(GateOutcome outcome) => outcome switch
    {
        GateOutcome.Block => "block",
        GateOutcome.Redirect => "redirect",
        GateOutcome.Interstitial => "acknowledge",
        GateOutcome.Notices => "notice",
        _ => "pass",
    };

    internal static string ActionName(PolicyAction action) => action switch
    {
        PolicyAction.Notice => "notice",
        PolicyAction.Block => "block",
        PolicyAction.Acknowledge => "acknowledge",
        _ => "redirect",
    };
}
