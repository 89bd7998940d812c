using System.Net;
using System.Security.Claims;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ContentGate.Tests.Hosting;

public sealed class RedirectPreviewAndExemptTests
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

    [Fact]
    public async Task LocalBlockedByPage_IsNeverBlockedAndLinkIsAbsolute()
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Policies:kz-court-order:Paths:0"] = "/articles";
        config["ContentGate:Policies:kz-court-order:Block:BlockedBy"] = "/articles/legal";
        await using var server = await GateServer.StartAsync(config);

        using var blocked = await server.GetAsync("/articles/x", Fixtures.IPv4("KZ"));
        using var legal = await server.GetAsync("/articles/legal", Fixtures.IPv4("KZ"));

        Assert.Equal(451, (int)blocked.StatusCode);
        Assert.Equal("<http://localhost/articles/legal>; rel=\"blocked-by\"", Assert.Single(blocked.Headers.GetValues("Link")));
        Assert.Equal(HttpStatusCode.OK, legal.StatusCode);
    }

    [Theory]
    [InlineData("/robots.txt")]
    [InlineData("/.well-known/security.txt")]
    [InlineData("/healthz")]
    public async Task ExemptPath_IsNeverCovered(string path)
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Policies:kz-court-order:Paths:0"] = "/";
        config["ContentGate:ExemptPaths:0"] = "/healthz";
        await using var server = await GateServer.StartAsync(config, e => e.MapGet(path, () => "ok"));

        using var response = await server.GetAsync(path, Fixtures.IPv4("KZ"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.CacheControl);
    }

    [Theory]
    [InlineData("Development", "RU", true)]
    [InlineData("Development", "UA-43", true)]
    [InlineData("Production", "RU", false)]
    [InlineData("Staging", "RU", false)]
    public async Task Preview_InDevelopmentOnly_ShowsPageAsVisitorFromRegion(string environment, string region, bool honoured)
    {
        await using var server = await GateServer.StartAsync(GateServer.ContractConfiguration(), environment: environment);

        using var response = await server.GetAsync($"/region?contentgate-region={region}", Fixtures.IPv4("DE"));
        using var page = await server.GetAsync($"/?contentgate-region={region}", Fixtures.IPv4("DE"));

        var expectedRegion = region == "RU" ? "RU" : "UA UA-43";
        Assert.Equal(honoured ? $"{expectedRegion}|preview|None" : "DE|maxmind|None", await response.Content.ReadAsStringAsync());
        Assert.Equal(honoured, (await page.Content.ReadAsStringAsync()).Contains("data-contentgate-notice", StringComparison.Ordinal));
        if (honoured)
        {
            Assert.True(page.Headers.CacheControl?.NoStore);
        }
    }

    [Theory]
    [InlineData("editor", true)]
    [InlineData("reader", false)]
    [InlineData(null, false)]
    public async Task Preview_InProduction_IsAllowedOnlyToUsersSatisfyingPolicy(string? role, bool honoured)
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Preview:AuthorizationPolicy"] = "preview";
        await using var server = await GateServer.StartAsync(
            config,
            services: s => s.AddAuthorization(o => o.AddPolicy("preview", p => p.RequireRole("editor"))),
            beforeContentGate: app => app.Use((context, next) =>
            {
                // Stands in for an authentication handler: the test says who the user is.
                if (context.Request.Headers.TryGetValue("X-Test-Role", out var r))
                {
                    context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, r.ToString())], "test"));
                }

                return next(context);
            }));

        using var response = await server.GetAsync("/region?contentgate-region=KZ", Fixtures.IPv4("DE"), r =>
        {
            if (role is not null)
            {
                r.Headers.Add("X-Test-Role", role);
            }
        });

        Assert.Equal(honoured ? "KZ|preview|None" : "DE|maxmind|None", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Stylesheet_WithCspNonceInItems_IsInlinedWithNonce()
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Styling:NonceItemKey"] = "csp-nonce";
        await using var server = await GateServer.StartAsync(config, beforeContentGate: app => app.Use((context, next) =>
        {
            context.Items["csp-nonce"] = "abc123";
            return next(context);
        }));

        using var response = await server.GetAsync("/", Fixtures.IPv4("RU"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("<style nonce=\"abc123\">.contentgate-notice{", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link rel=\"stylesheet\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html.Replace("<script>var s = \"<body>\";</script>", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Styling_WithDefaultStylesOff_InsertsNoStyles()
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Styling:DefaultStyles"] = "false";
        await using var server = await GateServer.StartAsync(config);

        using var response = await server.GetAsync("/", Fixtures.IPv4("RU"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains(GateServer.BodyTag + "<section class=\"contentgate-notice\"", html, StringComparison.Ordinal);
    }
}
