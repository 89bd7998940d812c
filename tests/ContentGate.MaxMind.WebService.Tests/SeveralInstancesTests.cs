using System.Net;
using System.Text;

namespace ContentGate.MaxMind.WebService.Tests;

/// <summary>
/// A site on two instances behind a load balancer, built as the README's "Several instances" section says, sharing one
/// real <c>redis-server</c> (the Data Protection key ring, the web-service cache) and one <c>appsettings.json</c>: what
/// a reader does or gets on one instance holds on the other. The controls run the same code with a Redis per instance.
/// </summary>
public sealed class SeveralInstancesTests
{
    private const string Investigation = "/articles/investigation";
    private const string Interstitial = "data-contentgate-acknowledge=\"investigations\"";
    private const string Notice = "data-contentgate-notice=\"undesirable-organization\"";
    private const string Content = "<h1>Headline</h1>";
    private const string GermanArticle = "/articles/restricted-in-germany";
    private static readonly TimeSpan ReloadBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Acknowledgment_GivenOnInstanceA_HoldsOnInstanceB()
    {
        await using var site = await SharedSite.StartAsync();
        using var browser = new ReaderBrowser(Fixtures.IPv4("UA-43"));
        Assert.Contains(Interstitial, (await browser.GetAsync(site.B, Investigation)).Body, StringComparison.Ordinal);

        var (_, interstitial) = await browser.GetAsync(site.A, Investigation);
        Assert.Equal(HttpStatusCode.SeeOther, await browser.SubmitFormAsync(site.A, interstitial, "/_contentgate/acknowledge"));
        var (status, page) = await browser.GetAsync(site.B, Investigation);

        Assert.Contains(".ContentGate.Ack.investigations", browser.Cookies.Keys);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(Content, page, StringComparison.Ordinal);
        Assert.DoesNotContain(Interstitial, page, StringComparison.Ordinal);

        // And it is Redis's key ring that both used: one key, made by A. (On one machine, instances left on the default
        // key ring would share ~/.aspnet/DataProtection-Keys and pass the lines above; production machines do not.)
        var keyRing = Assert.Single(await site.Redis.DumpAsync(), e => Encoding.UTF8.GetString(e.Key) == "meridian-web:data-protection-keys");
        Assert.Single(keyRing.Values);
    }

