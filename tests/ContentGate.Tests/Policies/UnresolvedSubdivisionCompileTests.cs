using System.Diagnostics.Metrics;
using ContentGate.Configuration;
using ContentGate.Diagnostics;
using ContentGate.MaxMind;
using ContentGate.Policies;
using ContentGate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static ContentGate.Tests.Infrastructure.StartupErrors;

namespace ContentGate.Tests.Policies;

/// <summary>
/// <c>Policies:&lt;name&gt;:UnresolvedSubdivision</c> as the compiler takes it: the countries a policy can meet unresolved
/// readers from, the default, and a start-up error where the setting could have no effect.
/// </summary>
public sealed class UnresolvedSubdivisionCompileTests
{
    [Fact]
    public void Policy_ListingSubdivisions_HasTheirCountryAsUnresolved_AndNoMatchByDefault()
    {
        var policy = Compile(new PolicyOptions { Regions = { "russia-controlled", "BY-HM" } }).Find("p")!;

        Assert.Equal(["BY", "UA"], policy.UnresolvedCountries.Order(StringComparer.Ordinal));
        Assert.Equal(UnresolvedSubdivision.NoMatch, policy.UnresolvedSubdivision);
        Assert.Equal(ContentGateDefaults.UnresolvedSubdivision, policy.UnresolvedSubdivision);
    }

    [Fact]
    public void Policy_ListingACountryWhole_HasNoUnresolvedReadersFromIt()
    {
        var policy = Compile(new PolicyOptions { Regions = { "UA", "UA-43", "RU" } }).Find("p")!;

        Assert.Empty(policy.UnresolvedCountries);
    }

    [Theory]
    [InlineData("Match", UnresolvedSubdivision.Match)]
    [InlineData("NoMatch", UnresolvedSubdivision.NoMatch)]
    [InlineData("FailMode", UnresolvedSubdivision.FailMode)]
    public async Task Setting_IsBoundFromConfiguration(string value, UnresolvedSubdivision expected)
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Policies:undesirable-organization:UnresolvedSubdivision"] = value;
        await using var server = await GateServer.StartAsync(config);

        var policy = server.Services.GetRequiredService<ContentGate.Hosting.ContentGateRuntime>().Current.Policies.Find("undesirable-organization")!;

        Assert.Equal(expected, policy.UnresolvedSubdivision);
    }

    [Fact]
    public async Task Startup_WithSettingOnPolicyWithoutSubdivisions_SaysItHasNoEffect()
    {
        var message = await StartupError(c => c["ContentGate:Policies:kz-court-order:UnresolvedSubdivision"] = "Match");

        AssertMentions(message, "ContentGate:Policies:kz-court-order:UnresolvedSubdivision: 'Match' has no effect", "no subdivision codes", "Remove the key");
    }

    [Fact]
    public async Task Startup_WithSettingOnPolicyListingTheCountryWhole_NamesTheCountry()
    {
        var message = await StartupError(c =>
        {
            c["ContentGate:Policies:undesirable-organization:Regions:1"] = "UA";
            c["ContentGate:Policies:undesirable-organization:UnresolvedSubdivision"] = "FailMode";
        });

        AssertMentions(message, "ContentGate:Policies:undesirable-organization:UnresolvedSubdivision: 'FailMode' has no effect", "also listed whole (UA)");
    }

    [Fact]
    public async Task Startup_WithUnknownValue_ListsTheValidOnes()
    {
        var message = await StartupError(c => c["ContentGate:Policies:undesirable-organization:UnresolvedSubdivision"] = "Maybe");

        AssertMentions(message, "ContentGate:Policies:undesirable-organization:UnresolvedSubdivision", "'Maybe'", "NoMatch, Match, FailMode");
    }

    private static PolicySet Compile(PolicyOptions policy)
    {
        var options = new ContentGateOptions();
        options.MaxMind.DatabasePath = Fixtures.CityDatabasePath;
        options.RegionSets["russia-controlled"] = [.. Fixtures.RussiaControlled];
        policy.Action = PolicyAction.Notice;
        policy.Notice.Html = "<p>p</p>";
        options.Policies["p"] = policy;
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        return new GateCompiler(new MaxMindDatabaseCache(), new ContentGateMetrics(meters), NullLoggerFactory.Instance).Compile(options).Policies;
    }
}
