using System.Net;
using ContentGate.Tests.Infrastructure;

namespace ContentGate.Tests.ReaderChoices;

/// <summary>
/// Dismiss and acknowledge posts are accepted from the site's own pages and refused from other sites, by the browser's
/// <c>Sec-Fetch-Site</c> header, or, from browsers that do not send it, by <c>Origin</c> against <c>Host</c>.
/// </summary>
public sealed class CrossOriginFormPostTests
{
    private const string Absent = "(absent)";

    // Sec-Fetch-Site, Origin, accepted. The test server's Host is "localhost".
    public static TheoryData<string, string, bool> Headers => new()
    {
        // A current browser: Sec-Fetch-Site decides, whatever Origin says.
        { "same-origin", "http://localhost", true },
        { "same-origin", Absent, true },
        { "none", Absent, true },
        { "cross-site", "https://evil.example", false },
        { "cross-site", "http://localhost", false },
        { "cross-site", Absent, false },
        { "same-site", "http://comments.localhost", false },
        { "same-origin, cross-site", "http://localhost", false },
        { "SAME-ORIGIN", "http://localhost", false },
        { "unknown-value", "http://localhost", false },
        // An older browser or a non-browser client: no Sec-Fetch-Site, so Origin against Host.
        { Absent, Absent, true },
        { Absent, "http://localhost", true },
        { Absent, "https://localhost", true },
        { Absent, "HTTP://LOCALHOST", true },
        { Absent, "null", false },
        { Absent, "https://evil.example", false },
        { Absent, "http://localhost:8080", false },
        { Absent, "http://localhost.evil.example", false },
        { Absent, "http://evil.example/localhost", false },
        { Absent, "http://localhost@evil.example", false },
        { Absent, "http://evil.example@localhost", false },
        { Absent, "http://localhost/", false },
        { Absent, "localhost", false },
        { Absent, "//localhost", false },
        { Absent, "ftp://localhost", false },
        { Absent, "chrome-extension://localhost", false },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public async Task DismissPost_WithFetchMetadataAndOrigin_IsAcceptedOnlyFromSameOrigin(string secFetchSite, string origin, bool accepted)
    {
        await using var server = await GateServer.StartAsync(DismissAndAcknowledgeTests.Configuration());
        var visitor = new VisitorSession(server, Fixtures.IPv4("RU"));
        var (_, page) = await visitor.GetAsync("/");

        using var posted = await visitor.SubmitFormAsync(page, "/_contentgate/dismiss", configure: r => Replace(r, secFetchSite, origin));
        var (_, after) = await visitor.GetAsync("/");

        if (accepted)
        {
            Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
            Assert.DoesNotContain("data-contentgate-notice", after, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
            Assert.False(posted.Headers.Contains("Set-Cookie"));
            Assert.Contains("data-contentgate-notice", after, StringComparison.Ordinal);
            Assert.Contains(server.Logs.Entries, e => e.EventId.Name == "FormRejected" && e.Message.Contains("cross-origin", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("same-origin", Absent, true)]
    [InlineData("cross-site", "https://evil.example", false)]
    [InlineData("same-site", "https://comments.localhost", false)]
    [InlineData(Absent, "https://evil.example", false)]
    [InlineData(Absent, "null", false)]
    public async Task AcknowledgePost_WithFetchMetadataAndOrigin_IsAcceptedOnlyFromSameOrigin(string secFetchSite, string origin, bool accepted)
    {
        await using var server = await GateServer.StartAsync(DismissAndAcknowledgeTests.Configuration());
        var visitor = new VisitorSession(server, Fixtures.IPv4("UA-43"));
        var (_, interstitial) = await visitor.GetAsync("/articles/investigation");

        using var posted = await visitor.SubmitFormAsync(interstitial, "/_contentgate/acknowledge", configure: r => Replace(r, secFetchSite, origin));
        var (_, after) = await visitor.GetAsync("/articles/investigation");

        Assert.Equal(accepted ? HttpStatusCode.SeeOther : HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.Equal(accepted, posted.Headers.Contains("Set-Cookie"));
        Assert.Equal(!accepted, after.Contains("data-contentgate-acknowledge", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefusedPost_GetsSmallUncachedErrorPageNamingTheCause()
    {
        await using var server = await GateServer.StartAsync(DismissAndAcknowledgeTests.Configuration());
        var visitor = new VisitorSession(server, Fixtures.IPv4("RU"));
        var (_, page) = await visitor.GetAsync("/");

        using var posted = await visitor.SubmitFormAsync(page, "/_contentgate/dismiss", configure: r => Replace(r, "cross-site", "https://evil.example"));
        var body = await posted.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.Equal("text/html", posted.Content.Headers.ContentType?.MediaType);
        Assert.True(posted.Headers.CacheControl?.NoStore);
        Assert.Contains("<h1>Request not accepted</h1>", body, StringComparison.Ordinal);
        Assert.Contains("another site", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrossSitePost_WithMalformedBody_IsRefusedAsCrossOriginBeforeTheBodyIsRead()
    {
        await using var server = await GateServer.StartAsync(DismissAndAcknowledgeTests.Configuration());
        var visitor = new VisitorSession(server, Fixtures.IPv4("RU"));

        using var posted = await visitor.PostAsync("/_contentgate/dismiss", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), r => Replace(r, "cross-site", "https://evil.example"));

        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
    }

    private static void Replace(HttpRequestMessage request, string secFetchSite, string origin)
    {
        request.Headers.Remove("Sec-Fetch-Site");
        request.Headers.Remove("Origin");
        if (secFetchSite != Absent)
        {
            foreach (var value in secFetchSite.Split(", "))
            {
                request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", value);
            }
        }

        if (origin != Absent)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }
    }
}
