using System.Net;
using ContentGate.Tests.Fragments;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ContentGate.Tests;

/// <summary><c>HttpContext.IsInRegion</c> and <c>HttpContext.RegionPolicyApplies</c> from endpoint code, on a real pipeline.</summary>
public sealed class HttpContextPolicyExtensionsTests
{
    private static Dictionary<string, string?> Configuration()
    {
        var config = GateServer.ContractConfiguration();

        // Covers no path of its own: only endpoints that name it.
        config["ContentGate:Policies:donation-notice:Regions:0"] = "DE";
        config["ContentGate:Policies:donation-notice:Paths:0"] = "/nowhere";
        config["ContentGate:Policies:donation-notice:Action"] = "Notice";
        config["ContentGate:Policies:donation-notice:Notice:Html"] = "<p>Donations from Germany are tax-deductible.</p>";
        return config;
    }

    private static void Endpoints(IEndpointRouteBuilder e)
    {
        e.MapGet("/is-in", (HttpContext c, string regions) => Answer(() => c.IsInRegion(regions)));
        e.MapGet("/applies", (HttpContext c, string policy) => Answer(() => c.RegionPolicyApplies(policy)));
        e.MapGet("/api/applies", (HttpContext c, string policy) => Answer(() => c.RegionPolicyApplies(policy)));
        e.MapGet("/articles/restricted-in-kazakhstan", (HttpContext c, string policy) => Answer(() => c.RegionPolicyApplies(policy)));
        e.MapGet("/named/applies", (HttpContext c, string policy) => Answer(() => c.RegionPolicyApplies(policy))).RequireRegionPolicy("donation-notice");
        e.MapGet("/skipped/applies", (HttpContext c, string policy) => Answer(() => c.RegionPolicyApplies(policy))).SkipContentGate();
        e.MapGet("/skipped/is-in", (HttpContext c, string regions) => Answer(() => c.IsInRegion(regions))).SkipContentGate();
    }

    private static string Answer(Func<bool> question)
    {
        try
        {
            return question() ? "yes" : "no";
        }
        catch (ArgumentException e)
        {
            return "error: " + e.Message;
        }
    }

    private static async Task<string> AskAsync(GateServer server, string path, IPAddress visitor)
    {
        using var response = await server.GetAsync(path, visitor);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Theory]
    [InlineData("RU", "russia-controlled", "yes")]
    [InlineData("UA-43", "russia-controlled", "yes")]
    [InlineData("UA-30", "russia-controlled", "no")]
    [InlineData("UA-30", "UA", "yes")]
    [InlineData("UA-30", "ua-30", "yes")]
    [InlineData("KZ", "RU, KZ", "yes")]
    [InlineData("KZ", "russia-controlled BY", "no")]
    [InlineData("DE", "RU;UA-43", "no")]
    public async Task IsInRegion_WithVisitorAndList_AnswersWhetherVisitorIsListed(string region, string regions, string expected)
    {
        await using var server = await GateServer.StartAsync(Configuration(), Endpoints);

        var answer = await AskAsync(server, "/is-in?regions=" + Uri.EscapeDataString(regions), Fixtures.IPv4(region));

        Assert.Equal(expected, answer);
    }

    [Theory]
    [InlineData("192.0.2.250")]
    [InlineData("10.1.2.3")]
    public async Task IsInRegion_WithUnknownRegion_ReturnsFalse(string address)
    {
        await using var server = await GateServer.StartAsync(Configuration(), Endpoints);

        var answer = await AskAsync(server, "/is-in?regions=russia-controlled", IPAddress.Parse(address));

        Assert.Equal("no", answer);
    }

