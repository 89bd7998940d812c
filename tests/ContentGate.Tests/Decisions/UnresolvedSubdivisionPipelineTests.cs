using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ContentGate.Tests.Infrastructure;

namespace ContentGate.Tests.Decisions;

/// <summary>
/// A Ukrainian reader whom the database knows only by country (the fixture's <c>UA</c> network), on a real pipeline:
/// what each <c>UnresolvedSubdivision</c> choice gives them, and the counter that tells the operator it happened.
/// </summary>
public sealed class UnresolvedSubdivisionPipelineTests
{
    private const string Counter = "contentgate.policy.unresolved_subdivisions";
    private const string OutcomeTag = "contentgate.unresolved_subdivision.outcome";

    [Theory]
    [InlineData(null, null, false, "no_match")]
    [InlineData("NoMatch", null, false, "no_match")]
    [InlineData("Match", null, true, "match")]
    [InlineData("Match", "Skip", true, "match")]
    [InlineData("FailMode", null, true, "fail_mode_applied")]      // a Notice's fail mode is Apply by default
    [InlineData("FailMode", "Skip", false, "fail_mode_skipped")]
    public async Task NoticeForRussiaControlledRegions_ReaderInUkraineWithoutSubdivision_GetsItAsConfigured(string? setting, string? failMode, bool noticed, string outcome)
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Policies:undesirable-organization:UnresolvedSubdivision"] = setting;
        config["ContentGate:Policies:undesirable-organization:FailMode"] = failMode;
        await using var server = await GateServer.StartAsync(config);
        using var metrics = new MetricCapture(server.Services);

        using var page = await server.GetAsync("/", Fixtures.IPv4("UA"));
        using var ipv6Page = await server.GetAsync("/", Fixtures.IPv6("UA"));
        using var kyiv = await server.GetAsync("/", Fixtures.IPv4("UA-30"));

        Assert.Equal(noticed, (await page.Content.ReadAsStringAsync()).Contains("data-contentgate-notice=\"undesirable-organization\"", StringComparison.Ordinal));
        Assert.Equal(noticed, (await ipv6Page.Content.ReadAsStringAsync()).Contains("data-contentgate-notice=\"undesirable-organization\"", StringComparison.Ordinal));
        Assert.Equal(GateServer.Page, await kyiv.Content.ReadAsStringAsync());

        // Once per request for the policy (the Kyiv reader has a subdivision, so is not counted); the Block policy lists
        // no subdivisions of Ukraine and is never counted.
        Assert.Equal(2, metrics.Sum(Counter, "contentgate.policy", "undesirable-organization"));
        Assert.Equal(2, metrics.Sum(Counter, OutcomeTag, outcome));
        Assert.Equal(0, metrics.Sum(Counter, "contentgate.policy", "kz-court-order"));
    }

    [Theory]
    [InlineData("FailMode", "Apply", HttpStatusCode.UnavailableForLegalReasons, "fail_mode_applied")]
    [InlineData("FailMode", null, HttpStatusCode.OK, "fail_mode_skipped")]   // a Block's fail mode is Skip by default
    [InlineData("Match", null, HttpStatusCode.UnavailableForLegalReasons, "match")]
    [InlineData(null, "Apply", HttpStatusCode.OK, "no_match")]
    public async Task BlockForCrimea_ReaderInUkraineWithoutSubdivision_IsBlockedAsConfigured(string? setting, string? failMode, HttpStatusCode expected, string outcome)
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Policies:crimea-court-order:Regions:0"] = "UA-43";
        config["ContentGate:Policies:crimea-court-order:Paths:0"] = "/articles/crimea";
        config["ContentGate:Policies:crimea-court-order:Action"] = "Block";
        config["ContentGate:Policies:crimea-court-order:FailMode"] = failMode;
        config["ContentGate:Policies:crimea-court-order:UnresolvedSubdivision"] = setting;

        // The notice policy lists Crimea too (and counts its own unresolved readers): keep it off this path.
        config["ContentGate:Policies:undesirable-organization:ExcludePaths:1"] = "/articles";
        await using var server = await GateServer.StartAsync(config);
        using var metrics = new MetricCapture(server.Services);

        using var unresolved = await server.GetAsync("/articles/crimea", Fixtures.IPv4("UA"));
        using var crimea = await server.GetAsync("/articles/crimea", Fixtures.IPv4("UA-43"));
        using var germany = await server.GetAsync("/articles/crimea", Fixtures.IPv4("DE"));

        Assert.Equal(expected, unresolved.StatusCode);
        Assert.Equal(HttpStatusCode.UnavailableForLegalReasons, crimea.StatusCode);
        Assert.Equal(HttpStatusCode.OK, germany.StatusCode);
        Assert.Equal(1, metrics.Sum(Counter, "contentgate.policy", "crimea-court-order"));
        Assert.Equal(1, metrics.Sum(Counter, OutcomeTag, outcome));
    }

    [Fact]
    public async Task RegionPolicyApplies_AgreesWithTheMiddleware_ForAnUnresolvedReader()
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Policies:undesirable-organization:UnresolvedSubdivision"] = "Match";
        await using var server = await GateServer.StartAsync(config, endpoints => endpoints.MapGet(
            "/applies",
            (HttpContext context) => context.RegionPolicyApplies("undesirable-organization") ? "yes" : "no"));

        using var response = await server.GetAsync("/applies", Fixtures.IPv4("UA"));

        Assert.Equal("yes", await response.Content.ReadAsStringAsync());
    }
}