    [Fact]
    public async Task Dismissal_GivenOnInstanceA_HoldsOnInstanceB()
    {
        await using var site = await SharedSite.StartAsync();
        using var browser = new ReaderBrowser(Fixtures.IPv4("RU"));
        Assert.Contains(Notice, (await browser.GetAsync(site.B, "/articles/one")).Body, StringComparison.Ordinal);

        var (_, page) = await browser.GetAsync(site.A, "/articles/one");
        Assert.Equal(HttpStatusCode.SeeOther, await browser.SubmitFormAsync(site.A, page, "/_contentgate/dismiss"));
        var (status, later) = await browser.GetAsync(site.B, "/articles/two");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(Content, later, StringComparison.Ordinal);
        Assert.DoesNotContain(Notice, later, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebServiceAnswer_FetchedByInstanceA_IsServedToInstanceBWithoutASecondCall()
    {
        await using var site = await SharedSite.StartAsync();
        // The database knows the book's IPv4 networks only: this reader is the web service's to answer.
        using var browser = new ReaderBrowser(Fixtures.IPv6("UA-43"));

        Assert.Equal("UA UA-43|maxmind-web-service", (await browser.GetAsync(site.A, "/region")).Body);
        Assert.Equal(1, site.WebService.Calls);
        await WebServiceGate.WaitUntilAsync(() => site.A.WebService.PendingWrites == 0, "A has written the answer to Redis");

        // Another reader of the same /64, on the other instance.
        browser.Reader = Fixtures.IPv6("UA-43", 77);
        var (_, page) = await browser.GetAsync(site.B, "/");

        Assert.Contains(Notice, page, StringComparison.Ordinal);
        Assert.Equal("UA UA-43|maxmind-web-service", (await browser.GetAsync(site.B, "/region")).Body);
        Assert.Equal(1, site.WebService.Calls);
    }

    [Fact]
    public async Task ConfigurationChange_InTheSharedFile_ReachesBothInstances()
    {
        await using var site = await SharedSite.StartAsync();
        using var german = new ReaderBrowser(Fixtures.IPv4("DE"));
        using var russian = new ReaderBrowser(Fixtures.IPv4("RU"));
        var (_, page) = await russian.GetAsync(site.A, "/");
        await russian.SubmitFormAsync(site.A, page, "/_contentgate/dismiss");
        foreach (var instance in new[] { site.A, site.B })
        {
            Assert.Equal(HttpStatusCode.OK, (await german.GetAsync(instance, GermanArticle)).Status);
            Assert.DoesNotContain(Notice, (await russian.GetAsync(instance, "/")).Body, StringComparison.Ordinal);
        }

        // A new court order, and a new notice text: the reader who dismissed the old one is shown the new one.
        site.EditSettings(SharedSite.NoticeV2, germanCourtOrder: true);

        foreach (var instance in new[] { site.A, site.B })
        {
            var name = instance == site.A ? "A" : "B";
            await WebServiceGate.WaitUntilAsync(
                async () => (await german.GetAsync(instance, GermanArticle)).Status == HttpStatusCode.UnavailableForLegalReasons,
                $"instance {name} blocks {GermanArticle} in Germany",
                ReloadBound);
            Assert.Contains(SharedSite.NoticeV2, (await russian.GetAsync(instance, "/")).Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Instances_WithARedisEach_AskForTheAcknowledgmentAgainAndCallTheWebServiceAgain()
    {
        await using var site = await SharedSite.StartAsync(redisOfTheirOwn: true);
        using var reader = new ReaderBrowser(Fixtures.IPv4("UA-43"));
        var (_, interstitial) = await reader.GetAsync(site.A, Investigation);
        Assert.Equal(HttpStatusCode.SeeOther, await reader.SubmitFormAsync(site.A, interstitial, "/_contentgate/acknowledge"));

        // The cookie is good where it was made, and nowhere else: B's key ring cannot unprotect it.
        Assert.Contains(Content, (await reader.GetAsync(site.A, Investigation)).Body, StringComparison.Ordinal);
        Assert.Contains(Interstitial, (await reader.GetAsync(site.B, Investigation)).Body, StringComparison.Ordinal);

        using var webServiceReader = new ReaderBrowser(Fixtures.IPv6("UA-43"));
        Assert.Equal("UA UA-43|maxmind-web-service", (await webServiceReader.GetAsync(site.A, "/region")).Body);
        await WebServiceGate.WaitUntilAsync(() => site.A.WebService.PendingWrites == 0, "A has written the answer to its Redis");
        Assert.Equal("UA UA-43|maxmind-web-service", (await webServiceReader.GetAsync(site.B, "/region")).Body);
        Assert.Equal(2, site.WebService.Calls);
    }

    [Fact]
    public async Task Dismissal_OnInstancesWithARedisEach_StillHolds()
    {
        // A dismissal is not protected (forging one only hides a notice from the forger): it names the notice's
        // version, which comes from the shared configuration, not from the key ring. So it holds on any instance that
        // serves the same notice text, and the configuration test shows that a new text asks again.
        await using var site = await SharedSite.StartAsync(redisOfTheirOwn: true);
        using var browser = new ReaderBrowser(Fixtures.IPv4("RU"));
        var (_, page) = await browser.GetAsync(site.A, "/");
        Assert.Equal(HttpStatusCode.SeeOther, await browser.SubmitFormAsync(site.A, page, "/_contentgate/dismiss"));

        Assert.DoesNotContain(Notice, (await browser.GetAsync(site.B, "/")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadmeSnippet_ForSeveralInstances_IsWhatTheseInstancesRun()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ContentGate.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("ContentGate.sln not found above the test's folder.");
        }

        var readme = File.ReadAllLines(Path.Combine(root, "README.md"));
        var start = Array.FindIndex(readme, l => l.Contains("PersistKeysToStackExchangeRedis", StringComparison.Ordinal));
        Assert.True(start >= 0, "README.md shows no PersistKeysToStackExchangeRedis.");
        var open = Array.FindLastIndex(readme, start, l => l.StartsWith("```csharp", StringComparison.Ordinal));
        var close = Array.FindIndex(readme, start, l => l.StartsWith("```", StringComparison.Ordinal));
        var block = readme[(open + 1)..close];
        var first = Array.FindIndex(block, l => l.StartsWith("var builder = WebApplication.CreateBuilder(", StringComparison.Ordinal));
        var last = Array.FindIndex(block, l => l == "app.UseContentGate();");
        Assert.True(first >= 0 && last > first, "The README's block does not create the builder and then call UseContentGate().");
        var documented = Code(block[(first + 1)..(last + 1)]);

        var source = File.ReadAllLines(Path.Combine(root, "tests", "ContentGate.MaxMind.WebService.Tests", "SiteInstance.cs"));
        var from = Array.FindIndex(source, l => l.Trim() == "// README: several instances");
        var to = Array.FindIndex(source, l => l.Trim() == "// README: end");
        var run = Code(source[(from + 1)..to]);

        Assert.Equal(run, documented);

        static List<string> Code(IEnumerable<string> lines) => [.. lines.Select(l => l.Trim()).Where(l => l.Length > 0)];
    }
}
