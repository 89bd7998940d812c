using System.Diagnostics.Metrics;
using ContentGate.Configuration;
using ContentGate.Decisions;
using ContentGate.Diagnostics;
using ContentGate.Endpoints;
using ContentGate.MaxMind;
using ContentGate.Policies;
using ContentGate.Regions;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContentGate.Tests.Decisions;

/// <summary>
/// The evaluator alone, on policies compiled by the real compiler: precedence, coverage, exemptions, fail modes and
/// what the reader lifted — the rules the middleware, the command-line tool and the views all take from it.
/// </summary>
public sealed class GateEvaluatorTests
{
    // All four actions on one path, each for Russia; names chosen so that name order is not precedence order.
    private static readonly Lazy<PolicySet> Policies = new(() =>
    {
        var options = new ContentGateOptions();
        options.MaxMind.DatabasePath = Fixtures.CityDatabasePath;
        options.Policies["a-notice"] = new PolicyOptions { Regions = { "RU" }, Paths = { "/articles" }, Action = PolicyAction.Notice, Notice = { Html = "<p>a</p>", Dismissible = true } };
        options.Policies["b-acknowledge"] = new PolicyOptions { Regions = { "RU" }, Paths = { "/articles" }, Action = PolicyAction.Acknowledge, Acknowledge = { Html = "<p>b</p>" } };
        options.Policies["c-redirect"] = new PolicyOptions { Regions = { "RU" }, Paths = { "/articles" }, ExcludePaths = { "/articles/open/free" }, Action = PolicyAction.Redirect, Redirect = { Url = "/elsewhere" } };
        options.Policies["d-block"] = new PolicyOptions { Regions = { "RU" }, Paths = { "/articles" }, ExcludePaths = { "/articles/open" }, Action = PolicyAction.Block, Block = { BlockedBy = "/legal" } };
        options.Policies["e-live"] = new PolicyOptions { Regions = { "KZ" }, Paths = { "/never" }, Action = PolicyAction.Block };
        options.ExemptPaths.Add("/healthz");
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        return new GateCompiler(new MaxMindDatabaseCache(), new ContentGateMetrics(meters), NullLoggerFactory.Instance).Compile(options).Policies;
    });

    private static readonly Region Russia = Region.Create("RU");

    [Fact]
    public void Block_AnswersBeforeRedirectAcknowledgeAndNotice_WhateverTheirNames()
    {
        var decision = Evaluate(Russia, "/articles/x");

        Assert.Equal(GateOutcome.Block, decision.Outcome);
        Assert.Equal("d-block", decision.Answering?.Name);
        Assert.Equal(VerdictKind.Applies, Verdict(decision, "d-block"));
        Assert.Equal(VerdictKind.NotReached, Verdict(decision, "c-redirect"));
        Assert.Equal(VerdictKind.NotReached, Verdict(decision, "a-notice"));
        Assert.True(decision.Notices.IsEmpty);
    }

    [Fact]
    public void Redirect_AnswersWhenTheBlockDoesNotCover_AndAcknowledgeComesAfterIt()
    {
        var redirected = Evaluate(Russia, "/articles/open");
        var acknowledged = Evaluate(Russia, "/articles/open/free", new Choices(acknowledged: "none"));

        Assert.Equal(GateOutcome.Redirect, redirected.Outcome);
        Assert.Equal(VerdictKind.Excluded, Verdict(redirected, "d-block"));
        Assert.Equal(GateOutcome.Interstitial, acknowledged.Outcome);
        Assert.Equal("b-acknowledge", acknowledged.Answering?.Name);
    }

    [Fact]
    public void LiftedPolicies_AreNeitherAnsweringNorInserted_ButStillApply()
    {
        var decision = Evaluate(Russia, "/articles/open/free", new Choices(acknowledged: "b-acknowledge", dismissed: "a-notice"));

        Assert.Equal(GateOutcome.Pass, decision.Outcome);
        Assert.Equal(VerdictKind.Acknowledged, Verdict(decision, "b-acknowledge"));
        Assert.Equal(VerdictKind.Dismissed, Verdict(decision, "a-notice"));
        Assert.True(decision.AppliesToReader(Policies.Value.Find("a-notice")!));
        Assert.True(decision.NoticeCovered);
    }

