using System.Net;
using ContentGate.Fragments;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static ContentGate.Tests.Fragments.FragmentContext;

namespace ContentGate.Tests.Fragments;

/// <summary>
/// <c>&lt;region-gate hide-for|show-for="…"&gt;</c>, run as Razor runs it: a <see cref="TagHelperContext"/> and
/// <see cref="TagHelperOutput"/> built directly, on a request whose region the real snapshot resolved.
/// </summary>
public sealed class RegionGateTagHelperTests : IDisposable
{
    private readonly LogCapture _logs = new();

    public void Dispose() => _logs.Dispose();

    private async Task<(string Html, TagHelperOutput Output)> RenderAsync(HttpContext context, string? hideFor = null, string? showFor = null)
    {
        var attributes = new TagHelperAttributeList();
        if (hideFor is not null)
        {
            attributes.Add("hide-for", hideFor);
        }

        if (showFor is not null)
        {
            attributes.Add("show-for", showFor);
        }

        var tagHelper = new RegionGateTagHelper(Logger<RegionGateTagHelper>(_logs))
        {
            HideFor = hideFor,
            ShowFor = showFor,
            ViewContext = View(context),
        };
        var output = TagOutput("region-gate", attributes);

        await tagHelper.ProcessAsync(TagContext("region-gate", attributes), output);

        return (await FragmentContext.RenderAsync(output), output);
    }

    [Theory]
    [InlineData("RU")]
    [InlineData("UA-43")]
    [InlineData("UA-14")]
    public async Task RegionGate_WithVisitorInHiddenRegion_RemovesContent(string region)
    {
        var (html, output) = await RenderAsync(Request(Fixtures.IPv4(region)), hideFor: "russia-controlled");

        Assert.Equal(string.Empty, html);
        Assert.Null(output.TagName);
    }

    [Theory]
    [InlineData("UA-30")]
    [InlineData("DE")]
    [InlineData("KZ")]
    public async Task RegionGate_WithVisitorOutsideHiddenRegions_RendersContentWithoutTheElement(string region)
    {
        var (html, _) = await RenderAsync(Request(Fixtures.IPv6(region)), hideFor: "russia-controlled");

        Assert.Equal(ChildContent, html);
    }

    [Theory]
    [InlineData("RU", true)]
    [InlineData("UA-43", true)]
    [InlineData("UA-40", false)]
    [InlineData("UA-30", false)]
    [InlineData("DE", false)]
    public async Task RegionGate_ShowForCodes_RendersContentOnlyForListedRegions(string region, bool shown)
    {
        var (html, _) = await RenderAsync(Request(Fixtures.IPv4(region)), showFor: "RU, UA-43");

        Assert.Equal(shown ? ChildContent : string.Empty, html);
    }

    [Fact]
    public async Task RegionGate_WithListMixingSetsAndCodesInAnyCase_MatchesEach()
    {
        var (kz, _) = await RenderAsync(Request(Fixtures.IPv4("KZ")), hideFor: "Russia-Controlled kz");
        var (crimea, _) = await RenderAsync(Request(Fixtures.IPv4("UA-43")), hideFor: "Russia-Controlled kz");
        var (germany, _) = await RenderAsync(Request(Fixtures.IPv4("DE")), hideFor: "Russia-Controlled kz");

        Assert.Equal(string.Empty, kz);
        Assert.Equal(string.Empty, crimea);
        Assert.Equal(ChildContent, germany);
    }

    [Theory]
    [InlineData("192.0.2.250")]   // not in the database
    [InlineData("198.51.100.250")] // a record without a country
    [InlineData("10.1.2.3")]      // never looked up
    public async Task RegionGate_WithUnknownRegion_CountsVisitorAsInsideListedRegions(string address)
    {
        var visitor = IPAddress.Parse(address);

        var (hidden, _) = await RenderAsync(Request(visitor), hideFor: "russia-controlled");
        var (shown, _) = await RenderAsync(Request(visitor), showFor: "russia-controlled");

        Assert.Equal(string.Empty, hidden);
        Assert.Equal(ChildContent, shown);
    }

