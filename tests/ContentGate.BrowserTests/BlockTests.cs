using ContentGate.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ContentGate.BrowserTests;

/// <summary>The 451 page as a browser renders it.</summary>
public sealed class BlockTests(SampleSiteFixture site, ITestOutputHelper output) : BrowserTest(site, output)
{
    [Fact]
    public async Task RestrictedArticle_ForKazakhVisitor_Renders451Page()
    {
        var (page, response) = await VisitAsync(DemoVisitors.Kazakhstan, "/articles/restricted-in-kazakhstan");

        Assert.Equal(451, response.Status);
        Assert.Contains("rel=\"blocked-by\"", await response.HeaderValueAsync("link"), StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Unavailable in Kazakhstan" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Read about the order" })).ToBeVisibleAsync();
        await Expect(page.GetByText("The grain contracts")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task RestrictedArticle_ForGermanVisitor_ShowsArticle()
    {
        var (page, response) = await VisitAsync(DemoVisitors.Germany, "/articles/restricted-in-kazakhstan");

        Assert.Equal(200, response.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The grain contracts" })).ToBeVisibleAsync();
    }
}
