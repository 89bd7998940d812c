using System.Text.RegularExpressions;
using ContentGate.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ContentGate.BrowserTests;

/// <summary>The notice as a visitor sees it: rendered, at the very top, above the site's own masthead.</summary>
public sealed class NoticeTests(SampleSiteFixture site, ITestOutputHelper output) : BrowserTest(site, output)
{
    private const string Notice = "[data-contentgate-notice]";

    [Fact]
    public async Task FrontPage_ForRussianVisitor_ShowsNoticeAtTopOfPage()
    {
        var (page, response) = await VisitAsync(DemoVisitors.Russia, "/", acceptLanguage: "ru-RU,ru;q=0.9");

        Assert.Equal(200, response.Status);
        await AssertNoticeIsFirstOnPageAsync(page);
        await Expect(page.Locator(Notice)).ToHaveAttributeAsync("lang", "ru");
        await UpdateDocsImageAsync(page, "docs/images/russian-visitor.png");
    }

    [Fact]
    public async Task FrontPage_ForCrimeanVisitor_ShowsNoticeAtTopOfPage()
    {
        var (page, response) = await VisitAsync(DemoVisitors.Crimea, "/");

        Assert.Equal(200, response.Status);
        await AssertNoticeIsFirstOnPageAsync(page);
    }

    [Theory]
    [InlineData(DemoVisitors.Germany)]
    [InlineData(DemoVisitors.Kyiv)]
    public async Task FrontPage_ForVisitorOutsideRussianControl_ShowsNoNotice(string address)
    {
        var (page, response) = await VisitAsync(address, "/");

        Assert.Equal(200, response.Status);
        // The page itself rendered, so the absence of the notice means something.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What the river port ledgers show" })).ToBeVisibleAsync();
        await Expect(page.Locator(Notice)).ToHaveCountAsync(0);

        // Nothing else was put above the site's own masthead either.
        var masthead = await page.Locator("header.masthead").BoundingBoxAsync() ?? throw new InvalidOperationException("The masthead has no box.");
        Assert.Equal(0, masthead.Y);
    }

    private static async Task AssertNoticeIsFirstOnPageAsync(IPage page)
    {
        var notice = page.Locator(Notice);
        await Expect(notice).ToHaveCountAsync(1);
        await Expect(notice).ToHaveAttributeAsync("data-contentgate-notice", "undesirable-organization");
        await Expect(notice).ToBeVisibleAsync();
        // The sample's wording, in whichever of its languages the notice is shown.
        await Expect(notice).ToContainTextAsync(new Regex("нежелательной организацией|undesirable organization"));

        // First in the DOM: the element right after <body>, not one the layout's comment or script produced.
        Assert.True(
            await page.Locator("body").EvaluateAsync<bool>("(body, selector) => body.firstElementChild?.matches(selector) === true", Notice),
            "The notice is not the first element in <body>.");

        // First on screen: flush with the top of the page, and the masthead starts below it.
        var noticeBox = await notice.BoundingBoxAsync() ?? throw new InvalidOperationException("The notice has no box.");
        var mastheadBox = await page.Locator("header.masthead").BoundingBoxAsync() ?? throw new InvalidOperationException("The masthead has no box.");
        Assert.InRange(noticeBox.Y, 0, 1);
        Assert.True(noticeBox.Height > 20, $"The notice is only {noticeBox.Height}px high.");
        Assert.True(
            mastheadBox.Y >= noticeBox.Y + noticeBox.Height - 1,
            $"The masthead (top {mastheadBox.Y}px) overlaps the notice (top {noticeBox.Y}px, height {noticeBox.Height}px).");
    }
}
