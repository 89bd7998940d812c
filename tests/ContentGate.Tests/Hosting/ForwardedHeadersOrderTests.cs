using System.Net;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContentGate.Tests.Hosting;

/// <summary>
/// The framework's forwarded-headers middleware before ContentGate, after it, and trusting the wrong proxy, on Kestrel
/// with readers arriving through a proxy on 127.0.0.1.
/// </summary>
public sealed class ForwardedHeadersOrderTests
{
    [Fact]
    public async Task ForwardedHeadersBeforeContentGate_PlacesTheReader_AndReportsNothing()
    {
        await using var app = await KestrelApp.StartAsync(GateServer.ContractConfiguration(), a =>
        {
            a.UseForwardedHeaders(KestrelApp.LocalProxy);
            a.UseContentGate();
            a.MapGet("/region", (HttpContext c) => c.GetRegion().ToString());
        });

        using var response = await app.GetAsync("/region", Fixtures.IPv4("UA-43"));

        Assert.Equal("UA UA-43", await response.Content.ReadAsStringAsync());
        await app.SettleAsync();
        Assert.DoesNotContain(app.Logs.Entries, e => e.Category.StartsWith("ContentGate", StringComparison.Ordinal) && e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task ForwardedHeadersAfterContentGate_FailsSafe_IsLoggedAsErrorOnce_AndMakesTheHealthCheckUnhealthy()
    {
        await using var app = await KestrelApp.StartAsync(GateServer.ContractConfiguration(), a =>
        {
            a.UseContentGate();
            a.UseForwardedHeaders(KestrelApp.LocalProxy);
            a.MapGet("/", (HttpContext c) => GateServer.Html(c, GateServer.Page));
            a.MapGet("/articles/{slug}", (HttpContext c) => GateServer.Html(c, GateServer.Page));
        });
        using var metrics = new MetricCapture(app.Services);

        // ContentGate sees the proxy (127.0.0.1): every reader is unknown, so the notice's fail mode shows it to all...
        using var german = await app.GetAsync("/", Fixtures.IPv4("DE"));
        Assert.Contains("data-contentgate-notice", await german.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // ...and the Block's fail mode (Skip) lets the Kazakh reader through: counted, and reported below.
        using var kazakh = await app.GetAsync("/articles/restricted-in-kazakhstan", Fixtures.IPv4("KZ"));
        Assert.Equal(HttpStatusCode.OK, kazakh.StatusCode);
        Assert.Equal(1, metrics.Sum("contentgate.policy.decisions", "contentgate.decision", "fail_mode_skipped"));

        await app.SettleAsync();
        var error = Assert.Single(app.Logs.Entries, e => e.EventId.Name == "ForwardedHeadersAfterContentGate");
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, error.Level);
        Assert.Contains("app.UseForwardedHeaders(...) before app.UseContentGate()", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113", string.Join("\n", app.Logs.Entries), StringComparison.Ordinal);
        var health = await app.HealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Equal(2L, health.Data["pipeline.forwarded_headers_after_contentgate"]);
    }

    [Fact]
    public async Task ProxyThatNothingTrusts_IsReportedOnce_WithTheFix()
    {
        await using var app = await KestrelApp.StartAsync(GateServer.ContractConfiguration(), a =>
        {
            var options = KestrelApp.LocalProxy;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse("10.0.0.0/8"));
            a.UseForwardedHeaders(options);
            a.UseContentGate();
            a.MapGet("/region", (HttpContext c) => $"{c.GetRegion()}|{c.Features.Get<ContentGate.Regions.IRegionFeature>()?.UnknownReason}");
        });

        using var first = await app.GetAsync("/region", Fixtures.IPv4("RU"));
        using var second = await app.GetAsync("/region", Fixtures.IPv4("RU"));

        Assert.Equal("Unknown|NonPublicAddress", await first.Content.ReadAsStringAsync());
        await app.SettleAsync();
        var warning = Assert.Single(app.Logs.Entries, e => e.EventId.Name == "ProxyNotTrusted");
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains("KnownIPNetworks", warning.Message, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Degraded, (await app.HealthAsync()).Status);
    }

    [Fact]
    public async Task ForwardedHeader_FromAPublicClientWithoutProxy_IsNotAProblem()
    {
        await using var app = await KestrelApp.StartAsync(GateServer.ContractConfiguration(), a =>
        {
            // The connection is the reader's own public address; a forged X-Forwarded-For is just ignored.
            a.Use((context, next) =>
            {
                context.Connection.RemoteIpAddress = Fixtures.IPv4("DE");
                return next(context);
            });
            a.UseContentGate();
            a.MapGet("/region", (HttpContext c) => c.GetRegion().ToString());
        });

        using var response = await app.GetAsync("/region", Fixtures.IPv4("RU"));

        await app.SettleAsync();
        Assert.Equal("DE", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(app.Logs.Entries, e => e.Category.StartsWith("ContentGate", StringComparison.Ordinal) && e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }
}
