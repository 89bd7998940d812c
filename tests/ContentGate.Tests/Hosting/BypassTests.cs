using System.Net;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContentGate.Tests.Hosting;

/// <summary>
/// Responses on covered paths that never pass through ContentGate: static files served before it, a missing
/// <c>UseContentGate</c>. ContentGate cannot act on what it never sees; it must say so.
/// </summary>
public sealed class BypassTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("contentgate-static-").FullName;

    public BypassTests()
    {
        var webRoot = Directory.CreateDirectory(Path.Combine(_root, "wwwroot")).FullName;
        File.WriteAllText(Path.Combine(webRoot, "about.html"), GateServer.Page);
        File.WriteAllText(Path.Combine(webRoot, "site.css"), "body { color: black; }");
        Directory.CreateDirectory(Path.Combine(webRoot, "articles", "restricted-in-kazakhstan"));
        File.WriteAllText(Path.Combine(webRoot, "articles", "restricted-in-kazakhstan", "index.html"), GateServer.Page);
    }

    [Fact]
    public async Task StaticFilesAfterContentGate_GetTheNotice_AndNothingIsReported()
    {
        await using var app = await KestrelApp.StartAsync(GateServer.ContractConfiguration(), a =>
        {
            a.UseForwardedHeaders(KestrelApp.LocalProxy);
            a.UseContentGate();
            a.UseStaticFiles();
        }, contentRoot: _root);

        using var page = await app.GetAsync("/about.html", Fixtures.IPv4("RU"));
        using var blocked = await app.GetAsync("/articles/restricted-in-kazakhstan/index.html", Fixtures.IPv4("KZ"));

        Assert.Contains(GateServer.BodyTag + GateServer.ContractNotice, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(451, (int)blocked.StatusCode);
        await app.SettleAsync();
        Assert.DoesNotContain((await app.HealthAsync()).Data.Keys, k => k.StartsWith("pipeline.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StaticHtmlServedBeforeContentGate_OnANoticePath_IsReportedOnce()
    {
        await using var app = await KestrelApp.StartAsync(GateServer.ContractConfiguration(), a =>
        {
            a.UseForwardedHeaders(KestrelApp.LocalProxy);
            a.UseStaticFiles();
            a.UseContentGate();
            a.MapGet("/", (HttpContext c) => GateServer.Html(c, GateServer.Page));
        }, contentRoot: _root);

        using var css = await app.GetAsync("/site.css", Fixtures.IPv4("RU"));
        await app.SettleAsync();
        Assert.DoesNotContain(app.Logs.Entries, e => e.EventId.Name == "NoticePathAnsweredWithoutContentGate");

        using var page = await app.GetAsync("/about.html", Fixtures.IPv4("RU"));
        using var again = await app.GetAsync("/about.html", Fixtures.IPv4("DE"));
        using var front = await app.GetAsync("/", Fixtures.IPv4("RU"));

        // What this order means: the static page went out as the file is. It is not silent.
        Assert.Equal(GateServer.Page, await page.Content.ReadAsStringAsync());
        Assert.Contains("data-contentgate-notice", await front.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await app.SettleAsync();
        var warning = Assert.Single(app.Logs.Entries, e => e.EventId.Name == "NoticePathAnsweredWithoutContentGate");
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains("/about.html", warning.Message, StringComparison.Ordinal);
        Assert.Contains("undesirable-organization", warning.Message, StringComparison.Ordinal);
        var health = await app.HealthAsync();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Equal(2L, health.Data["pipeline.notice_path_answered_without_contentgate"]);
    }

    [Fact]
    public async Task StaticFileServedBeforeContentGate_OnABlockedPath_IsAnError_AndUnhealthy()
    {
        await using var app = await KestrelApp.StartAsync(GateServer.ContractConfiguration(), a =>
        {
            a.UseForwardedHeaders(KestrelApp.LocalProxy);
            a.UseStaticFiles();
            a.UseContentGate();
        }, contentRoot: _root);

        using var page = await app.GetAsync("/articles/restricted-in-kazakhstan/index.html", Fixtures.IPv4("KZ"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        await app.SettleAsync();
        var error = Assert.Single(app.Logs.Entries, e => e.EventId.Name == "GatedPathAnsweredWithoutContentGate");
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, error.Level);
        Assert.Contains("kz-court-order", error.Message, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, (await app.HealthAsync()).Status);
    }

    [Fact]
    public async Task AppWithoutUseContentGate_IsReported()
    {
        await using var app = await KestrelApp.StartAsync(GateServer.ContractConfiguration(), a =>
        {
            a.UseForwardedHeaders(KestrelApp.LocalProxy);
            a.MapGet("/articles/{slug}", (HttpContext c) => GateServer.Html(c, GateServer.Page));
        });

        using var page = await app.GetAsync("/articles/restricted-in-kazakhstan", Fixtures.IPv4("KZ"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        await app.SettleAsync();
        Assert.Single(app.Logs.Entries, e => e.EventId.Name == "GatedPathAnsweredWithoutContentGate");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
