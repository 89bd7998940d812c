using System.Net;
using ContentGate.Regions;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContentGate.Tests.Documentation;

/// <summary>
/// The quick start's forwarded-headers line, run as written in front of ContentGate behind a proxy on the same
/// machine. The framework's middleware does the forwarding (no visitor simulation): the peer is loopback, as a
/// reverse proxy on the host would be, and the visitor is only in <c>X-Forwarded-For</c>.
/// </summary>
public sealed class QuickStartForwardedHeadersTests
{
    // The README's quick start; QuickStart_ReadmeSnippet_UsesTheTestedForwardedHeadersLine keeps the two in step.
    private static void QuickStartLine(WebApplication app)
        => app.UseForwardedHeaders(new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
        });

    // What the quick start said before: its options default to ForwardedHeaders.None, so nothing is forwarded.
    private static void BareCall(WebApplication app) => app.UseForwardedHeaders();

    [Fact]
    public async Task QuickStartLine_VisitorsBehindLoopbackProxy_ContentGateActsOnEachVisitor()
    {
        await using var app = await StartAsync(QuickStartLine);
        using var client = app.GetTestClient();

        Assert.Equal("RU|None", await GetStringAsync(client, "/region", Fixtures.IPv4("RU")));
        Assert.Contains(GateServer.ContractNotice, await GetStringAsync(client, "/", Fixtures.IPv4("RU")), StringComparison.Ordinal);
        Assert.DoesNotContain("data-contentgate-notice", await GetStringAsync(client, "/", Fixtures.IPv4("DE")), StringComparison.Ordinal);
        using var kazakh = await SendAsync(client, "/articles/restricted-in-kazakhstan", Fixtures.IPv4("KZ"));
        Assert.Equal(HttpStatusCode.UnavailableForLegalReasons, kazakh.StatusCode);
    }

    [Fact]
    public async Task BareUseForwardedHeaders_VisitorsBehindLoopbackProxy_ContentGateSeesOnlyTheProxy()
    {
        await using var app = await StartAsync(BareCall);
        using var client = app.GetTestClient();

        // Every visitor is the proxy: a loopback address, never looked up, so each policy's fail mode decides.
        Assert.Equal("Unknown|NonPublicAddress", await GetStringAsync(client, "/region", Fixtures.IPv4("RU")));
        Assert.Contains("data-contentgate-notice", await GetStringAsync(client, "/", Fixtures.IPv4("DE")), StringComparison.Ordinal);
        using var kazakh = await SendAsync(client, "/articles/restricted-in-kazakhstan", Fixtures.IPv4("KZ"));
        Assert.Equal(HttpStatusCode.OK, kazakh.StatusCode);
    }

    [Fact]
    public void QuickStart_ReadmeSnippet_UsesTheTestedForwardedHeadersLine()
    {
        var readme = ReadmeSnippets.Load();
        var quickStartHeading = readme.Text.ReplaceLineEndings("\n").Split('\n').ToList().IndexOf("## Quick start") + 1;
        var quickStart = readme.Snippets.First(s => s.Line > quickStartHeading);
        var code = string.Join(' ', quickStart.Code.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));

        Assert.True(quickStartHeading > 0, "README.md has no '## Quick start' heading.");
        Assert.Contains("using Microsoft.AspNetCore.HttpOverrides;", code, StringComparison.Ordinal);
        Assert.Contains(
            "app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, });",
            code,
            StringComparison.Ordinal);
        Assert.Contains("loopback", code, StringComparison.Ordinal);
        Assert.Contains("\"Behind proxies and CDNs\"", code, StringComparison.Ordinal);
    }

    // The quick start's Program.cs on TestServer, with the contract configuration on the fixture database.
    private static async Task<WebApplication> StartAsync(Action<WebApplication> useForwardedHeaders)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(GateServer.ContractConfiguration());
        builder.Services.AddContentGate();

        var app = builder.Build();

        // TestServer leaves RemoteIpAddress null, and ForwardedHeadersMiddleware trusts a null peer (a server that
        // reports none); Kestrel behind a reverse proxy on the same host reports loopback, the case the options trust.
        app.Use((context, next) =>
        {
            context.Connection.RemoteIpAddress = IPAddress.Loopback;
            return next(context);
        });
        useForwardedHeaders(app);
        app.UseContentGate();
        app.MapGet("/", (HttpContext context) => GateServer.Html(context, GateServer.Page));
        app.MapGet("/articles/{slug}", (HttpContext context) => GateServer.Html(context, GateServer.Page));
        app.MapGet("/region", (HttpContext context) =>
        {
            var feature = context.Features.GetRequiredFeature<IRegionFeature>();
            return $"{feature.Region}|{feature.UnknownReason}";
        });

        await app.StartAsync();
        return app;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, IPAddress visitor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", visitor.ToString());
        return await client.SendAsync(request);
    }

    private static async Task<string> GetStringAsync(HttpClient client, string path, IPAddress visitor)
    {
        using var response = await SendAsync(client, path, visitor);
        return await response.Content.ReadAsStringAsync();
    }
}
