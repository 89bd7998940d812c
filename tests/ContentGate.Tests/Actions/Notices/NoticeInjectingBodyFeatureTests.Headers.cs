using System.Buffers;
using System.Net;
using System.Text;
using ContentGate.Actions.Notices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ContentGate.Tests.Actions.Notices;

// Cache rules and validators, responses passed through untouched, and the notice's encoding for the page's charset.
public partial class NoticeInjectingBodyFeatureTests
{
    public static TheoryData<string, int, string?, string?, string?, string> PassThroughCases => new()
    {
        { "HEAD", 200, Html, null, null, nameof(NoticeOutcome.HeadRequest) },
        { "GET", 204, Html, null, null, nameof(NoticeOutcome.StatusNotEligible) },
        { "GET", 205, Html, null, null, nameof(NoticeOutcome.StatusNotEligible) },
        { "GET", 304, Html, null, null, nameof(NoticeOutcome.StatusNotEligible) },
        { "GET", 404, Html, null, null, nameof(NoticeOutcome.StatusNotEligible) },
        { "GET", 500, Html, null, null, nameof(NoticeOutcome.StatusNotEligible) },
        { "GET", 206, Html, null, "bytes 0-99/1000", nameof(NoticeOutcome.PartialContent) },
        { "GET", 200, Html, null, "bytes 0-99/1000", nameof(NoticeOutcome.PartialContent) },
        { "GET", 200, "application/json", null, null, nameof(NoticeOutcome.NotHtml) },
        { "GET", 200, "image/png", null, null, nameof(NoticeOutcome.NotHtml) },
        { "GET", 200, "text/plain; charset=utf-8", null, null, nameof(NoticeOutcome.NotHtml) },
        { "GET", 200, null, null, null, nameof(NoticeOutcome.NotHtml) },
        { "GET", 200, Html, "gzip, br", null, nameof(NoticeOutcome.ContentEncoded) },
        { "GET", 200, Html, "compress", null, nameof(NoticeOutcome.ContentEncoded) },
        { "GET", 200, Html, "zstd", null, nameof(NoticeOutcome.ContentEncoded) },
        { "GET", 200, "text/html; charset=utf-16", null, null, nameof(NoticeOutcome.UnsupportedCharset) },
        { "GET", 200, "text/html; charset=UTF-32BE", null, null, nameof(NoticeOutcome.UnsupportedCharset) },
        { "GET", 200, "text/html; charset=iso-2022-jp", null, null, nameof(NoticeOutcome.UnsupportedCharset) },
    };

    public static TheoryData<string?, string> CacheControlCases => new()
    {
        { null, "private" },
        { "public, max-age=60", "private, max-age=60" },
        { "max-age=60, s-maxage=600, stale-while-revalidate=30", "private, max-age=60, stale-while-revalidate=30" },
        { "no-store", "no-store" },
        { "private, max-age=60", "private, max-age=60" },
    };

    [Fact]
    public async Task Response_WithoutBodyTag_PassesBytesThroughUnchanged()
    {
        var fragment = "<div class=\"partial\"><p>Только фрагмент</p></div>"u8.ToArray();
        await using var host = await NoticeTestHost.StartAsync(s_notice, async context =>
        {
            context.Response.ContentType = Html;
            SetCacheableHeaders(context.Response, fragment.Length);
            await context.Response.Body.WriteAsync(fragment);
        });

        using var response = await host.Client.GetAsync("/");

        Assert.Equal(fragment, await response.Content.ReadAsByteArrayAsync());
        AssertRewrittenHeaders(response, expectedCacheControl: "private, max-age=60");
        Assert.Equal(NoticeOutcome.NoBodyTag, await host.NextOutcomeAsync());
    }