    [Fact]
    public void NoticeOnlyPath_IsNeverBlockedRedirectedOrInterstitial_ButGetsNotices()
    {
        // /legal is d-block's local BlockedBy page.
        var policies = Policies.Value;
        var decision = GateEvaluator.Evaluate(policies, Russia, "/legal", endpoint: null, new Choices());

        Assert.Contains("/legal", policies.NoticeOnlyPaths);
        Assert.Equal(GateOutcome.Pass, decision.Outcome);
        Assert.False(decision.GatedCovered);
        Assert.Equal(VerdictKind.NotCovered, Verdict(decision, "d-block"));
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/robots.txt")]
    [InlineData("/.well-known/security.txt")]
    [InlineData("/_contentgate/contentgate.css")]
    public void ExemptPath_IsCoveredByNoPolicy(string path)
    {
        var decision = Evaluate(Russia, path);

        Assert.True(decision.Exempt);
        Assert.False(decision.Covers);
        Assert.All(decision.Verdicts, v => Assert.Equal(VerdictKind.Exempt, v.Kind));
    }

    [Fact]
    public void UnknownRegion_FollowsEachPolicysFailMode()
    {
        var decision = Evaluate(Region.Unknown, "/articles/x", new Choices(acknowledged: "b-acknowledge"));

        // Block and Redirect skip unknown readers by default; Acknowledge and Notice apply.
        Assert.Equal(VerdictKind.Skipped, Verdict(decision, "d-block"));
        Assert.Equal(VerdictKind.Skipped, Verdict(decision, "c-redirect"));
        Assert.Equal(VerdictKind.Acknowledged, Verdict(decision, "b-acknowledge"));
        Assert.Equal(GateOutcome.Notices, decision.Outcome);
        Assert.True(decision.Notices.Contains(Policies.Value.Find("a-notice")!.NoticeIndex));
    }

    [Fact]
    public void EndpointNamingAPolicy_CoversTheRequest_AndEndpointNamedOnlyLeavesOutWhatThePathCovers()
    {
        var endpoint = new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new RegionPolicyAttribute("e-live", "d-block")), "live");
        var kazakhstan = Region.Create("KZ");

        var whole = GateEvaluator.Evaluate(Policies.Value, kazakhstan, "/live", endpoint, new Choices());
        var late = GateEvaluator.Evaluate(Policies.Value, kazakhstan, "/articles/x", endpoint, new Choices(), endpointNamedOnly: true);

        Assert.Equal("e-live", whole.Answering?.Name);
        Assert.Equal(VerdictKind.DoesNotApply, Verdict(whole, "d-block"));

        // d-block's own Paths cover /articles/x, so it was decided before routing: only e-live is new.
        Assert.Equal("e-live", late.Answering?.Name);
        Assert.Equal(VerdictKind.NotCovered, Verdict(late, "d-block"));
    }

    [Fact]
    public void EndpointThatSkipsContentGate_IsExempt()
    {
        var endpoint = new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(SkipContentGateAttribute.Instance), "embed");

        Assert.True(GateEvaluator.Evaluate(Policies.Value, Russia, "/articles/x", endpoint, new Choices()).Exempt);
    }

    private static GateDecision Evaluate(Region region, string path, Choices? choices = null)
        => GateEvaluator.Evaluate(Policies.Value, region, path, endpoint: null, choices ?? new Choices());

    private static VerdictKind Verdict(GateDecision decision, string policy) => decision.VerdictFor(Policies.Value.Find(policy)!).Kind;

    private readonly struct Choices(string? acknowledged = null, string? dismissed = null) : IReaderChoices
    {
        public bool HasDismissed(CompiledPolicy policy) => policy.Name == dismissed;

        public bool HasAcknowledged(CompiledPolicy policy) => policy.Name == acknowledged;
    }
}
