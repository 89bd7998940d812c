using System.Net;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContentGate.Tests.Caching;

/// <summary>
/// ContentGate with the framework's output cache and response cache, placed after it (the order the README
/// recommends) and in front of it, on Kestrel. Each app counts how often its page was rendered, so a test can tell a
/// cached answer from a fresh one.
/// </summary>
public sealed class CacheOrderTests
{
    public static TheoryData<string, string> ReaderPairs() => new()
    {
        { "GB", "RU" },
        { "RU", "GB" },
        { "DE", "UA-43" },
    };

    [Theory]
    [MemberData(nameof(ReaderPairs))]
    public async Task OutputCacheBeforeContentGate_NeverServesOneRegionsPageToAnother(string first, string second)
    {
        var rendered = 0;
        await using var app = await KestrelApp.StartAsync(GateServer.ContractConfiguration(), a =>
        {
            a.UseForwardedHeaders(KestrelApp.LocalProxy);
            a.UseOutputCache();
            a.UseContentGate();
            a.MapGet("/", (HttpContext c) => GateServer.Html(c, Page(Interlocked.Increment(ref rendered))));
            a.MapGet("/api/page", (HttpContext c) => GateServer.Html(c, Page(Interlocked.Increment(ref rendered))));
        }, b => b.Services.AddOutputCache(o => o.AddBasePolicy(p => p.Expire(TimeSpan.FromMinutes(5)))));

        foreach (var region in new[] { first, second, first, second })
        {
            using var response = await app.GetAsync("/", Fixtures.IPv4(region));
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(IsRussiaControlled(region) ? 1 : 0, KestrelApp.Count(html, "data-contentgate-notice"));
        }

        // Paths ContentGate does not cover are still cached: the cache works, it just never keeps a covered page.
        using var api1 = await app.GetAsync("/api/page", Fixtures.IPv4("DE"));
        using var api2 = await app.GetAsync("/api/page", Fixtures.IPv4("RU"));
        Assert.Equal(await api1.Content.ReadAsStringAsync(), await api2.Content.ReadAsStringAsync());
        Assert.Equal(5, rendered);

        var warning = Assert.Single(app.Logs.Entries, e => e.EventId.Name == "OutputCacheBeforeContentGate");
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains("app.UseOutputCache() after app.UseContentGate()", warning.Message, StringComparison.Ordinal);
        var health = await app.HealthAsync();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Equal(4L, health.Data["pipeline.output_cache_before_contentgate"]);
    }

    [Fact]
    public async Task OutputCacheBeforeContentGate_NeverStoresAnInterstitialOrA451()
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Policies:read-first:Regions:0"] = "RU";
        config["ContentGate:Policies:read-first:Paths:0"] = "/investigations";
        config["ContentGate:Policies:read-first:Action"] = "Acknowledge";
        config["ContentGate:Policies:read-first:Acknowledge:Html"] = "<p>Read this first.</p>";
        await using var app = await KestrelApp.StartAsync(config, a =>
        {
            a.UseForwardedHeaders(KestrelApp.LocalProxy);
            a.UseOutputCache();
            a.UseContentGate();
            a.MapGet("/investigations/{slug}", (HttpContext c) => GateServer.Html(c, "<body>investigation</body>"));
            a.MapGet("/articles/{slug}", (HttpContext c) => GateServer.Html(c, "<body>article</body>"));
        }, b => b.Services.AddOutputCache(o => o.AddBasePolicy(p => p.Expire(TimeSpan.FromMinutes(5)))));

        using var interstitial = await app.GetAsync("/investigations/x", Fixtures.IPv4("RU"));
        using var content = await app.GetAsync("/investigations/x", Fixtures.IPv4("DE"));
        using var blocked = await app.GetAsync("/articles/restricted-in-kazakhstan", Fixtures.IPv4("KZ"));
        using var article = await app.GetAsync("/articles/restricted-in-kazakhstan", Fixtures.IPv4("DE"));
        using var blockedAgain = await app.GetAsync("/articles/restricted-in-kazakhstan", Fixtures.IPv4("KZ"));

