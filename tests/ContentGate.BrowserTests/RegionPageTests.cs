using ContentGate.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ContentGate.BrowserTests;

/// <summary>The sample's /region page shows what ContentGate resolved for the visitor.</summary>
public sealed class RegionPageTests(SampleSiteFixture site, ITestOutputHelper output) : BrowserTest(site, output)
{
    [Theory]
    [InlineData(DemoVisitors.Crimea, "UA UA-43")]
    [InlineData(DemoVisitors.Russia, "RU")]
    [InlineData(DemoVisitors.Germany, "DE")]
    public async Task RegionPage_ForVisitor_ShowsResolvedRegion(string address, string region)
    {
        var (page, response) = await VisitAsync(address, "/region");

        Assert.Equal(200, response.Status);
        await Expect(page.Locator("[data-region]")).ToHaveTextAsync(region);
    }
}
