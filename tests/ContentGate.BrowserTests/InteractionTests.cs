using System.Text.RegularExpressions;
using ContentGate.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ContentGate.BrowserTests;

/// <summary>What readers do with ContentGate's controls, in a real browser: dismiss, acknowledge, follow redirects.</summary>
public sealed class InteractionTests(SampleSiteFixture site, ITestOutputHelper output) : BrowserTest(site, output)
{
    private const string Notice = "[data-contentgate-notice]";

    [Fact]
    public async Task Notice_DismissedWithKeyboard_StaysDismissedAcrossReloads()
    {
        var (page, _) = await VisitAsync(DemoVisitors.Russia, "/", acceptLanguage: "ru-RU,ru;q=0.9");
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Скрыть предупреждение" });
        await Expect(button).ToBeVisibleAsync();
        await SaveStepScreenshotAsync(page, "before-dismiss");

        // Keyboard only: focus the button and press Enter, as a keyboard user would.
        await button.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/$"));

        await Expect(page.Locator(Notice)).ToHaveCountAsync(0);
        await page.ReloadAsync();
        await Expect(page.Locator(Notice)).ToHaveCountAsync(0);
        await page.GotoAsync("/legal");
        await Expect(page.Locator(Notice)).ToHaveCountAsync(0);

        // Another reader still sees it.
        var (other, _) = await VisitAsync(DemoVisitors.Russia, "/");
        await Expect(other.Locator(Notice)).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Notice_IsALandmarkWithAccessibleNameInReadersLanguage()
    {
        var (page, _) = await VisitAsync(DemoVisitors.Russia, "/", acceptLanguage: "en-GB,en;q=0.9");

        var landmark = page.GetByRole(AriaRole.Region, new() { Name = "Safety notice" });
        await Expect(landmark).ToBeVisibleAsync();
        await Expect(landmark).ToHaveAttributeAsync("lang", "en");
        await Expect(landmark).ToContainTextAsync("undesirable organization");
    }

    [Fact]
    public async Task Notice_ForCrimeanReaderPreferringUkrainian_IsInUkrainian()
    {
        // Chromium always sends Accept-Language, so the region's default language is tested on TestServer instead.
        var (page, _) = await VisitAsync(DemoVisitors.Crimea, "/", acceptLanguage: "uk-UA,uk;q=0.9");

        var notice = page.Locator(Notice);
        await Expect(notice).ToHaveAttributeAsync("lang", "uk");
        await Expect(notice).ToContainTextAsync("небажаною організацією");
    }

    [Fact]
    public async Task Acknowledgment_UnlocksInvestigationAndIsRemembered()
    {
        var (page, response) = await VisitAsync(DemoVisitors.Russia, "/investigations/frontline", acceptLanguage: "ru-RU,ru;q=0.9");
        Assert.Equal(200, response.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Прежде чем читать это расследование" })).ToBeFocusedAsync();
        await Expect(page.GetByText("Rail waybills")).ToHaveCountAsync(0);
        await SaveStepScreenshotAsync(page, "interstitial");

        await page.GetByRole(AriaRole.Button, new() { Name = "Понятно, показать статью" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/investigations/frontline$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The supply lines behind the front" })).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.GetByText("Rail waybills", new() { Exact = false })).ToBeVisibleAsync();

        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == ".ContentGate.Ack.frontline-acknowledgment");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
    }

    [Theory]
    [InlineData(DemoVisitors.Russia, false)]
    [InlineData(DemoVisitors.Crimea, false)]
    [InlineData(DemoVisitors.Germany, true)]
    [InlineData(DemoVisitors.Kyiv, true)]
    public async Task ShareButtons_AreAbsentForRussiaControlledReaders(string address, bool present)
    {
        var (page, _) = await VisitAsync(address, "/");

        var share = page.GetByRole(AriaRole.List, new() { Name = "Share this article" });
        if (present)
        {
            await Expect(share).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Share" })).ToBeVisibleAsync();
        }
        else
        {
            await Expect(share).ToHaveCountAsync(0);
            await Expect(page.Locator("[data-share-off]")).ToBeVisibleAsync();
        }
    }

    [Fact]
    public async Task Donate_ForRussiaControlledReader_RedirectsToExplanation()
    {
        var (page, response) = await VisitAsync(DemoVisitors.Russia, "/donate");

        Assert.Equal(200, response.Status);
        await Expect(page).ToHaveURLAsync(new Regex("/donate/not-available$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Please do not donate from your region" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task BlockPage_ForKazakhReader_IsInKazakhWithLinkToExplanation()
    {
        var (page, response) = await VisitAsync(DemoVisitors.Kazakhstan, "/articles/restricted-in-kazakhstan", acceptLanguage: "kk-KZ,kk;q=0.9,ru;q=0.5");

        Assert.Equal(451, response.Status);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "kk");
        await page.GetByRole(AriaRole.Link, new() { Name = "Шешім туралы" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/legal$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Legal notices" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task PreviewSwitch_InDevelopment_ShowsPageAsCrimeanReader()
    {
        var (page, _) = await VisitAsync(DemoVisitors.Germany, "/");
        await Expect(page.Locator(Notice)).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Crimea" }).ClickAsync();

        await Expect(page.Locator(Notice)).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Share this article" })).ToHaveCountAsync(0);
    }
}
