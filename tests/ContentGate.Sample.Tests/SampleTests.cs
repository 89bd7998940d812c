using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

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
            Client = _factory.CreateClient();
        }

        public HttpClient Client { get; }

        public void Dispose()
        {
            Client.Dispose();
            _factory.Dispose();
        }
    }

    private async Task<HttpResponseMessage> GetAs(string path, string forwardedFor, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
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
        Assert.Contains("<body class=\"site\"><div data-contentgate-notice=\"undesirable-organization\"><aside class=\"cg-notice\"", html, StringComparison.Ordinal);
        Assert.Contains("нежелательной организацией", html, StringComparison.Ordinal);
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
    public async Task RestrictedArticle_ForKazakhVisitor_Is451WithBlockedByLink()
    {
        using var response = await GetAs("/articles/restricted-in-kazakhstan", "203.0.113.81");

        Assert.Equal(451, (int)response.StatusCode);
        Assert.Equal("<https://meridian-dispatch.example/legal/kz-court-order>; rel=\"blocked-by\"", Assert.Single(response.Headers.GetValues("Link")));
        Assert.Contains("Unavailable in Kazakhstan", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestrictedArticle_ForKazakhJsonClient_IsProblemDetails()
    {
        using var response = await GetAs("/articles/restricted-in-kazakhstan", "2001:db8:0:a::1", "application/json");

        Assert.Equal(451, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("meridian-dispatch.example", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
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
