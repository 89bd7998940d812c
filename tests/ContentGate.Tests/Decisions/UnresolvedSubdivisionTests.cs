using System.Diagnostics.Metrics;
using ContentGate.Configuration;
using ContentGate.Decisions;
using ContentGate.Diagnostics;
using ContentGate.MaxMind;
using ContentGate.Policies;
using ContentGate.Regions;
using ContentGate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContentGate.Tests.Decisions;

/// <summary>
/// Readers with a country and no subdivision, for policies that list subdivisions of that country: what each
/// <c>UnresolvedSubdivision</c> choice (with each fail mode) makes of them, and that nobody else is touched by it.
/// </summary>
public sealed class UnresolvedSubdivisionTests
{
    // Every policy is a notice for Crimea and Sevastopol on every path, so all of them are decided for every request.
    private static readonly Lazy<PolicySet> Policies = new(() =>
    {
        var options = new ContentGateOptions();
        options.MaxMind.DatabasePath = Fixtures.CityDatabasePath;
        Add(options, "by-default", null, null);
        Add(options, "match", UnresolvedSubdivision.Match, null);
        Add(options, "match-skip", UnresolvedSubdivision.Match, PolicyFailMode.Skip);
        Add(options, "no-match", UnresolvedSubdivision.NoMatch, null);
        Add(options, "no-match-apply", UnresolvedSubdivision.NoMatch, PolicyFailMode.Apply);
        Add(options, "fail-mode-apply", UnresolvedSubdivision.FailMode, PolicyFailMode.Apply);
        Add(options, "fail-mode-skip", UnresolvedSubdivision.FailMode, PolicyFailMode.Skip);
        options.Policies["whole-country"] = new PolicyOptions { Regions = { "UA", "UA-43" }, Action = PolicyAction.Notice, Notice = { Html = "<p>w</p>" } };
        options.Policies["block-fail-mode"] = new PolicyOptions
        {
            Regions = { "UA-43" },
            Action = PolicyAction.Block,
            UnresolvedSubdivision = UnresolvedSubdivision.FailMode,
        };
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        return new GateCompiler(new MaxMindDatabaseCache(), new ContentGateMetrics(meters), NullLoggerFactory.Instance).Compile(options).Policies;
    });

    private static readonly Region Ukraine = Region.Create("UA");

    public static TheoryData<string, string> UnresolvedVerdicts() => new()
    {
        { "by-default", nameof(VerdictKind.DoesNotApply) },
        { "match", nameof(VerdictKind.Applies) },
        { "match-skip", nameof(VerdictKind.Applies) },
        { "no-match", nameof(VerdictKind.DoesNotApply) },
        { "no-match-apply", nameof(VerdictKind.DoesNotApply) },
        { "fail-mode-apply", nameof(VerdictKind.Applies) },
        { "fail-mode-skip", nameof(VerdictKind.Skipped) },
    };

    [Theory]
    [MemberData(nameof(UnresolvedVerdicts))]
    public void ReaderWithCountryAndNoSubdivision_GetsWhatTheSettingSays(string name, string kind)
    {
        var expected = Enum.Parse<VerdictKind>(kind);
        var policy = Policies.Value.Find(name)!;
        var decision = Evaluate(Ukraine);
        var verdict = decision.VerdictFor(policy);

        Assert.Equal(expected, verdict.Kind);
        Assert.True(verdict.UnresolvedSubdivision);
        Assert.Equal(expected == VerdictKind.Applies, decision.Notices.Contains(policy.NoticeIndex));
        Assert.Equal(expected == VerdictKind.Applies, policy.AppliesTo(Ukraine));
    }

    [Fact]
    public void BlockWithFailModeSetting_FollowsItsDefaultFailMode_Skip()
    {
        var decision = Evaluate(Ukraine);

        Assert.Equal(GateOutcome.Notices, decision.Outcome);
        Assert.Equal(VerdictKind.Skipped, decision.VerdictFor(Policies.Value.Find("block-fail-mode")!).Kind);
    }

    [Theory]
    [InlineData("UA-30")]   // another subdivision of the country, not listed
    [InlineData("RU")]      // a country none of the policies lists subdivisions of
    public void ReaderOutsideTheListedRegions_IsNotUnresolved_AndNoPolicyApplies(string code)
    {
        var region = code.Contains('-', StringComparison.Ordinal) ? Region.Create(code[..2], code) : Region.Create(code);
        var decision = Evaluate(region);

        Assert.All(decision.Verdicts, v =>
        {
            Assert.False(v.UnresolvedSubdivision, v.Policy.Name);
            Assert.Equal(v.Policy.Name == "whole-country" && code == "UA-30" ? VerdictKind.Applies : VerdictKind.DoesNotApply, v.Kind);
        });
    }

    [Fact]
    public void ReaderInAListedSubdivision_MatchesEveryPolicy_WhateverTheSetting()
    {
        var decision = Evaluate(Region.Create("UA", "UA-43"));

        Assert.Equal(GateOutcome.Block, decision.Outcome);
        Assert.All(decision.Verdicts, v => Assert.False(v.UnresolvedSubdivision, v.Policy.Name));
        Assert.Equal(VerdictKind.Applies, decision.VerdictFor(Policies.Value.Find("block-fail-mode")!).Kind);
    }

    [Fact]
    public void PolicyListingTheCountryWhole_MatchesTheReader_WithoutCallingThemUnresolved()
    {
        var verdict = Evaluate(Ukraine).VerdictFor(Policies.Value.Find("whole-country")!);

        Assert.Equal(VerdictKind.Applies, verdict.Kind);
        Assert.False(verdict.UnresolvedSubdivision);
    }

    [Fact]
    public void UnknownRegion_IsLeftToTheFailMode_NotToTheSetting()
    {
        var decision = Evaluate(Region.Unknown);

        Assert.Equal(VerdictKind.Applies, decision.VerdictFor(Policies.Value.Find("no-match-apply")!).Kind);
        Assert.Equal(VerdictKind.Skipped, decision.VerdictFor(Policies.Value.Find("match-skip")!).Kind);
        Assert.All(decision.Verdicts, v => Assert.False(v.UnresolvedSubdivision, v.Policy.Name));
    }

    [Fact]
    public void DecidingAnUnresolvedReader_AllocatesNothing()
    {
        var policies = Policies.Value;
        var outcome = GateOutcome.Pass;

        var allocated = Allocations.Fewest(() => outcome = GateEvaluator.Evaluate(policies, Ukraine, "/x", endpoint: null, default(NoReaderChoices)).Outcome);

        Assert.Equal(GateOutcome.Notices, outcome);
        Assert.Equal(0, allocated);
    }

    private static void Add(ContentGateOptions options, string name, UnresolvedSubdivision? setting, PolicyFailMode? failMode)
        => options.Policies[name] = new PolicyOptions
        {
            Regions = { "UA-43", "UA-40" },
            Action = PolicyAction.Notice,
            FailMode = failMode,
            UnresolvedSubdivision = setting,
            Notice = { Html = $"<p>{name}</p>" },
        };

    private static GateDecision Evaluate(Region region)
        => GateEvaluator.Evaluate(Policies.Value, region, "/x", endpoint: null, default(NoReaderChoices));
}
