using ContentGate.Policies;
using ContentGate.Regions;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Decisions;

/// <summary>
/// What the policies decide for one request, as one immutable value: the region it was decided for, each policy's
/// verdict, and the outcome — a Block, Redirect or Acknowledge policy that answers the request, or the notices that
/// go into the page, or nothing. <see cref="GateEvaluator"/> makes it; the middleware carries it out, the command-line
/// tool prints it, the region extensions and tag helpers read it.
/// </summary>
/// <remarks>
/// A struct of a few words: deciding a request allocates nothing. Verdicts are kept as bits and put into words only
/// when asked for (<see cref="VerdictFor"/>, <see cref="Verdicts"/>).
/// </remarks>
internal readonly struct GateDecision
{
    private readonly PolicySet? _policies;
    private readonly PolicyBits _reached;
    private readonly PolicyBits _covered;
    private readonly PolicyBits _applies;
    private readonly PolicyBits _lifted;
    private readonly VerdictKind _uncovered;

    internal GateDecision(
        PolicySet policies,
        Region region,
        PathString path,
        GateOutcome outcome,
        CompiledPolicy? answering,
        NoticeMask notices,
        PolicyBits reached,
        PolicyBits covered,
        PolicyBits applies,
        PolicyBits lifted,
        bool gatedCovered,
        bool noticeCovered,
        VerdictKind uncovered)
    {
        _policies = policies;
        Region = region;
        Path = path;
        Outcome = outcome;
        Answering = answering;
        Notices = notices;
        _reached = reached;
        _covered = covered;
        _applies = applies;
        _lifted = lifted;
        GatedCovered = gatedCovered;
        NoticeCovered = noticeCovered;
        _uncovered = uncovered;
    }

    /// <summary>The region the decision is for (<see cref="Region.Unknown"/> when unknown).</summary>
    public Region Region { get; }

    /// <summary>The request path the decision is for.</summary>
    public PathString Path { get; }

    public GateOutcome Outcome { get; }

    /// <summary>The Block, Redirect or Acknowledge policy that answers the request; <see langword="null"/> otherwise.</summary>
    public CompiledPolicy? Answering { get; }

    /// <summary>The notices that go into the page (applying, not dismissed).</summary>
    public NoticeMask Notices { get; }

    /// <summary>
    /// Whether a Block, Redirect or Acknowledge policy covers the request: the same URL answers differently in other
    /// regions, so every answer to it depends on the region.
    /// </summary>
    public bool GatedCovered { get; }

    /// <summary>Whether a Notice policy covers the request: its HTML pages depend on the region.</summary>
    public bool NoticeCovered { get; }

    /// <summary>Whether any policy covers the request.</summary>
    public bool Covers => GatedCovered || NoticeCovered;

    /// <summary>Whether no policy can cover the request at all: an exempt path, or an endpoint that skips ContentGate.</summary>
    public bool Exempt => _uncovered == VerdictKind.Exempt;

    /// <summary>What <paramref name="policy"/> said about the request.</summary>
    public PolicyVerdict VerdictFor(CompiledPolicy policy)
    {
        var index = policy.Index;
        if (!_reached.Contains(index))
        {
            return new PolicyVerdict(policy, Answering is null ? _uncovered : VerdictKind.NotReached);
        }

        if (!_covered.Contains(index))
        {
            // A page only notices may cover is not covered by the others, whatever their ExcludePaths say.
            var noticeOnly = policy.Action != PolicyAction.Notice && _policies!.IsNoticeOnly(Path);
            return new PolicyVerdict(policy, !noticeOnly && policy.ExcludePaths.Matches(Path) ? VerdictKind.Excluded : VerdictKind.NotCovered);
        }

        var unresolved = policy.IsUnresolvedFor(Region);
        if (_lifted.Contains(index))
        {
            return new PolicyVerdict(policy, policy.Action == PolicyAction.Acknowledge ? VerdictKind.Acknowledged : VerdictKind.Dismissed, unresolved);
        }

        // The fail mode decided for an unknown region, and for an unresolved reader when the policy hands them to it.
        var failModeDecided = !Region.IsKnown || (unresolved && policy.UnresolvedSubdivision == UnresolvedSubdivision.FailMode);
        return new PolicyVerdict(policy, _applies.Contains(index) ? VerdictKind.Applies : failModeDecided ? VerdictKind.Skipped : VerdictKind.DoesNotApply, unresolved);
    }

    /// <summary>Every policy's verdict, in the order they are evaluated: Block, Redirect, Acknowledge, Notice, each by name.</summary>
    public IEnumerable<PolicyVerdict> Verdicts
    {
        get
        {
            if (_policies is null)
            {
                yield break;
            }

            foreach (var policy in _policies.InEvaluationOrder)
            {
                yield return VerdictFor(policy);
            }
        }
    }

    /// <summary>Whether <paramref name="policy"/> was weighed against the reader's region: it covers the request and was reached.</summary>
    public bool WasDecided(CompiledPolicy policy) => _reached.Contains(policy.Index) && _covered.Contains(policy.Index);

    /// <summary>Whether <paramref name="policy"/> covers the request and acts on the reader's region (fail mode included).</summary>
    public bool AppliesToReader(CompiledPolicy policy) => _covered.Contains(policy.Index) && _applies.Contains(policy.Index);
}
