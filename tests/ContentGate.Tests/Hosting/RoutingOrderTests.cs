using System.Net;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContentGate.Tests.Hosting;

/// <summary>
/// Endpoint rules (<c>RequireRegionPolicy</c>, <c>SkipContentGate</c>) with <c>UseContentGate</c> before and after an
/// explicit <c>UseRouting</c>, on Kestrel (whose connection implements the endpoint feature itself).
/// </summary>
public sealed class RoutingOrderTests
{
    private static Dictionary<string, string?> Configuration()
    {
        var config = GateServer.ContractConfiguration();

        // Only endpoint rules bring these policies to the endpoints below: their own paths are elsewhere.
        config["ContentGate:Policies:kz-court-order:Paths:0"] = "/never-matched";
        config["ContentGate:Policies:live-notice:Regions:0"] = "DE";
        config["ContentGate:Policies:live-notice:Paths:0"] = "/never-matched";
        config["ContentGate:Policies:live-notice:Action"] = "Notice";
        config["ContentGate:Policies:live-notice:Notice:Html"] = "<p>Live coverage notice.</p>";
        config["ContentGate:Policies:kz-redirect:Regions:0"] = "KZ";
        config["ContentGate:Policies:kz-redirect:Paths:0"] = "/never-matched";
        config["ContentGate:Policies:kz-redirect:Action"] = "Redirect";
        config["ContentGate:Policies:kz-redirect:Redirect:Url"] = "/elsewhere";
        return config;
    }

    private static void Endpoints(WebApplication app)
    {
        app.MapGet("/restricted", (HttpContext c) => GateServer.Html(c, GateServer.Page)).RequireRegionPolicy("kz-court-order");
        app.MapGet("/live", (HttpContext c) => GateServer.Html(c, GateServer.Page)).RequireRegionPolicy("live-notice");
        app.MapGet("/donate", (HttpContext c) => GateServer.Html(c, GateServer.Page)).RequireRegionPolicy("kz-redirect");
        app.MapGet("/embed", (HttpContext c) => GateServer.Html(c, GateServer.Page)).SkipContentGate();
        app.MapGet("/", (HttpContext c) => GateServer.Html(c, GateServer.Page));
    }

    public static TheoryData<bool> Orders() => new() { true, false };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task EndpointRules_ApplyWhetherContentGateRunsBeforeOrAfterRouting(bool contentGateFirst)
    {
        await using var app = await KestrelApp.StartAsync(Configuration(), a =>
        {
            a.UseForwardedHeaders(KestrelApp.LocalProxy);
            if (contentGateFirst)
            {
                a.UseContentGate();
                a.UseRouting();
            }
            else
            {
                a.UseRouting();
                a.UseContentGate();
            }

            Endpoints(a);
        });

        using var kazakh = await app.GetAsync("/restricted", Fixtures.IPv4("KZ"));
        Assert.Equal(451, (int)kazakh.StatusCode);
        Assert.Contains("rel=\"blocked-by\"", kazakh.Headers.GetValues("Link").Single(), StringComparison.Ordinal);

        using var german = await app.GetAsync("/restricted", Fixtures.IPv4("DE"));
        Assert.Equal(HttpStatusCode.OK, german.StatusCode);
        Assert.True(german.Headers.CacheControl?.Private);

        using var live = await app.GetAsync("/live", Fixtures.IPv4("DE"));
        var livePage = await live.Content.ReadAsStringAsync();
        Assert.Equal(1, KestrelApp.Count(livePage, "data-contentgate-notice=\"live-notice\""));
        Assert.True(live.Headers.CacheControl?.Private);

        // The path notice and the endpoint's notice, each once, for a reader both apply to... and the path notice
        // alone where the endpoint names none.
        using var russianLive = await app.GetAsync("/live", Fixtures.IPv4("RU"));
        var russianPage = await russianLive.Content.ReadAsStringAsync();
        Assert.Equal(1, KestrelApp.Count(russianPage, "data-contentgate-notice=\"undesirable-organization\""));
        Assert.Equal(0, KestrelApp.Count(russianPage, "data-contentgate-notice=\"live-notice\""));

        using var redirected = await app.GetAsync("/donate", Fixtures.IPv4("KZ"));
        Assert.Equal(HttpStatusCode.Found, redirected.StatusCode);
        Assert.Equal("/elsewhere", redirected.Headers.Location?.OriginalString);

        using var embed = await app.GetAsync("/embed", Fixtures.IPv4("RU"));
        Assert.Equal(GateServer.Page, await embed.Content.ReadAsStringAsync());

        await app.SettleAsync();
        var warnings = app.Logs.Entries.Where(e => e.EventId.Name == "RoutingAfterContentGate").ToList();
        if (contentGateFirst)
        {
            Assert.Single(warnings);
            Assert.Contains("app.UseContentGate() after app.UseRouting()", warnings[0].Message, StringComparison.Ordinal);
            var health = await app.HealthAsync();
            Assert.Equal(HealthStatus.Degraded, health.Status);
            Assert.True(health.Data.ContainsKey("pipeline.routing_after_contentgate"));
        }
        else
        {
            Assert.Empty(warnings);
            Assert.DoesNotContain((await app.HealthAsync()).Data.Keys, k => k.StartsWith("pipeline.", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task EndpointRules_WhenSomethingAfterContentGateHidesRoutingFromIt_AreReportedAsNotApplied()
    {
        await using var app = await KestrelApp.StartAsync(Configuration(), a =>
        {
            a.UseForwardedHeaders(KestrelApp.LocalProxy);
            a.UseContentGate();

            // A middleware of the app's that installs its own endpoint feature: routing then records the endpoint
            // where ContentGate cannot see it.
            a.Use((context, next) =>
            {
                context.Features.Set<IEndpointFeature>(new PlainEndpointFeature());
                return next(context);
            });
            a.UseRouting();
            Endpoints(a);
        });

        using var first = await app.GetAsync("/restricted", Fixtures.IPv4("KZ"));
        using var second = await app.GetAsync("/restricted", Fixtures.IPv4("KZ"));

        await app.SettleAsync();
        var error = Assert.Single(app.Logs.Entries, e => e.EventId.Name == "EndpointRulesNotApplied");
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, error.Level);
        Assert.Contains("/restricted", error.Message, StringComparison.Ordinal);
        var health = await app.HealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Equal(2L, health.Data["pipeline.endpoint_rules_not_applied"]);
    }

    private sealed class PlainEndpointFeature : IEndpointFeature
    {
        public Endpoint? Endpoint { get; set; }
    }
}
