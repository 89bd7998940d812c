using System.Net;
using ContentGate.Tests.Infrastructure;

namespace ContentGate.Tests.Actions.Redirecting;

/// <summary>The Redirect action through the pipeline: where it sends a matched reader, never a loop, never the rest.</summary>
public sealed class RedirectTests
{
    private static Dictionary<string, string?> Configuration()
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Policies:no-donations:Regions:0"] = "russia-controlled";
        config["ContentGate:Policies:no-donations:Paths:0"] = "/articles";
        config["ContentGate:Policies:no-donations:ExcludePaths:0"] = "/articles/restricted-in-kazakhstan";
        config["ContentGate:Policies:no-donations:Action"] = "Redirect";
        config["ContentGate:Policies:no-donations:Redirect:Url"] = "/articles/not-available?from=ru";
        return config;
    }

    [Theory]
    [InlineData(null, 302)]
    [InlineData("307", 307)]
    public async Task RedirectPolicy_ForMatchingVisitor_RedirectsToConfiguredLocalPath(string? status, int expected)
    {
        var config = Configuration();
        config["ContentGate:Policies:no-donations:Redirect:StatusCode"] = status;
        await using var server = await GateServer.StartAsync(config);

        using var response = await server.GetAsync("/articles/donate", Fixtures.IPv4("UA-14"));

        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Equal("/articles/not-available?from=ru", response.Headers.Location?.OriginalString);
        Assert.True(response.Headers.CacheControl?.Private);
    }

    [Fact]
    public async Task RedirectPolicy_OnItsOwnTarget_NeverLoops()
    {
        await using var server = await GateServer.StartAsync(Configuration());

        using var response = await server.GetAsync("/articles/not-available", Fixtures.IPv4("RU"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The target still carries the notice: it is only never redirected, blocked or put behind an interstitial.
        Assert.Contains("data-contentgate-notice", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedirectPolicy_ForVisitorOutsideRegion_ServesContent()
    {
        await using var server = await GateServer.StartAsync(Configuration());

        using var response = await server.GetAsync("/articles/donate", Fixtures.IPv4("DE"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RedirectPolicy_ToAllowListedAbsoluteUrl_Redirects()
    {
        var config = Configuration();
        config["ContentGate:Policies:no-donations:Redirect:Url"] = "https://help.example.org/ru";
        config["ContentGate:AllowedRedirectHosts:0"] = "help.example.org";
        await using var server = await GateServer.StartAsync(config);

        using var response = await server.GetAsync("/articles/donate", Fixtures.IPv4("RU"));

        Assert.Equal("https://help.example.org/ru", response.Headers.Location?.OriginalString);
    }
}