    [Fact]
    public async Task Response_WithEmptyHtmlBody_GetsCacheRulesAtCompletion()
    {
        await using var host = await NoticeTestHost.StartAsync(s_notice, context =>
        {
            context.Response.ContentType = Html;
            return Task.CompletedTask;
        });

        using var response = await host.Client.GetAsync("/");

        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("private", RawHeader(response, "Cache-Control"));
        Assert.Equal(NoticeOutcome.NoBodyTag, await host.NextOutcomeAsync());
    }

    [Theory]
    [MemberData(nameof(CacheControlCases))]
    public async Task Response_WithCacheControl_MakesItPrivateUnlessAlreadyPrivate(string? cacheControl, string expected)
    {
        await using var host = await NoticeTestHost.StartAsync(s_notice, async context =>
        {
            context.Response.ContentType = Html;
            if (cacheControl is not null)
            {
                context.Response.Headers.CacheControl = cacheControl;
            }

            await context.Response.WriteAsync("<body>");
        });

        using var response = await host.Client.GetAsync("/");

        Assert.Equal(expected, RawHeader(response, "Cache-Control"));
        Assert.Equal(NoticeOutcome.Injected, await host.NextOutcomeAsync());
    }

    [Fact]
    public async Task Response_WithCdnCacheKeyIncludesRegion_KeepsCacheControlButDropsValidators()
    {
        var page = TestPages.Bytes(Page);
        await using var host = await NoticeTestHost.StartAsync(NoticeInjection.Create(NoticeHtml, cdnCacheKeyIncludesRegion: true), async context =>
        {
            context.Response.ContentType = Html;
            SetCacheableHeaders(context.Response, page.Length);
            await context.Response.Body.WriteAsync(page);
        });

        using var response = await host.Client.GetAsync("/");

        Assert.Equal(TestPages.Expected(Page, s_utf8Notice), await response.Content.ReadAsByteArrayAsync());
        AssertRewrittenHeaders(response, expectedCacheControl: "public, max-age=60");
        Assert.Equal(NoticeOutcome.Injected, await host.NextOutcomeAsync());
    }

    [Theory]
    [InlineData(false, "private")]
    [InlineData(true, "public, max-age=60")]
    public async Task Response_WithEmptyNotice_KeepsBodyLengthAndValidatorsButAppliesCacheRule(bool cdnCacheKeyIncludesRegion, string expectedCacheControl)
    {
        var page = TestPages.Bytes(Page);
        await using var host = await NoticeTestHost.StartAsync(NoticeInjection.CacheRulesOnly(cdnCacheKeyIncludesRegion), async context =>
        {
            context.Response.ContentType = Html;
            SetCacheableHeaders(context.Response, page.Length);
            if (!cdnCacheKeyIncludesRegion)
            {
                context.Response.Headers.CacheControl = "public";
            }

            await context.Response.Body.WriteAsync(page);
        });

        using var response = await host.Client.GetAsync("/");

        Assert.Equal(page, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(page.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), RawHeader(response, "Content-Length"));
        Assert.Equal("\"v1\"", RawHeader(response, "ETag"));
        Assert.Equal("Wed, 01 Jan 2025 00:00:00 GMT", RawHeader(response, "Last-Modified"));
        Assert.Equal("bytes", RawHeader(response, "Accept-Ranges"));
        Assert.Equal(expectedCacheControl, RawHeader(response, "Cache-Control"));
        Assert.Equal(NoticeOutcome.EmptyNotice, await host.NextOutcomeAsync());
    }

    [Theory]
    [MemberData(nameof(PassThroughCases))]
    public async Task Response_WithIneligibleResponse_PassesThroughByteIdenticalWithHeadersUntouched(
        string method, int status, string? contentType, string? contentEncoding, string? contentRange, string expectedOutcome)
    {
        var page = TestPages.Bytes(Page);
        var writesBody = status is not (204 or 304);
        await using var host = await NoticeTestHost.StartAsync(s_notice, async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            context.Response.Headers.ContentEncoding = contentEncoding;
            context.Response.Headers.ContentRange = contentRange;
            SetCacheableHeaders(context.Response, writesBody ? page.Length : null);
            if (writesBody)
            {
                await context.Response.Body.WriteAsync(page);
            }
        });

