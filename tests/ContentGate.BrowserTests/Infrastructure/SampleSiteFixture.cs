using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ContentGate.BrowserTests.Infrastructure;

/// <summary>
/// Starts, once for the whole browser suite, the sample on Kestrel (127.0.0.1, a free port, Development, the embedded
/// demo database) and one headless Debian Chromium driven by Playwright. Each test opens its own browser context, so
/// visitors share no cookies or cache, and plays a visitor with <c>X-Forwarded-For</c>, which the sample trusts from
/// loopback in Development.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class SampleSiteFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium; Playwright's own browser download does not work on the project's machines.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        // Without these Chromium keeps calling Google's services in the background, and the closed network refuses
        // every attempt. (It still looks up accounts.google.com and update.googleapis.com; those fail and cost nothing.)
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    // global:: because Microsoft.Playwright has a Program class of its own (the playwright CLI).
    private readonly WebApplicationFactory<global::Program> _factory = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Where every test writes its screenshots: <c>screenshots/</c> in the test output folder, emptied per run.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>The sample's root, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The shared browser; prefer <see cref="OpenAsVisitorAsync"/>, which isolates each visitor.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture has not been initialized.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's Chromium at {ChromiumPath}, and it is not there. Install it with "
                + "'apt-get install -y --no-install-recommends chromium' (scripts/test.sh does this). 'playwright install' "
                + "cannot download a browser on the project's machines.");
        }

        if (Directory.Exists(ScreenshotFolder))
        {
            Directory.Delete(ScreenshotFolder, recursive: true);
        }

        Directory.CreateDirectory(ScreenshotFolder);

        try
        {
            _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            _factory.StartServer();
            var addresses = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
            BaseAddress = new Uri(addresses.Addresses.Single().TrimEnd('/') + "/");

            // Expect(...) polls until the page satisfies it; the whole solution's tests share two cores with Chromium.
            Assertions.SetDefaultExpectTimeout(10_000);
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Args = ChromiumArgs,
                Headless = true,
            });
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Opens a page in a fresh browser context whose every request carries <c>X-Forwarded-For: forwardedFor</c>
    /// (and <c>Accept-Language</c> when given), so the sample sees a visitor from that address. Relative URLs in
    /// <see cref="IPage.GotoAsync"/> resolve against the sample. The caller owns <c>page.Context</c> and closes it.
    /// </summary>
    public async Task<IPage> OpenAsVisitorAsync(string forwardedFor, string? acceptLanguage = null)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-Forwarded-For"] = forwardedFor };
        if (acceptLanguage is not null)
        {
            headers["Accept-Language"] = acceptLanguage;
        }

        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ExtraHTTPHeaders = headers,
            // navigator.language agrees with the header for pages that read it in script.
            Locale = acceptLanguage?.Split(',', ';')[0].Trim(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });

        // Generous for a 2-core machine, short enough that a missing element fails the test instead of the suite.
        context.SetDefaultTimeout(10_000);
        context.SetDefaultNavigationTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
            _browser = null;
        }

        _playwright?.Dispose();
        _playwright = null;
        await _factory.DisposeAsync();
    }
}

/// <summary>Every browser test shares one sample server and one Chromium.</summary>
[CollectionDefinition(Name)]
public sealed class SampleSiteInChromium : ICollectionFixture<SampleSiteFixture>
{
    public const string Name = "Sample site in Chromium";
}
