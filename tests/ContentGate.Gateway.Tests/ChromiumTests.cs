using ContentGate.Gateway.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ContentGate.Gateway.Tests;

/// <summary>
/// One page of the nginx site through the gateway in Debian's Chromium (driven by Playwright; no browser is
/// downloaded): the reader in Crimea sees the notice as the first thing in the body, and can dismiss it.
/// </summary>
public sealed class ChromiumTests : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private NginxOrigin? _nginx;
    private GatewayServer? _gateway;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"This test needs Debian's Chromium at {ChromiumPath}. Install it with 'apt-get install -y --no-install-recommends chromium' (scripts/test.sh does this).");
        }

        _nginx = await NginxOrigin.StartAsync();
        _gateway = await GatewayServer.StartAsync(GatewayServer.Configuration(_nginx.BaseAddress, "127.0.0.1"));
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    [Fact]
    public async Task FrontPage_ForReaderInCrimea_ShowsTheNoticeFirstInTheBodyAndDismissesIt()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _gateway!.BaseAddress.ToString(),
            ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Forwarded-For"] = Readers.Crimea.ToString() },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("/");

        Assert.Equal(200, response!.Status);
        var notice = page.Locator("[data-contentgate-notice]");
        await Assertions.Expect(notice).ToHaveCountAsync(1);
        await Assertions.Expect(notice).ToBeVisibleAsync();
        await Assertions.Expect(notice).ToContainTextAsync("Sharing our reporting could expose you to prosecution.");
        Assert.Equal("undesirable-organization", await page.EvaluateAsync<string>("document.body.firstElementChild.dataset.contentgateNotice"));
        Assert.Equal("site", await page.EvaluateAsync<string>("document.body.className"));

        await notice.GetByRole(AriaRole.Button).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith('/'));
        await Assertions.Expect(page.Locator("[data-contentgate-notice]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Meridian Dispatch");
        await context.CloseAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }
    }
}
