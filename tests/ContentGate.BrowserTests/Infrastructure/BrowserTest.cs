using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ContentGate.BrowserTests.Infrastructure;

/// <summary>
/// Base of every browser test: opens pages as a visitor and, when the test ends (passed or failed), saves a full-page
/// screenshot of each page it opened to <c>screenshots/</c> under the test output folder, writes the path to the
/// test output and closes the page's context.
/// </summary>
[Collection(SampleSiteInChromium.Name)]
public abstract class BrowserTest : IAsyncLifetime
{
    private readonly List<(IPage Page, string Name)> _pages = [];

    protected BrowserTest(SampleSiteFixture site, ITestOutputHelper output)
    {
        Site = site;
        Output = output;
    }

    protected SampleSiteFixture Site { get; }

    protected ITestOutputHelper Output { get; }

    /// <summary>
    /// Opens a page as the visitor at <paramref name="forwardedFor"/> and navigates to <paramref name="path"/>; the
    /// navigation waits for the page's load event. The screenshot is named after the test, the visitor (address and
    /// language) and the path.
    /// </summary>
    protected async Task<(IPage Page, IResponse Response)> VisitAsync(
        string forwardedFor,
        string path,
        string? acceptLanguage = null,
        [CallerMemberName] string testName = "")
    {
        var page = await Site.OpenAsVisitorAsync(forwardedFor, acceptLanguage);
        var where = path == "/" ? "front-page" : path.Trim('/');
        _pages.Add((page, acceptLanguage is null ? $"{testName}_{forwardedFor}_{where}" : $"{testName}_{forwardedFor}_{acceptLanguage}_{where}"));
        var response = await page.GotoAsync(path)
            ?? throw new InvalidOperationException($"Navigating to {path} gave no response.");
        return (page, response);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (var i = 0; i < _pages.Count; i++)
        {
            var (page, name) = _pages[i];
            try
            {
                var path = Path.Combine(SampleSiteFixture.ScreenshotFolder, FileNameFor(_pages.Count == 1 ? name : $"{name}_{i + 1}"));
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
                Output.WriteLine($"Screenshot: {path}");
            }
            finally
            {
                await page.Context.CloseAsync();
            }
        }
    }

    /// <summary>
    /// Saves a full-page screenshot of an intermediate state (before a click, say); the final state of every page is
    /// saved anyway when the test ends.
    /// </summary>
    protected async Task SaveStepScreenshotAsync(IPage page, string step, [CallerMemberName] string testName = "")
    {
        var path = Path.Combine(SampleSiteFixture.ScreenshotFolder, FileNameFor($"{testName}_{step}"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Output.WriteLine($"Screenshot: {path}");
    }

    /// <summary>
    /// Writes a full-page screenshot of <paramref name="page"/> to <paramref name="relativePath"/> in the repository
    /// (pictures for the docs), only when <c>CONTENTGATE_UPDATE_DOCS_IMAGES=1</c>: a test run must not leave the work
    /// tree modified, and Chromium renders a few pixels differently from machine to machine.
    /// </summary>
    protected async Task UpdateDocsImageAsync(IPage page, string relativePath)
    {
        if (Environment.GetEnvironmentVariable("CONTENTGATE_UPDATE_DOCS_IMAGES") != "1")
        {
            return;
        }

        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ContentGate.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root?.FullName ?? throw new InvalidOperationException("ContentGate.sln not found above the test output."), relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Output.WriteLine($"Docs image: {path}");
    }

    private static string FileNameFor(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '-')) + ".png";
}
