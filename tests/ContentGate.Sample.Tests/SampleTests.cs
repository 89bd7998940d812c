using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ContentGate.Sample.Tests;

/// <summary>
/// The sample as the README runs it: Development, Kestrel on 127.0.0.1, the embedded demo database, visitors
/// played with X-Forwarded-For from loopback.
/// </summary>
public sealed class SampleTests : IClassFixture<SampleTests.SampleServer>
{
    private readonly HttpClient _client;

    public SampleTests(SampleServer server) => _client = server.Client;

    public sealed class SampleServer : IDisposable
    {
        private readonly WebApplicationFactory<Program> _factory = new();

        public SampleServer()
        {
            _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            _factory.StartServer();
            // A plain client on the real Kestrel address, so redirects are seen rather than followed.
            var address = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(address) };
        }

        public HttpClient Client { get; }

        public void Dispose()
        {
            Client.Dispose();
            _factory.Dispose();
        }
    }

    private async Task<HttpResponseMessage> GetAs(string path, string forwardedFor, string? accept = null, string? acceptLanguage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (acceptLanguage is not null)
        {
            request.Headers.Add("Accept-Language", acceptLanguage);
        }

        if (accept is not null)
        {
            request.Headers.Add("Accept", accept);
        }

        return await _client.SendAsync(request);
    }

    [Theory]
    [InlineData("203.0.113.1")]      // Russia
    [InlineData("203.0.113.9")]      // Crimea
    [InlineData("203.0.113.17")]     // Sevastopol
    [InlineData("203.0.113.25")]     // Donetsk
    [InlineData("203.0.113.33")]     // Luhansk
    [InlineData("203.0.113.41")]     // Zaporizhzhia
    [InlineData("203.0.113.49")]     // Kherson
    [InlineData("2001:db8::1")]      // Russia, IPv6
    [InlineData("2001:db8:0:1::1")]  // Crimea, IPv6
    public async Task FrontPage_ForRussiaControlledVisitor_ShowsNoticeRightAfterBody(string address)
    {
        using var response = await GetAs("/", address);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("<body class=\"site\"><section class=\"contentgate-notice\" data-contentgate-notice=\"undesirable-organization\" aria-label=\"[^\"]+\" lang=\"(ru|uk)\" dir=\"ltr\"><link rel=\"stylesheet\" href=\"/_contentgate/contentgate.css\\?v=[0-9a-f]+\">", html);
        // Russia's language is Russian; Ukraine's (the occupied oblasts included) Ukrainian, unless the browser says otherwise.
        Assert.Contains(address is "203.0.113.1" or "2001:db8::1" ? "нежелательной организацией" : "небажаною організацією", html, StringComparison.Ordinal);
        // The <body> in the layout's comment and script were not taken for the body tag.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "data-contentgate-notice="));
    }

    [Theory]
    [InlineData("203.0.113.57")]    // Kyiv
    [InlineData("203.0.113.65")]    // Ukraine, subdivision unknown
    [InlineData("203.0.113.73")]    // Germany
    [InlineData("2001:db8:0:9::1")] // Germany, IPv6
    [InlineData("203.0.113.81")]    // Kazakhstan
    public async Task FrontPage_ForOtherVisitor_HasNoNotice(string address)
    {
        using var response = await GetAs("/", address);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("data-contentgate-notice", html, StringComparison.Ordinal);
        Assert.Contains("What the river port ledgers show", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FrontPage_ForRussianVisitorPreferringEnglish_ShowsEnglishNotice()
    {
        using var response = await GetAs("/", "203.0.113.1", acceptLanguage: "en-US,en;q=0.9");

        Assert.Contains("Meridian Dispatch an “undesirable organization”", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("203.0.113.1", false)]
    [InlineData("203.0.113.73", true)]
    public async Task FrontPage_ShareButtons_AreHiddenForRussiaControlledVisitors(string address, bool visible)
    {
        using var response = await GetAs("/", address);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(visible, html.Contains("data-action=\"share\"", StringComparison.Ordinal));
        Assert.Equal(!visible, html.Contains("data-share-off", StringComparison.Ordinal));
        Assert.DoesNotContain("contentgate-hide-for", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Donate_ForRussiaControlledVisitor_RedirectsToExplanation()
    {
        using var response = await GetAs("/donate", "203.0.113.41");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/donate/not-available", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Investigation_ForRussiaControlledVisitor_IsBehindAcknowledgment()
    {
        using var response = await GetAs("/investigations/frontline", "203.0.113.1");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("data-contentgate-acknowledge=\"frontline-acknowledgment\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Rail waybills", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embed_SkipsContentGate()
    {
        using var response = await GetAs("/embed/latest", "203.0.113.1");

        Assert.DoesNotContain("contentgate", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Preview_InDevelopment_ShowsPageAsCrimeanVisitor()
    {
        using var response = await GetAs("/region?contentgate-region=UA-43", "203.0.113.73");

        Assert.Contains("<dd data-region>UA UA-43</dd>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestrictedArticle_ForKazakhVisitor_Is451WithBlockedByLink()
    {
        using var response = await GetAs("/articles/restricted-in-kazakhstan", "203.0.113.81");

        Assert.Equal(451, (int)response.StatusCode);
        Assert.Matches("^<http://127\\.0\\.0\\.1:[0-9]+/legal>; rel=\"blocked-by\"$", Assert.Single(response.Headers.GetValues("Link")));
        Assert.Contains("Қазақстанда қолжетімсіз", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LegalPage_ForKazakhVisitor_IsNeverBlocked()
    {
        using var response = await GetAs("/legal", "203.0.113.81");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RestrictedArticle_ForKazakhJsonClient_IsProblemDetails()
    {
        using var response = await GetAs("/articles/restricted-in-kazakhstan", "2001:db8:0:a::1", "application/json");

        Assert.Equal(451, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"blockedBy\":\"http://127.0.0.1:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("203.0.113.73")]
    [InlineData("203.0.113.1")]
    public async Task RestrictedArticle_ForOtherVisitor_IsServed(string address)
    {
        using var response = await GetAs("/articles/restricted-in-kazakhstan", address);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The grain contracts", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_ForRussianVisitor_IsUntouchedJson()
    {
        using var response = await GetAs("/api/articles", "203.0.113.1");

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("contentgate", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("203.0.113.9", "UA UA-43")]
    [InlineData("2001:db8:0:c::1", "US")]
    public async Task RegionPage_ShowsWhatContentGateSaw(string address, string region)
    {
        using var response = await GetAs("/region", address);

        Assert.Contains($"<dd data-region>{region}</dd>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_ReportsDemoDatabase()
    {
        using var response = await GetAs("/healthz", "203.0.113.73");
        var json = await response.Content.ReadAsStringAsync();

        // The demo database is built with a fixed, old build epoch, so it is honestly reported as stale.
        Assert.Contains("\"contentgate\"", json, StringComparison.Ordinal);
        Assert.Contains("ContentGate-Test-City", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ExposeContentGateMeter()
    {
        (await GetAs("/", "203.0.113.1")).Dispose();

        using var response = await GetAs("/metrics", "203.0.113.73");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains("contentgate_policy_decisions", text, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113", text, StringComparison.Ordinal);
    }

    [Fact]
    public void DemoDatabase_Committed_IsWhatDemoDatabaseBuilds()
    {
        var committed = Path.Combine(AppContext.BaseDirectory, "App_Data", "contentgate-demo-city.mmdb");
        var rebuilt = Path.Combine(Path.GetTempPath(), $"contentgate-demo-{Guid.NewGuid():N}.mmdb");
        try
        {
            DemoDatabase.Write(rebuilt);

            Assert.True(
                File.ReadAllBytes(committed).AsSpan().SequenceEqual(File.ReadAllBytes(rebuilt)),
                "The committed demo database is stale: run 'dotnet run --project samples/ContentGate.Sample -- write-demo-database App_Data/contentgate-demo-city.mmdb'.");
        }
        finally
        {
            File.Delete(rebuilt);
        }
    }
}