        using var request = new HttpRequestMessage(new HttpMethod(method), "/");
        using var response = await host.Client.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(writesBody ? page : [], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(writesBody ? page.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) : null, RawHeader(response, "Content-Length"));
        Assert.Equal("\"v1\"", RawHeader(response, "ETag"));
        Assert.Equal("Wed, 01 Jan 2025 00:00:00 GMT", RawHeader(response, "Last-Modified"));
        Assert.Equal("public, max-age=60", RawHeader(response, "Cache-Control"));
        Assert.Equal("bytes", RawHeader(response, "Accept-Ranges"));
        Assert.Equal(contentEncoding, RawHeader(response, "Content-Encoding"));
        Assert.Equal(Enum.Parse<NoticeOutcome>(expectedOutcome), await host.NextOutcomeAsync());
    }

    [Theory]
    [InlineData("text/html; charset=utf-8")]
    [InlineData("TEXT/HTML; CHARSET=\"UTF-8\"")]
    [InlineData("application/xhtml+xml; charset=utf-8")]
    [InlineData("text/html; charset=utf8")]
    public async Task Response_WithUtf8Charset_InjectsUtf8Notice(string contentType)
    {
        await using var host = await NoticeTestHost.StartAsync(s_notice, async context =>
        {
            context.Response.ContentType = contentType;
            context.Response.Headers.ContentEncoding = "identity";
            await context.Response.Body.WriteAsync(TestPages.Bytes(Page));
        });

        var body = await host.Client.GetByteArrayAsync("/");

        Assert.Equal(TestPages.Expected(Page, s_utf8Notice), body);
        Assert.Equal(NoticeOutcome.Injected, await host.NextOutcomeAsync());
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("text/html; charset=koi8-r")]
    [InlineData("text/html; charset=iso-8859-5")]
    [InlineData("text/html; charset=x-not-a-real-charset")]
    public async Task Response_WithOtherOrNoCharset_InjectsAsciiNotice(string contentType)
    {
        await using var host = await NoticeTestHost.StartAsync(s_notice, async context =>
        {
            context.Response.ContentType = contentType;
            await context.Response.Body.WriteAsync("<html><body>x</body></html>"u8.ToArray());
        });

        var body = await host.Client.GetByteArrayAsync("/");

        Assert.Equal(Inject("<html><body>x</body></html>"u8.ToArray(), s_asciiNotice, "<html><body>".Length), body);
        Assert.Equal(NoticeOutcome.Injected, await host.NextOutcomeAsync());
    }

    [Fact]
    public async Task Response_WithWindows1251Page_InjectsCharacterReferencesThatReadCorrectly()
    {
        var windows1251 = CodePagesEncodingProvider.Instance.GetEncoding(1251)!;
        const string PageText = "<html><head><title>Новости</title></head><body class=\"статья\"><p>Текст статьи</p></body></html>";
        await using var host = await NoticeTestHost.StartAsync(s_notice, async context =>
        {
            context.Response.ContentType = "text/html; charset=windows-1251";
            await context.Response.Body.WriteAsync(windows1251.GetBytes(PageText));
        });

        var body = await host.Client.GetByteArrayAsync("/");

        var insertAt = windows1251.GetByteCount("<html><head><title>Новости</title></head><body class=\"статья\">");
        Assert.Equal(Inject(windows1251.GetBytes(PageText), s_asciiNotice, insertAt), body);
        var asBrowserReadsIt = WebUtility.HtmlDecode(windows1251.GetString(body));
        Assert.Contains("<body class=\"статья\">" + NoticeHtml + "<p>Текст статьи</p>", asBrowserReadsIt, StringComparison.Ordinal);
        Assert.Equal(NoticeOutcome.Injected, await host.NextOutcomeAsync());
    }
}
