using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Tests.Actions.Notices;

/// <summary>Notice placements configured per policy, through the real pipeline.</summary>
public sealed class PlacementTests
{
    private const string Page = "<!DOCTYPE html><html><head><!-- contentgate:notice --></head><body><header>h</header><main><!-- contentgate:notice --><p>text</p></main></body></html>";

    private static Dictionary<string, string?> Configuration()
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Policies:b-bottom:Regions:0"] = "RU";
        config["ContentGate:Policies:b-bottom:Action"] = "Notice";
        config["ContentGate:Policies:b-bottom:Notice:Html"] = "<p>bottom</p>";
        config["ContentGate:Policies:b-bottom:Notice:Placement"] = "BeforeBodyEnd";
        config["ContentGate:Policies:c-marker:Regions:0"] = "RU";
        config["ContentGate:Policies:c-marker:Action"] = "Notice";
        config["ContentGate:Policies:c-marker:Notice:Html"] = "<p>marker</p>";
        config["ContentGate:Policies:c-marker:Notice:Placement"] = "Marker";
        return config;
    }

    [Fact]
    public async Task Notices_WithEachPlacement_GoWhereConfiguredInStableOrder()
    {
        await using var server = await GateServer.StartAsync(Configuration(), e => e.MapGet("/", (HttpContext c) => GateServer.Html(c, Page)));

        using var response = await server.GetAsync("/", Fixtures.IPv4("RU"));
        var html = await response.Content.ReadAsStringAsync();

        var expected = "<!DOCTYPE html><html><head><!-- contentgate:notice --></head><body>"
            + GateServer.Notice("undesirable-organization", "<p>Warning for visitors in Russia-controlled regions.</p>")
            + "<header>h</header><main><!-- contentgate:notice -->"
            + GateServer.Notice("c-marker", "<p>marker</p>", first: false)
            + "<p>text</p></main>"
            + GateServer.Notice("b-bottom", "<p>bottom</p>", first: false)
            + "</body></html>";
        Assert.Equal(expected, html);
    }

    [Fact]
    public async Task MarkerNotice_OnPageWithoutMarker_FallsBackBeforeBodyEndAndWarns()
    {
        await using var server = await GateServer.StartAsync(Configuration(), e => e.MapGet("/", (HttpContext c) => GateServer.Html(c, "<html><body><p>text</p></body></html>")));

        using var response = await server.GetAsync("/", Fixtures.IPv4("RU"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.EndsWith(
            "<p>text</p>" + GateServer.Notice("c-marker", "<p>marker</p>", first: false) + GateServer.Notice("b-bottom", "<p>bottom</p>", first: false) + "</body></html>",
            html,
            StringComparison.Ordinal);
        Assert.Contains(server.Logs.Entries, e => e.EventId.Name == "NoticePlacementFallback");
    }

    [Fact]
    public async Task BottomNoticeOnly_CarriesTheStyles()
    {
        var config = Configuration();
        config["ContentGate:Policies:undesirable-organization:Regions:0"] = "KZ";
        config["ContentGate:Policies:c-marker:Regions:0"] = "KZ";
        await using var server = await GateServer.StartAsync(config, e => e.MapGet("/", (HttpContext c) => GateServer.Html(c, "<html><body><p>text</p></body></html>")));

        using var response = await server.GetAsync("/", Fixtures.IPv4("RU"));

        Assert.Equal("<html><body><p>text</p>" + GateServer.Notice("b-bottom", "<p>bottom</p>") + "</body></html>", await response.Content.ReadAsStringAsync());
    }
}