        Assert.Contains("data-contentgate-acknowledge", await interstitial.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("<body>investigation</body>", await content.Content.ReadAsStringAsync());
        Assert.Equal(451, (int)blocked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, article.StatusCode);
        Assert.Equal(451, (int)blockedAgain.StatusCode);
    }

    [Fact]
    public async Task OutputCacheAfterContentGate_CachesTheAppsPage_AndContentGateRewritesItForEachReader()
    {
        var rendered = 0;
        await using var app = await KestrelApp.StartAsync(GateServer.ContractConfiguration(), a =>
        {
            a.UseForwardedHeaders(KestrelApp.LocalProxy);
            a.UseContentGate();
            a.UseOutputCache();
            a.MapGet("/", (HttpContext c) => GateServer.Html(c, Page(Interlocked.Increment(ref rendered))));
        }, b => b.Services.AddOutputCache(o => o.AddBasePolicy(p => p.Expire(TimeSpan.FromMinutes(5)))));

        foreach (var region in new[] { "GB", "RU", "GB", "UA-43", "DE" })
        {
            using var response = await app.GetAsync("/", Fixtures.IPv4(region));
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(IsRussiaControlled(region) ? 1 : 0, KestrelApp.Count(html, "data-contentgate-notice"));
            Assert.Contains("rendered 1", html, StringComparison.Ordinal);
        }

        Assert.Equal(1, rendered);
        await app.SettleAsync();
        Assert.DoesNotContain(app.Logs.Entries, e => e.Category.StartsWith("ContentGate", StringComparison.Ordinal) && e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.DoesNotContain((await app.HealthAsync()).Data.Keys, k => k.StartsWith("pipeline.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ResponseCachingBeforeContentGate_NeverServesOneRegionsPageToAnother(bool cdnCacheKeyIncludesRegion)
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Caching:CdnCacheKeyIncludesRegion"] = cdnCacheKeyIncludesRegion ? "true" : "false";
        var rendered = 0;
        await using var app = await KestrelApp.StartAsync(config, a =>
        {
            a.UseForwardedHeaders(KestrelApp.LocalProxy);
            a.UseResponseCaching();
            a.UseContentGate();
            a.MapGet("/", (HttpContext c) => CacheablePage(c, Interlocked.Increment(ref rendered)));
            a.MapGet("/api/page", (HttpContext c) => CacheablePage(c, Interlocked.Increment(ref rendered)));
        }, b => b.Services.AddResponseCaching());

        foreach (var region in new[] { "GB", "RU", "GB", "RU" })
        {
            using var response = await app.GetAsync("/", Fixtures.IPv4(region));
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(IsRussiaControlled(region) ? 1 : 0, KestrelApp.Count(html, "data-contentgate-notice"));
            Assert.True(response.Headers.CacheControl?.Private);
        }

        using var api1 = await app.GetAsync("/api/page", Fixtures.IPv4("DE"));
        using var api2 = await app.GetAsync("/api/page", Fixtures.IPv4("RU"));
        Assert.Equal(await api1.Content.ReadAsStringAsync(), await api2.Content.ReadAsStringAsync());
        Assert.Equal(5, rendered);
        Assert.Single(app.Logs.Entries, e => e.EventId.Name == "ResponseCachingBeforeContentGate");
    }

    private static bool IsRussiaControlled(string region) => Fixtures.RussiaControlled.Contains(region);

    private static string Page(int rendered) => $"<!DOCTYPE html><html><body><p>rendered {rendered}</p></body></html>";

    private static Task CacheablePage(HttpContext context, int rendered)
    {
        context.Response.Headers.CacheControl = "public, max-age=300";
        return GateServer.Html(context, Page(rendered));
    }
}
