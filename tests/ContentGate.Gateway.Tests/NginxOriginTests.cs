using System.Net;
using System.Text.RegularExpressions;
using ContentGate.Gateway.Tests.Infrastructure;

namespace ContentGate.Gateway.Tests;

/// <summary>
/// The gateway in front of nginx serving a static site: what the middleware does to an ASP.NET Core app's pages, the
/// gateway does to the proxied site's — the notice once after the real body tag, cache headers, 451, redirect, the
/// interstitial and the dismiss and acknowledge posts.
/// </summary>
public sealed class NginxOriginTests(NginxOriginTests.Site site) : IClassFixture<NginxOriginTests.Site>
{
    private const string NoticeStart = "<body class=\"site\"><section class=\"contentgate-notice\" data-contentgate-notice=\"undesirable-organization\"";

    private readonly HttpClient _gateway = site.Gateway.Client;

    public sealed class Site : IAsyncLifetime
    {
        internal NginxOrigin Nginx { get; private set; } = null!;

        internal GatewayServer Gateway { get; private set; } = null!;

        public HttpClient Direct { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Nginx = await NginxOrigin.StartAsync();
            Gateway = await GatewayServer.StartAsync(GatewayServer.Configuration(Nginx.BaseAddress, "127.0.0.1"));
            Direct = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = Nginx.BaseAddress };
        }

        public async Task DisposeAsync()
        {
            Direct?.Dispose();
            if (Gateway is not null)
            {
                await Gateway.DisposeAsync();
            }

            if (Nginx is not null)
            {
                await Nginx.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task FrontPage_ForReaderInCrimea_HasNoticeOnceRightAfterTheRealBodyTag()
    {
        using var response = await _gateway.GetAsAsync("/", Readers.Crimea);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(Regex.Matches(html, "data-contentgate-notice="));
        Assert.Contains(NoticeStart, html, StringComparison.Ordinal);
        Assert.Contains("<script>var s = \"<body>\";</script>\n<!-- <body class=\"decoy\"> -->", html, StringComparison.Ordinal);

        // Everything else is nginx's page as it was.
        var notice = Regex.Match(html, "<section class=\"contentgate-notice\".*?</section>", RegexOptions.Singleline).Value;
        Assert.Equal(NginxOrigin.FrontPage, html.Replace(notice, string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FrontPage_ForReaderInCrimea_IsPrivateWithoutValidatorsOrLength()
    {
        using var response = await _gateway.GetAsAsync("/", Readers.Crimea);
        await response.Content.ReadAsByteArrayAsync();

        AssertPrivateKeepingMaxAge(response);
        Assert.Null(response.Header("ETag"));
        Assert.Null(response.Header("Last-Modified"));
        Assert.Null(response.Header("Accept-Ranges"));
        Assert.True(response.Headers.TransferEncodingChunked); // nginx's Content-Length was dropped
    }

    [Fact]
    public async Task FrontPage_ForReaderInCrimeaWithNginxsValidator_GetsTheWholePageWithNoticeNotA304()
    {
        using var direct = await site.Direct.GetAsync("/");
        var etag = direct.Header("ETag")!;

        using var response = await _gateway.GetAsAsync("/", Readers.Crimea, ("If-None-Match", etag));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(NoticeStart, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FrontPage_ForReaderInGermany_IsByteIdenticalToNginxsAndPrivate()
    {
        using var direct = await site.Direct.GetAsync("/");
        using var response = await _gateway.GetAsAsync("/", Readers.Germany);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await direct.Content.ReadAsByteArrayAsync(), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(direct.Header("ETag"), response.Header("ETag"));
        Assert.Equal(direct.Content.Headers.ContentLength, response.Content.Headers.ContentLength);

        // The same URL differs for readers elsewhere, so no shared cache may keep this copy either.
        AssertPrivateKeepingMaxAge(response);
    }

    [Fact]
    public async Task ApiPath_ForReaderInCrimea_IsNginxsResponseUntouched()
    {
        using var direct = await site.Direct.GetAsync("/api/articles.html");
        using var response = await _gateway.GetAsAsync("/api/articles.html", Readers.Crimea);

        Assert.Equal(await direct.Content.ReadAsByteArrayAsync(), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("public, max-age=300", response.Header("Cache-Control"));
    }

    [Fact]
    public async Task RestrictedArticle_ForReaderInKazakhstan_Is451WithBlockedByLink()
    {
        using var response = await _gateway.GetAsAsync("/articles/restricted-in-kazakhstan", Readers.Kazakhstan);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal((HttpStatusCode)451, response.StatusCode);
        Assert.Equal("<https://example.org/legal>; rel=\"blocked-by\"", response.Header("Link"));
        Assert.Contains("<h1>Unavailable in Kazakhstan</h1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("The grain contracts", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestrictedArticle_ForReaderInGermany_IsTheArticle()
    {
        using var response = await _gateway.GetAsAsync("/articles/restricted-in-kazakhstan", Readers.Germany);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(NginxOrigin.Article("The grain contracts"), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Donate_ForReaderInRussia_IsRedirected()
    {
        using var response = await _gateway.GetAsAsync("/donate", Readers.Russia);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/donate/not-available", response.Headers.Location?.OriginalString);
        Assert.Equal("private", response.Header("Cache-Control"));
    }

    [Fact]
    public async Task Investigation_ForReaderInRussia_IsBehindInterstitialUntilAcknowledged()
    {
        var reader = new ReaderSession(_gateway, Readers.Russia);

        var (first, interstitial) = await reader.GetAsync("/investigations/frontline");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("data-contentgate-acknowledge=\"frontline-acknowledgment\"", interstitial, StringComparison.Ordinal);
        Assert.Contains("no-store", first.Header("Cache-Control"), StringComparison.Ordinal);
        Assert.DoesNotContain("Rail waybills", interstitial, StringComparison.Ordinal);

        using var posted = await reader.SubmitFormAsync(interstitial, "/_contentgate/acknowledge");
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Equal("/investigations/frontline", posted.Header("Location"));
        Assert.Contains(reader.Cookies.Keys, name => name == ".ContentGate.Ack.frontline-acknowledgment");

        var (after, article) = await reader.GetAsync("/investigations/frontline");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains("<h1>Rail waybills from the front line</h1>", article, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DismissPost_ForReaderInCrimea_HidesTheNoticeOnLaterPages()
    {
        var reader = new ReaderSession(_gateway, Readers.Crimea);

        var (_, page) = await reader.GetAsync("/articles/river-port");
        Assert.Contains("data-contentgate-notice=\"undesirable-organization\"", page, StringComparison.Ordinal);

        using var posted = await reader.SubmitFormAsync(page, "/_contentgate/dismiss");
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Equal("/articles/river-port", posted.Header("Location"));

        var (_, later) = await reader.GetAsync("/");
        Assert.DoesNotContain("data-contentgate-notice", later, StringComparison.Ordinal);
        Assert.Equal(NginxOrigin.FrontPage, later);
    }

    // nginx sends "public, max-age=300": ContentGate keeps max-age and replaces public with private.
    private static void AssertPrivateKeepingMaxAge(HttpResponseMessage response)
    {
        var cacheControl = response.Headers.CacheControl!;
        Assert.True(cacheControl.Private);
        Assert.False(cacheControl.Public);
        Assert.Equal(TimeSpan.FromSeconds(300), cacheControl.MaxAge);
    }
}