    [Fact]
    public async Task RegionGate_WithoutContentGate_CountsVisitorAsInsideAndLeavesCachingAlone()
    {
        var hideContext = RequestWithoutContentGate(Fixtures.IPv4("DE"));
        var showContext = RequestWithoutContentGate(Fixtures.IPv4("DE"));

        var (hidden, _) = await RenderAsync(hideContext, hideFor: "russia-controlled");
        var (shown, _) = await RenderAsync(showContext, showFor: "russia-controlled");

        Assert.Equal(string.Empty, hidden);
        Assert.Equal(ChildContent, shown);
        Assert.Equal(0, hideContext.Response.Headers.CacheControl.Count);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task RegionGate_OnRequestContentGateDidNotRunFor_StillReportsInvalidListWhenServicesAreRegistered()
    {
        var services = new ServiceCollection();
        services.AddContentGate(options => Configure(options));
        await using var provider = services.BuildServiceProvider();
        var context = RequestWithoutContentGate(Fixtures.IPv4("DE"));
        context.RequestServices = provider;

        var (valid, _) = await RenderAsync(context, hideFor: "russia-controlled");
        var (invalid, _) = await RenderAsync(context, hideFor: "russia-controlled, UK");

        Assert.Equal(string.Empty, valid);
        Assert.Equal(string.Empty, invalid);
        Assert.Equal(LogLevel.Error, Assert.Single(_logs.Entries, e => e.EventId.Name == "RegionGateListInvalid").Level);
        Assert.Equal(0, context.Response.Headers.CacheControl.Count);
    }

    [Fact]
    public async Task RegionGate_WithoutViewContext_CountsVisitorAsInsideAndDoesNotThrow()
    {
        var attributes = new TagHelperAttributeList { { "hide-for", "RU" } };
        var tagHelper = new RegionGateTagHelper(Logger<RegionGateTagHelper>(_logs)) { HideFor = "RU" };
        var output = TagOutput("region-gate", attributes);

        await tagHelper.ProcessAsync(TagContext("region-gate", attributes), output);

        Assert.Equal(string.Empty, await FragmentContext.RenderAsync(output));
    }

    [Theory]
    [InlineData("RU, UK", "'UK'", "Use 'GB'")]
    [InlineData("russia-controled", "'russia-controled'", "region set")]
    [InlineData(" , ", "is empty", "russia-controlled")]
    public async Task RegionGate_WithInvalidList_LogsErrorAndCountsVisitorAsInside(string list, string entry, string fix)
    {
        var context = Request(Fixtures.IPv4("DE"));

        var (hidden, _) = await RenderAsync(context, hideFor: list);
        var (shown, _) = await RenderAsync(Request(Fixtures.IPv4("DE")), showFor: list);

        Assert.Equal(string.Empty, hidden);
        Assert.Equal(ChildContent, shown);
        var errors = _logs.Entries.Where(e => e.EventId.Name == "RegionGateListInvalid").ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal(LogLevel.Error, e.Level));
        Assert.Contains("The hide-for attribute in /Pages/Article.cshtml", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("The show-for attribute in /Pages/Article.cshtml", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains(entry, errors[0].Message, StringComparison.Ordinal);
        Assert.Contains(fix, errors[0].Message, StringComparison.Ordinal);

        // The page does not depend on the region when the list cannot be read.
        Assert.Equal(0, context.Response.Headers.CacheControl.Count);
    }

    [Fact]
    public async Task RegionGate_WithBothAttributes_LogsErrorAndRemovesContent()
    {
        var (html, _) = await RenderAsync(Request(Fixtures.IPv4("DE")), hideFor: "RU", showFor: "DE");

        Assert.Equal(string.Empty, html);
        var error = Assert.Single(_logs.Entries, e => e.EventId.Name == "RegionGateConflictingLists");
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Contains("hide-for", error.Message, StringComparison.Ordinal);
        Assert.Contains("show-for", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegionGate_WithNeitherAttribute_LogsErrorAndRemovesContent()
    {
        var (html, _) = await RenderAsync(Request(Fixtures.IPv4("DE")));

        Assert.Equal(string.Empty, html);
        Assert.Equal(LogLevel.Error, Assert.Single(_logs.Entries, e => e.EventId.Name == "RegionGateListMissing").Level);
    }

    [Fact]
    public async Task RegionGate_Logs_NeverContainTheClientAddress()
    {
        var visitor = Fixtures.IPv4("UA-43");

        await RenderAsync(Request(visitor), hideFor: "russia-controlled");
        await RenderAsync(Request(visitor), hideFor: "RU, UK");
        await RenderAsync(Request(visitor), hideFor: "RU", showFor: "RU");

        Assert.NotEmpty(_logs.Entries);
        Assert.All(_logs.Entries, e => Assert.DoesNotContain(visitor.ToString(), e.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task RegionGate_OnAPageThatDependsOnTheRegion_MakesCacheControlPrivate()
    {
        var hiddenFor = Request(Fixtures.IPv4("RU"));
        var shownTo = Request(Fixtures.IPv4("DE"));
        var unknown = Request(Fixtures.AbsentAddress);

        await RenderAsync(hiddenFor, hideFor: "russia-controlled");
        await RenderAsync(shownTo, hideFor: "russia-controlled");
        await RenderAsync(unknown, hideFor: "russia-controlled");

        Assert.Equal("private", hiddenFor.Response.Headers.CacheControl.ToString());
        Assert.Equal("private", shownTo.Response.Headers.CacheControl.ToString());
        Assert.Equal("private", unknown.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task RegionGate_WithPublicCacheControl_KeepsBrowserDirectivesAndDropsSharedOnes()
    {
        var context = Request(Fixtures.IPv4("DE"));
        context.Response.Headers.CacheControl = "public, max-age=60, s-maxage=600";

        await RenderAsync(context, showFor: "russia-controlled");

        Assert.Equal("private, max-age=60", context.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task RegionGate_WhenCdnKeysByRegion_LeavesCacheControlAlone()
    {
        var context = Request(Fixtures.IPv4("RU"), CdnKeyedSnapshot);
        context.Response.Headers.CacheControl = "public, max-age=60";

        var (html, _) = await RenderAsync(context, hideFor: "russia-controlled");

        Assert.Equal(string.Empty, html);
        Assert.Equal("public, max-age=60", context.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task RegionGate_AfterResponseStarted_LeavesHeadersAloneAndStillGates()
    {
        var context = Request(Fixtures.IPv4("RU"));
        context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpResponseFeature>(new StartedResponseFeature());

        var (html, _) = await RenderAsync(context, hideFor: "russia-controlled");

        Assert.Equal(string.Empty, html);
        Assert.Equal(0, context.Response.Headers.CacheControl.Count);
    }

    [Fact]
    public async Task RegionGate_WithOutputCaching_KeepsThePageOutOfTheOutputCache()
    {
        var context = Request(Fixtures.IPv4("DE"), CdnKeyedSnapshot);
        var outputCache = new TestOutputCacheFeature(context);
        context.Features.Set<Microsoft.AspNetCore.OutputCaching.IOutputCacheFeature>(outputCache);

        await RenderAsync(context, hideFor: "russia-controlled");

        // Output caching ignores Cache-Control and does not key by region, whatever the CDN does.
        Assert.False(outputCache.Context.AllowCacheStorage);
    }

    private sealed class StartedResponseFeature : Microsoft.AspNetCore.Http.Features.HttpResponseFeature
    {
        public override bool HasStarted => true;
    }

    private sealed class TestOutputCacheFeature(HttpContext context) : Microsoft.AspNetCore.OutputCaching.IOutputCacheFeature
    {
        public Microsoft.AspNetCore.OutputCaching.OutputCacheContext Context { get; } = new() { HttpContext = context, AllowCacheStorage = true };
    }
}