    [Theory]
    [InlineData("RU, UK", "'UK'", "Use 'GB'")]
    [InlineData("russia-controled", "'russia-controled'", "ContentGate:RegionSets")]
    [InlineData(",", "is empty", "\"RU, UA-43\"")]
    public async Task IsInRegion_WithInvalidList_ThrowsArgumentExceptionSayingWhatIsWrong(string regions, string entry, string fix)
    {
        await using var server = await GateServer.StartAsync(Configuration(), Endpoints);

        var answer = await AskAsync(server, "/is-in?regions=" + Uri.EscapeDataString(regions), Fixtures.IPv4("DE"));

        Assert.StartsWith("error: The region list", answer, StringComparison.Ordinal);
        Assert.Contains(entry, answer, StringComparison.Ordinal);
        Assert.Contains(fix, answer, StringComparison.Ordinal);
        Assert.Contains("(Parameter 'regions')", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IsInRegion_OnSkippedEndpoint_StillSeesTheRegion()
    {
        await using var server = await GateServer.StartAsync(Configuration(), Endpoints);

        var answer = await AskAsync(server, "/skipped/is-in?regions=russia-controlled", Fixtures.IPv4("UA-43"));

        Assert.Equal("yes", answer);
    }

    [Theory]
    [InlineData("RU", "undesirable-organization", "yes")]
    [InlineData("UA-43", "UNDESIRABLE-ORGANIZATION", "yes")]
    [InlineData("DE", "undesirable-organization", "no")]
    [InlineData("KZ", "kz-court-order", "no")] // the policy does not cover /applies
    public async Task RegionPolicyApplies_OnCoveredPath_FollowsRegions(string region, string policy, string expected)
    {
        await using var server = await GateServer.StartAsync(Configuration(), Endpoints);

        var answer = await AskAsync(server, "/applies?policy=" + policy, Fixtures.IPv4(region));

        Assert.Equal(expected, answer);
    }

    [Fact]
    public async Task RegionPolicyApplies_OnExcludedPath_ReturnsFalse()
    {
        await using var server = await GateServer.StartAsync(Configuration(), Endpoints);

        var answer = await AskAsync(server, "/api/applies?policy=undesirable-organization", Fixtures.IPv4("RU"));

        Assert.Equal("no", answer);
    }

    [Fact]
    public async Task RegionPolicyApplies_WithUnknownRegion_FollowsEachPolicysFailMode()
    {
        await using var server = await GateServer.StartAsync(Configuration(), Endpoints);

        var notice = await AskAsync(server, "/applies?policy=undesirable-organization", Fixtures.AbsentAddress);
        var block = await AskAsync(server, "/articles/restricted-in-kazakhstan?policy=kz-court-order", Fixtures.AbsentAddress);

        Assert.Equal("yes", notice); // Notice: Apply
        Assert.Equal("no", block);   // Block: Skip
    }

    [Fact]
    public async Task RegionPolicyApplies_OnEndpointNamingThePolicy_CoversItWhateverThePolicysPaths()
    {
        await using var server = await GateServer.StartAsync(Configuration(), Endpoints);

        var named = await AskAsync(server, "/named/applies?policy=donation-notice", Fixtures.IPv4("DE"));
        var notNamed = await AskAsync(server, "/applies?policy=donation-notice", Fixtures.IPv4("DE"));
        var otherRegion = await AskAsync(server, "/named/applies?policy=donation-notice", Fixtures.IPv4("US"));

        Assert.Equal("yes", named);
        Assert.Equal("no", notNamed);
        Assert.Equal("no", otherRegion);
    }

    [Fact]
    public async Task RegionPolicyApplies_OnEndpointNamingThePolicyUnderItsExcludePaths_ReturnsFalse()
    {
        var config = Configuration();
        config["ContentGate:Policies:donation-notice:ExcludePaths:0"] = "/named";
        await using var server = await GateServer.StartAsync(config, Endpoints);

        var answer = await AskAsync(server, "/named/applies?policy=donation-notice", Fixtures.IPv4("DE"));

        Assert.Equal("no", answer);
    }

    [Fact]
    public async Task RegionPolicyApplies_OnSkippedEndpoint_ReturnsFalse()
    {
        await using var server = await GateServer.StartAsync(Configuration(), Endpoints);

        var answer = await AskAsync(server, "/skipped/applies?policy=undesirable-organization", Fixtures.IPv4("RU"));

        Assert.Equal("no", answer);
    }

    [Fact]
    public async Task RegionPolicyApplies_WithUnknownPolicyName_ThrowsArgumentExceptionListingDefinedPolicies()
    {
        await using var server = await GateServer.StartAsync(Configuration(), Endpoints);

        var answer = await AskAsync(server, "/applies?policy=kz-court", Fixtures.IPv4("KZ"));

        Assert.Equal(
            "error: No region policy is named 'kz-court'. Defined policies: 'donation-notice', 'kz-court-order', 'undesirable-organization'. Policies are configured under ContentGate:Policies. (Parameter 'policyName')",
            answer);
    }

    [Fact]
    public async Task Extensions_InMiddlewareBeforeContentGate_ReturnFalseButStillRejectMistakes()
    {
        await using var server = await GateServer.StartAsync(Configuration(), Endpoints, beforeContentGate: app => app.Use(async (context, next) =>
        {
            if (context.Request.Path == "/early")
            {
                var answers = new[]
                {
                    Answer(() => context.IsInRegion("russia-controlled")),
                    Answer(() => context.RegionPolicyApplies("undesirable-organization")),
                    Answer(() => context.IsInRegion("UK")),
                    Answer(() => context.RegionPolicyApplies("nope")),
                };
                await context.Response.WriteAsync(string.Join("|", answers));
                return;
            }

            await next(context);
        }));

        var answer = await AskAsync(server, "/early", Fixtures.IPv4("RU"));

        var parts = answer.Split('|');
        Assert.Equal("no", parts[0]);
        Assert.Equal("no", parts[1]);
        Assert.StartsWith("error: The region list \"UK\" names 'UK'", parts[2], StringComparison.Ordinal);
        Assert.StartsWith("error: No region policy is named 'nope'.", parts[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Extensions_WithoutContentGateServices_ReturnFalse()
    {
        var context = FragmentContext.RequestWithoutContentGate(Fixtures.IPv4("RU"));

        Assert.False(context.IsInRegion("russia-controlled"));
        Assert.False(context.RegionPolicyApplies("undesirable-organization"));
    }

    [Fact]
    public void Extensions_WithNullArguments_Throw()
    {
        var context = FragmentContext.Request(Fixtures.IPv4("RU"));

        Assert.Throws<ArgumentNullException>(() => ((HttpContext)null!).IsInRegion("RU"));
        Assert.Throws<ArgumentNullException>(() => context.IsInRegion(null!));
        Assert.Throws<ArgumentNullException>(() => ((HttpContext)null!).RegionPolicyApplies("x"));
        Assert.Throws<ArgumentNullException>(() => context.RegionPolicyApplies(null!));
    }

    [Fact]
    public void Extensions_OnRequestWithSnapshot_AnswerFromThatSnapshot()
    {
        var context = FragmentContext.Request(Fixtures.IPv4("UA-43"));
        context.Request.Path = "/articles/x";
        context.RequestServices = new ServiceCollection().BuildServiceProvider();

        Assert.True(context.IsInRegion("russia-controlled"));
        Assert.True(context.RegionPolicyApplies("undesirable-organization"));
        Assert.False(context.RegionPolicyApplies("kz-court-order"));
    }
}
