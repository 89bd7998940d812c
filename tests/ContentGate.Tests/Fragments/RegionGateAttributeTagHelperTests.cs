using ContentGate.Fragments;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Logging;
using static ContentGate.Tests.Fragments.FragmentContext;

namespace ContentGate.Tests.Fragments;

/// <summary><c>contentgate-hide-for</c> / <c>contentgate-show-for</c> on any element.</summary>
public sealed class RegionGateAttributeTagHelperTests : IDisposable
{
    private const string HideFor = "contentgate-hide-for";
    private const string ShowFor = "contentgate-show-for";

    private readonly LogCapture _logs = new();

    public void Dispose() => _logs.Dispose();

    private async Task<(string Html, TagHelperOutput Output)> RenderAsync(HttpContext context, string? hideFor = null, string? showFor = null)
    {
        var attributes = new TagHelperAttributeList { { "class", "share" } };
        if (hideFor is not null)
        {
            attributes.Add(HideFor, hideFor);
        }

        if (showFor is not null)
        {
            attributes.Add(ShowFor, showFor);
        }

        var tagHelper = new RegionGateAttributeTagHelper(Logger<RegionGateAttributeTagHelper>(_logs))
        {
            HideFor = hideFor,
            ShowFor = showFor,
            ViewContext = View(context),
        };

        // Razor hands the output the same attributes, bound ones included, when it is built by hand like this.
        var output = TagOutput("div", new TagHelperAttributeList(attributes));
        output.PreElement.SetHtmlContent("<!-- before -->");
        output.PostElement.SetHtmlContent("<!-- after -->");

        await tagHelper.ProcessAsync(TagContext("div", attributes), output);

        return (await FragmentContext.RenderAsync(output), output);
    }

    [Theory]
    [InlineData("RU")]
    [InlineData("UA-43")]
    public async Task HideForAttribute_WithVisitorInHiddenRegion_RemovesTheWholeElement(string region)
    {
        var (html, output) = await RenderAsync(Request(Fixtures.IPv4(region)), hideFor: "russia-controlled");

        Assert.Equal(string.Empty, html);
        Assert.Null(output.TagName);
    }

    [Fact]
    public async Task HideForAttribute_WithVisitorOutside_KeepsElementAndRemovesOnlyTheAttribute()
    {
        var (html, output) = await RenderAsync(Request(Fixtures.IPv4("DE")), hideFor: "russia-controlled");

        Assert.Equal($"<!-- before --><div class=\"share\">{ChildContent}</div><!-- after -->", html);
        Assert.Equal("div", output.TagName);
        Assert.False(output.Attributes.ContainsName(HideFor));
    }

    [Theory]
    [InlineData("UA-43", true)]
    [InlineData("UA-30", false)]
    [InlineData("US", false)]
    public async Task ShowForAttribute_RendersElementOnlyForListedRegions(string region, bool shown)
    {
        var (html, output) = await RenderAsync(Request(Fixtures.IPv4(region)), showFor: "russia-controlled");

        Assert.Equal(shown ? $"<!-- before --><div class=\"share\">{ChildContent}</div><!-- after -->" : string.Empty, html);
        Assert.False(output.Attributes.ContainsName(ShowFor));
    }

    [Fact]
    public async Task HideForAttribute_WithUnknownRegion_RemovesTheElement()
    {
        var (html, _) = await RenderAsync(Request(Fixtures.AbsentAddress), hideFor: "russia-controlled");

        Assert.Equal(string.Empty, html);
    }

    [Fact]
    public async Task HideForAttribute_WithoutContentGate_RemovesTheElement()
    {
        var (hidden, _) = await RenderAsync(RequestWithoutContentGate(Fixtures.IPv4("DE")), hideFor: "russia-controlled");
        var (shown, _) = await RenderAsync(RequestWithoutContentGate(Fixtures.IPv4("DE")), showFor: "russia-controlled");

        Assert.Equal(string.Empty, hidden);
        Assert.Contains(ChildContent, shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HideForAttribute_WithInvalidList_LogsErrorNamingTheAttributeAndRemovesTheElement()
    {
        var (html, _) = await RenderAsync(Request(Fixtures.IPv4("DE")), hideFor: "russia-controlled, UK");

        Assert.Equal(string.Empty, html);
        var error = Assert.Single(_logs.Entries, e => e.EventId.Name == "RegionGateListInvalid");
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Contains("The contentgate-hide-for attribute in /Pages/Article.cshtml names 'UK'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Use 'GB'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowForAttribute_WithInvalidList_ShowsTheElementWithoutTheAttribute()
    {
        var (html, output) = await RenderAsync(Request(Fixtures.IPv4("DE")), showFor: "RUS");

        Assert.Contains(ChildContent, html, StringComparison.Ordinal);
        Assert.False(output.Attributes.ContainsName(ShowFor));
        Assert.Equal(LogLevel.Error, Assert.Single(_logs.Entries, e => e.EventId.Name == "RegionGateListInvalid").Level);
    }

    [Fact]
    public async Task Attributes_BothOnOneElement_LogErrorAndRemoveTheElement()
    {
        var (html, _) = await RenderAsync(Request(Fixtures.IPv4("DE")), hideFor: "RU", showFor: "DE");

        Assert.Equal(string.Empty, html);
        var error = Assert.Single(_logs.Entries, e => e.EventId.Name == "RegionGateConflictingLists");
        Assert.Contains("contentgate-hide-for", error.Message, StringComparison.Ordinal);
        Assert.Contains("contentgate-show-for", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HideForAttribute_OnAPageThatDependsOnTheRegion_MakesCacheControlPrivate()
    {
        var context = Request(Fixtures.IPv4("DE"));
        context.Response.Headers.CacheControl = "public, max-age=300";

        await RenderAsync(context, hideFor: "russia-controlled");

        Assert.Equal("private, max-age=300", context.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public void AttributeTagHelper_RunsAfterOtherTagHelpersOnTheElement()
    {
        var tagHelper = new RegionGateAttributeTagHelper(Logger<RegionGateAttributeTagHelper>(_logs));

        Assert.Equal(int.MaxValue, tagHelper.Order);
    }

    [Fact]
    public void TagHelpers_TargetTheDocumentedElementAndAttributes()
    {
        var element = Assert.Single(typeof(RegionGateTagHelper).GetCustomAttributes(typeof(HtmlTargetElementAttribute), false).Cast<HtmlTargetElementAttribute>());
        var attributes = typeof(RegionGateAttributeTagHelper).GetCustomAttributes(typeof(HtmlTargetElementAttribute), false).Cast<HtmlTargetElementAttribute>().ToList();

        Assert.Equal("region-gate", element.Tag);
        Assert.Equal(["contentgate-hide-for", "contentgate-show-for"], attributes.Select(a => a.Attributes).Order(StringComparer.Ordinal));
        Assert.All(attributes, a => Assert.Equal("*", a.Tag));
    }
}
