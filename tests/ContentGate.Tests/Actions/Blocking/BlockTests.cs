using System.Net;
using System.Text.Json;
using ContentGate.Tests.Infrastructure;

namespace ContentGate.Tests.Actions.Blocking;

public sealed class BlockTests : IAsyncLifetime
{
    private const string Restricted = "/articles/restricted-in-kazakhstan";

    private GateServer _server = null!;

    public async Task InitializeAsync() => _server = await GateServer.StartAsync(GateServer.ContractConfiguration());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Request_FromKazakhstanToRestrictedArticle_Answers451WithBlockedByLinkAndHtml(bool ipv6)
    {
        var visitor = ipv6 ? Fixtures.IPv6("KZ") : Fixtures.IPv4("KZ");

        using var response = await _server.GetAsync(Restricted, visitor, r => r.Headers.Add("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(451, (int)response.StatusCode);
        Assert.Equal("<https://example.org/legal>; rel=\"blocked-by\"", Assert.Single(response.Headers.GetValues("Link")));
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.StartsWith("<!DOCTYPE html>", body, StringComparison.Ordinal);
        Assert.Contains("<main data-contentgate-block=\"kz-court-order\">\n<h1>Blocked in Kazakhstan</h1>", body, StringComparison.Ordinal);
        Assert.Contains("Accept", response.Headers.Vary);
        Assert.True(response.Headers.CacheControl?.Private);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/problem+json")]
    [InlineData("application/json, text/html;q=0.5")]
    public async Task Request_FromKazakhstanPreferringJson_AnswersProblemDetails(string accept)
    {
        using var response = await _server.GetAsync(Restricted, Fixtures.IPv4("KZ"), r => r.Headers.TryAddWithoutValidation("Accept", accept));

        Assert.Equal(451, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(451, root.GetProperty("status").GetInt32());
        Assert.Equal("Unavailable For Legal Reasons", root.GetProperty("title").GetString());
        Assert.Equal("https://example.org/legal", root.GetProperty("blockedBy").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("detail").GetString()));
        Assert.StartsWith("https://", root.GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeadRequest_FromKazakhstan_Answers451WithoutBody()
    {
        using var response = await _server.SendAsync(HttpMethod.Head, Restricted, Fixtures.IPv4("KZ"));

        Assert.Equal(451, (int)response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Single(response.Headers.GetValues("Link"));
    }

    [Theory]
    [InlineData("DE")]
    [InlineData("RU")]
    [InlineData("UA-30")]
    public async Task Request_FromOutsideKazakhstanToRestrictedArticle_ServesArticlePrivately(string region)
    {
        using var response = await _server.GetAsync(Restricted, Fixtures.IPv4(region));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>Headline</h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The same URL is a 451 elsewhere, so no shared cache may keep this copy.
        Assert.True(response.Headers.CacheControl?.Private);
    }

    [Fact]
    public async Task Request_FromKazakhstanToOtherArticle_IsNotBlocked()
    {
        using var response = await _server.GetAsync("/articles/another", Fixtures.IPv4("KZ"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Request_FromKazakhstanToSubPathOfRestrictedArticle_IsBlocked()
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Policies:kz-court-order:Paths:0"] = "/articles";
        await using var server = await GateServer.StartAsync(config);

        using var response = await server.GetAsync("/articles/anything", Fixtures.IPv4("KZ"));

        Assert.Equal(451, (int)response.StatusCode);
    }

    [Fact]
    public async Task Request_ToBlockPolicyWithoutHtmlOrLink_AnswersDefaultPageWithoutLink()
    {
        var config = GateServer.ContractConfiguration();
        config.Remove("ContentGate:Policies:kz-court-order:Block:BlockedBy");
        config.Remove("ContentGate:Policies:kz-court-order:Block:Html");
        await using var server = await GateServer.StartAsync(config);

        using var response = await server.GetAsync(Restricted, Fixtures.IPv4("KZ"));

        Assert.Equal(451, (int)response.StatusCode);
        Assert.False(response.Headers.Contains("Link"));
        Assert.Contains(ContentGateDefaults.BlockHtml, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WithFullDocumentAsBlockHtml_SendsItAsWritten()
    {
        const string Document = "<!DOCTYPE html><html lang=\"kk\"><body><h1>Қолжетімсіз</h1></body></html>";
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Policies:kz-court-order:Block:Html"] = Document;
        await using var server = await GateServer.StartAsync(config);

        using var response = await server.GetAsync(Restricted, Fixtures.IPv4("KZ"));

        Assert.Equal(Document, await response.Content.ReadAsStringAsync());
    }
}
