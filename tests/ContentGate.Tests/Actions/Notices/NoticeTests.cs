using System.Net;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Tests.Actions.Notices;

public sealed class NoticeTests : IAsyncLifetime
{
    private static readonly string NoticeElement = GateServer.ContractNotice;

    private GateServer _server = null!;

    public async Task InitializeAsync() => _server = await GateServer.StartAsync(GateServer.ContractConfiguration());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, bool> RussiaControlledVisitors()
    {
        var data = new TheoryData<string, bool>();
        foreach (var region in Fixtures.RussiaControlled)
        {
            data.Add(region, false);
            data.Add(region, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RussiaControlledVisitors))]
    public async Task Request_FromRussiaControlledRegion_InsertsNoticeRightAfterBodyTag(string region, bool ipv6)
    {
        var visitor = ipv6 ? Fixtures.IPv6(region) : Fixtures.IPv4(region);

        using var response = await _server.GetAsync("/", visitor);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GateServer.Page.Replace(GateServer.BodyTag, GateServer.BodyTag + NoticeElement, StringComparison.Ordinal), html);
    }

    [Theory]
    [InlineData("UA-30", false)] // Kyiv
    [InlineData("UA-30", true)]
    [InlineData("UA", false)]    // Ukraine, no subdivision known
    [InlineData("UA", true)]
    [InlineData("DE", false)]
    [InlineData("DE", true)]
    [InlineData("KZ", false)]
    [InlineData("GB", false)]
    [InlineData("US", true)]
    public async Task Request_FromOutsideTheRegionSet_LeavesPageUntouched(string region, bool ipv6)
    {
        var visitor = ipv6 ? Fixtures.IPv6(region) : Fixtures.IPv4(region);

        using var response = await _server.GetAsync("/", visitor);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GateServer.Page, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_FromIPv4MappedIPv6Address_IsLookedUpAsIPv4()
    {
        var mapped = Fixtures.IPv4("UA-43").MapToIPv6();

        using var response = await _server.GetAsync("/", mapped);

        Assert.Contains(NoticeElement, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/page")]
    [InlineData("/API/page")]
    public async Task Request_ToExcludedPath_LeavesPageUntouched(string path)
    {
        using var response = await _server.GetAsync(path, Fixtures.IPv4("RU"));

        Assert.Equal(GateServer.Page, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_FromMatchingVisitor_PublishesRegionFeatureWithSource()
    {
        using var response = await _server.GetAsync("/region", Fixtures.IPv4("UA-43"));

        Assert.Equal("UA UA-43|maxmind|None", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_WithoutClientAddress_PublishesUnknownRegionWithReason()
    {
        using var response = await _server.GetAsync("/region", visitor: null);

        Assert.Equal("Unknown||NoClientAddress", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_FromMatchingVisitor_LogsNeitherTheAddressNorAnyPartOfIt()
    {
        var v4 = Fixtures.IPv4("RU");
        var v6 = Fixtures.IPv6("UA-43");

        (await _server.GetAsync("/", v4)).Dispose();
        (await _server.GetAsync("/", v6)).Dispose();
        (await _server.GetAsync("/articles/restricted-in-kazakhstan", Fixtures.IPv4("KZ"))).Dispose();

        Assert.Contains(_server.Logs.Entries, e => e.Category.StartsWith("ContentGate", StringComparison.Ordinal));
        foreach (var entry in _server.Logs.Entries)
        {
            var text = entry.ToString();
            Assert.DoesNotContain(v4.ToString(), text, StringComparison.Ordinal);
            Assert.DoesNotContain(v6.ToString(), text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Fixtures.IPv4("KZ").ToString(), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Request_WithSeveralMatchingNoticePolicies_InsertsEachOnceInNameOrder()
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Policies:a-first:Regions:0"] = "UA-43";
        config["ContentGate:Policies:a-first:Action"] = "Notice";
        config["ContentGate:Policies:a-first:Notice:Html"] = "<p>first</p>";
        await using var server = await GateServer.StartAsync(config);

        using var response = await server.GetAsync("/", Fixtures.IPv4("UA-43"));
        var html = await response.Content.ReadAsStringAsync();

        var expected = GateServer.BodyTag
            + GateServer.Notice("a-first", "<p>first</p>")
            + GateServer.Notice("undesirable-organization", "<p>Warning for visitors in Russia-controlled regions.</p>", first: false);
        Assert.Contains(expected, html, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "data-contentgate-notice=\"a-first\""));
    }

    [Theory]
    [InlineData("/articles", "/articles", true)]
    [InlineData("/articles", "/articles/x", true)]
    [InlineData("/articles", "/ARTICLES/x", true)]
    [InlineData("/articles", "/articlesx", false)]
    [InlineData("/articles/", "/articles/x", true)]
    public async Task Request_ToPath_MatchesWholeSegmentsOnly(string configured, string requested, bool noticeExpected)
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Policies:undesirable-organization:Paths:0"] = configured;
        await using var server = await GateServer.StartAsync(config);

        using var response = await server.GetAsync(requested, Fixtures.IPv4("RU"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(noticeExpected, html.Contains(NoticeElement, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_WithLargeStreamedPage_InsertsNoticeAndKeepsEveryByte()
    {
        var chunk = new string('x', 8191) + "\n";
        await using var server = await GateServer.StartAsync(GateServer.ContractConfiguration(), e => e.MapGet("/", async (HttpContext c) =>
        {
            c.Response.ContentType = "text/html";
            await c.Response.WriteAsync("<html><head></head><bo");
            await c.Response.Body.FlushAsync();
            await c.Response.WriteAsync("dy>");
            for (var i = 0; i < 1024; i++)
            {
                await c.Response.WriteAsync(chunk);
            }

            await c.Response.WriteAsync("</body></html>");
        }));

        using var response = await server.GetAsync("/", Fixtures.IPv4("RU"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.StartsWith("<html><head></head><body>" + NoticeElement + "xxx", html, StringComparison.Ordinal);
        Assert.Equal("<html><head></head><body>".Length + NoticeElement.Length + (1024 * 8192) + "</body></html>".Length, html.Length);
    }
}
