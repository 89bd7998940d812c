using System.Buffers;
using System.Net;
using System.Text;
using ContentGate.Actions.Notices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ContentGate.Tests.Actions.Notices;

/// <summary>The feature inside a real ASP.NET Core pipeline (TestServer), written to in every way apps write.</summary>
public class NoticeInjectingBodyFeatureTests
{
    private const string NoticeHtml = "<div data-contentgate-notice=\"test\">Внимание: 😀</div>";
    private const string Html = "text/html; charset=utf-8";
    private const string Page = "<!DOCTYPE html><html><head><script>var x = \"<body>\";</script></head><BODY class=\"a>b\">‸<p>Текст</p><body></body></html>";

    private const string BodyEndHtml = "<footer data-contentgate-notice=\"end\">Конец</footer>";
    private const string MarkerHtml = "<div data-contentgate-notice=\"marker\">Метка</div>";
    private const string PlacementPage = "<!DOCTYPE html><html><head><script>var x = \"<body></body>\";</script><!-- contentgate:notice --></head>"
        + "<BODY class=\"a>b\">‸<p>Текст</p><!-- contentgate:notice -->⁁<script>\"</body>\"</script><body>⁋</BODY ></html>";

    private const NoticePlacements All = NoticePlacements.AfterBodyStart | NoticePlacements.BeforeBodyEnd | NoticePlacements.AtMarker;

    private static readonly NoticeInjection s_notice = NoticeInjection.Create(NoticeHtml, cdnCacheKeyIncludesRegion: false);
    private static readonly NoticeInjection s_everywhere = NoticeInjection.Create(NoticeHtml, BodyEndHtml, MarkerHtml, cdnCacheKeyIncludesRegion: false);
    private static readonly byte[] s_utf8BodyEnd = Encoding.UTF8.GetBytes(BodyEndHtml);
    private static readonly byte[] s_utf8Marker = Encoding.UTF8.GetBytes(MarkerHtml);
    private static readonly byte[] s_utf8Notice = Encoding.UTF8.GetBytes(NoticeHtml);
    private static readonly byte[] s_asciiNotice = "<div data-contentgate-notice=\"test\">&#x412;&#x43D;&#x438;&#x43C;&#x430;&#x43D;&#x438;&#x435;: &#x1F600;</div>"u8.ToArray();

    public static TheoryData<string> WriteMethods => new()
    {
        "Response.WriteAsync",
        "Body.WriteAsync(memory)",
        "Body.WriteAsync(array)",
        "Body.Write",
        "Body.WriteByte",
        "Body.BeginWrite",
        "BodyWriter.Write",
        "BodyWriter.WriteAsync",
    };

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
        { "GET", 200, Html, "gzip", null, nameof(NoticeOutcome.ContentEncoded) },
        { "GET", 200, Html, "identity, br", null, nameof(NoticeOutcome.ContentEncoded) },
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

    [Theory]
    [MemberData(nameof(WriteMethods))]
    public async Task Response_WithEachWriteMethod_InjectsNoticeAfterBodyTag(string method)
    {
        await using var host = await NoticeTestHost.StartAsync(s_notice, async context =>
        {
            // Only the synchronous paths may block; TestServer throws if any other path writes synchronously.
            context.Features.GetRequiredFeature<IHttpBodyControlFeature>().AllowSynchronousIO = method is "Body.Write" or "Body.WriteByte";
            context.Response.ContentType = Html;
            await WriteAsync(context.Response, TestPages.Bytes(Page), method);
        });

        var body = await host.Client.GetByteArrayAsync("/");

        Assert.Equal(TestPages.Expected(Page, s_utf8Notice), body);
        Assert.Equal(NoticeOutcome.Injected, await host.NextOutcomeAsync());
    }

    // Issue 10's table ("‸" where the parser's body starts; none when it has no body start to put content after).
    public static TheoryData<string, string> StandardPageWriteCases()
    {
        string[] pages =
        [
            "<script><!--<SCRIPT </SCRIPT><bOdY></script><body>‸",
            "<SCRIPT><!--<script\n</script><body>",
            "<TEMPLATE><BoDy></TEMPLATE><bOdY>‸",
            "<!DOCTYPE html>‸<math><![CDATA[><body>",
            "<template><col><script></TEMPLATE><BODY>‸",
            "<frameset><script><!--</script><bOdY>",
        ];

        var cases = new TheoryData<string, string>();
        foreach (var page in pages)
        {
            foreach (var method in WriteMethods)
            {
                cases.Add(page, method);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(StandardPageWriteCases))]
    public async Task Response_WithStandardPageAndEachWriteMethod_InjectsWhereTheParserPutsTheBody(string page, string method)
    {
        await using var host = await NoticeTestHost.StartAsync(s_notice, async context =>
        {
            context.Features.GetRequiredFeature<IHttpBodyControlFeature>().AllowSynchronousIO = method is "Body.Write" or "Body.WriteByte";
            context.Response.ContentType = Html;
            await WriteAsync(context.Response, TestPages.Bytes(page), method);
        });

        var body = await host.Client.GetByteArrayAsync("/");

        Assert.Equal(TestPages.Expected(page, s_utf8Notice), body);
        Assert.Equal(page.Contains(TestPages.BodyStartMark, StringComparison.Ordinal) ? NoticeOutcome.Injected : NoticeOutcome.NoBodyTag, await host.NextOutcomeAsync());
    }

    [Fact]
    public async Task Write_WithBodyTagSplitAtEveryByte_InjectsOnce()
    {
        var page = TestPages.Bytes(Page);
        await using var host = await NoticeTestHost.StartAsync(s_notice, async context =>
        {
            var split = int.Parse(context.Request.Query["split"]!, System.Globalization.CultureInfo.InvariantCulture);
            context.Response.ContentType = Html;
            await context.Response.Body.WriteAsync(page.AsMemory(0, split));
            await context.Response.Body.FlushAsync();
            await context.Response.Body.WriteAsync(page.AsMemory(split));
        });

        for (var split = 0; split <= page.Length; split++)
        {
            var body = await host.Client.GetByteArrayAsync($"/?split={split}");

            Assert.Equal(TestPages.Expected(Page, s_utf8Notice), body);
            Assert.Equal(NoticeOutcome.Injected, await host.NextOutcomeAsync());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(100_000)]
    public async Task Response_WithRealisticPageInChunks_InjectsOnceAfterRealBodyTag(int chunkSize)
    {
        var page = TestPages.Bytes(TestPages.Realistic);
        await using var host = await NoticeTestHost.StartAsync(s_notice, async context =>
        {
            context.Response.ContentType = Html;
            for (var offset = 0; offset < page.Length; offset += chunkSize)
            {
                await context.Response.Body.WriteAsync(page.AsMemory(offset, Math.Min(chunkSize, page.Length - offset)));
            }
        });

        var body = await host.Client.GetByteArrayAsync("/");

        Assert.Equal(TestPages.Expected(TestPages.Realistic, s_utf8Notice), body);
        Assert.Equal(NoticeOutcome.Injected, await host.NextOutcomeAsync());
    }

    [Theory]
    [InlineData(0L, null)]
    [InlineData(15L, 90L)]
    public async Task Response_WithSendFileAsync_StreamsFileThroughScanner(long offset, long? count)
    {
        var (page, insertAt) = TestPages.Parse(Page);
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, page);
            await using var host = await NoticeTestHost.StartAsync(s_notice, context =>
            {
                context.Response.ContentType = Html;
                return context.Response.SendFileAsync(path, offset, count);
            });

            var body = await host.Client.GetByteArrayAsync("/");

            var sent = page.AsSpan((int)offset, (int)(count ?? page.Length - offset)).ToArray();
            Assert.Equal(Inject(sent, s_utf8Notice, insertAt - (int)offset), body);
            Assert.Equal(NoticeOutcome.Injected, await host.NextOutcomeAsync());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Response_WithSendFileAsyncOfNonHtml_LeavesFileToServer()
    {
        var page = TestPages.Bytes(Page);
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, page);
            await using var host = await NoticeTestHost.StartAsync(s_notice, context =>
            {
                context.Response.ContentType = "application/octet-stream";
                return context.Response.SendFileAsync(path);
            });

            var body = await host.Client.GetByteArrayAsync("/");

            Assert.Equal(page, body);
            Assert.Equal(NoticeOutcome.NotHtml, await host.NextOutcomeAsync());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Response_WithStartAsyncThenWrites_AppliesHeaderRulesBeforeStartAndInjects()
    {
        var page = TestPages.Bytes(Page);
        await using var host = await NoticeTestHost.StartAsync(s_notice, async context =>
        {
            context.Response.ContentType = Html;
            SetCacheableHeaders(context.Response, page.Length);
            await context.Response.StartAsync();
            Assert.True(context.Response.HasStarted);
            await context.Response.Body.WriteAsync(page);
        });

        using var response = await host.Client.GetAsync("/");

        Assert.Equal(TestPages.Expected(Page, s_utf8Notice), await response.Content.ReadAsByteArrayAsync());
        AssertRewrittenHeaders(response, expectedCacheControl: "private, max-age=60");
        Assert.Equal(NoticeOutcome.Injected, await host.NextOutcomeAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Response_WithFlushBeforeFirstWrite_DecidesOnFlushAndInjects(bool synchronous)
    {
        var page = TestPages.Bytes(Page);
        await using var host = await NoticeTestHost.StartAsync(s_notice, async context =>
        {
            context.Features.GetRequiredFeature<IHttpBodyControlFeature>().AllowSynchronousIO = true;
            context.Response.ContentType = Html;
            SetCacheableHeaders(context.Response, page.Length);
            if (synchronous)
            {
                context.Response.Body.Flush();
            }
            else
            {
                await context.Response.Body.FlushAsync();
            }

            await context.Response.Body.WriteAsync(page.AsMemory(0, 20));
            await context.Response.Body.FlushAsync();
            await context.Response.Body.WriteAsync(page.AsMemory(20));
        });

        using var response = await host.Client.GetAsync("/");

        Assert.Equal(TestPages.Expected(Page, s_utf8Notice), await response.Content.ReadAsByteArrayAsync());
        AssertRewrittenHeaders(response, expectedCacheControl: "private, max-age=60");
        Assert.Equal(NoticeOutcome.Injected, await host.NextOutcomeAsync());
    }

    [Fact]
    public async Task Response_WithCompleteAsyncInEndpoint_InjectsAndFinishesOnce()
    {
        var page = TestPages.Bytes(Page);
        await using var host = await NoticeTestHost.StartAsync(s_notice, async context =>
        {
            context.Response.ContentType = Html;
            await context.Response.BodyWriter.WriteAsync(page);
            await context.Response.CompleteAsync();
        });

        var body = await host.Client.GetByteArrayAsync("/");

        Assert.Equal(TestPages.Expected(Page, s_utf8Notice), body);
        Assert.Equal(NoticeOutcome.Injected, await host.NextOutcomeAsync());
    }

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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Response_WithStreamingHtml_DeliversNoticeAndFirstPartBeforeServerFinishes(bool useBodyWriter)
    {
        var first = "<html><body><p>first</p>"u8.ToArray();
        var second = "<p>second</p></body></html>"u8.ToArray();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var serverFinished = false;
        await using var host = await NoticeTestHost.StartAsync(s_notice, async context =>
        {
            context.Response.ContentType = Html;
            if (useBodyWriter)
            {
                context.Response.BodyWriter.Write(first);
                await context.Response.BodyWriter.FlushAsync();
            }
            else
            {
                await context.Response.Body.WriteAsync(first);
                await context.Response.Body.FlushAsync();
            }

            await release.Task;
            await context.Response.Body.WriteAsync(second);
            serverFinished = true;
        });

        using var response = await host.Client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var firstPart = await ReadExactlyAsync(stream, first.Length + s_utf8Notice.Length);

        Assert.False(serverFinished);
        Assert.Equal(Inject(first, s_utf8Notice, "<html><body>".Length), firstPart);
        release.SetResult();
        Assert.Equal(second, await ReadToEndAsync(stream));
        Assert.Equal(NoticeOutcome.Injected, await host.NextOutcomeAsync());
    }

    [Fact]
    public async Task Response_WithServerSentEvents_StreamsEachEventUntouched()
    {
        var firstEvent = "data: <body>one</body>\n\n"u8.ToArray();
        var secondEvent = "data: two\n\n"u8.ToArray();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await NoticeTestHost.StartAsync(s_notice, async context =>
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.Body.WriteAsync(firstEvent);
            await context.Response.Body.FlushAsync();
            await release.Task;
            await context.Response.Body.WriteAsync(secondEvent);
            await context.Response.Body.FlushAsync();
        });

        using var response = await host.Client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();

        Assert.Equal(firstEvent, await ReadExactlyAsync(stream, firstEvent.Length));
        release.SetResult();
        Assert.Equal(secondEvent, await ReadToEndAsync(stream));
        Assert.Equal("no-cache", RawHeader(response, "Cache-Control"));
        Assert.Equal(NoticeOutcome.NotHtml, await host.NextOutcomeAsync());
    }

    [Theory]
    [MemberData(nameof(WriteMethods))]
    public async Task Response_WithEachWriteMethodAndAllPlacements_InsertsEachOnce(string method)
    {
        await using var host = await NoticeTestHost.StartAsync(s_everywhere, async context =>
        {
            context.Features.GetRequiredFeature<IHttpBodyControlFeature>().AllowSynchronousIO = method is "Body.Write" or "Body.WriteByte";
            context.Response.ContentType = Html;
            await WriteAsync(context.Response, TestPages.Bytes(PlacementPage), method);
        });

        var body = await host.Client.GetByteArrayAsync("/");

        Assert.Equal(ExpectedEverywhere(PlacementPage), body);
        Assert.Equal((NoticeOutcome.Injected, All), await host.NextResultAsync());
    }

    [Fact]
    public async Task Write_WithAllPlacementsSplitAtEveryByte_InsertsEachOnce()
    {
        var page = TestPages.Bytes(PlacementPage);
        await using var host = await NoticeTestHost.StartAsync(s_everywhere, async context =>
        {
            var split = int.Parse(context.Request.Query["split"]!, System.Globalization.CultureInfo.InvariantCulture);
            context.Response.ContentType = Html;
            await context.Response.Body.WriteAsync(page.AsMemory(0, split));
            await context.Response.Body.FlushAsync();
            await context.Response.Body.WriteAsync(page.AsMemory(split));
        });

        for (var split = 0; split <= page.Length; split++)
        {
            var body = await host.Client.GetByteArrayAsync($"/?split={split}");

            Assert.Equal(ExpectedEverywhere(PlacementPage), body);
            Assert.Equal((NoticeOutcome.Injected, All), await host.NextResultAsync());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(100_000)]
    public async Task Response_WithRealisticPageInChunksAndAllPlacements_InsertsEachOnceAtRealPlaces(int chunkSize)
    {
        var page = TestPages.Bytes(TestPages.Realistic);
        await using var host = await NoticeTestHost.StartAsync(s_everywhere, async context =>
        {
            context.Response.ContentType = Html;
            for (var offset = 0; offset < page.Length; offset += chunkSize)
            {
                await context.Response.Body.WriteAsync(page.AsMemory(offset, Math.Min(chunkSize, page.Length - offset)));
            }
        });

        var body = await host.Client.GetByteArrayAsync("/");

        Assert.Equal(ExpectedEverywhere(TestPages.Realistic), body);
        Assert.Equal((NoticeOutcome.Injected, All), await host.NextResultAsync());
    }

    [Theory]
    [InlineData("<html><body><p>first</p></bo", "dy></html>", "<html><body>‸<p>first</p>⁋</body></html>", 4)]
    [InlineData("<html><body><p><b>first</b", "></p></body></html>", "<html><body>‸<p><b>first</b></p>⁋</body></html>", 3)]
    [InlineData("<html><body><p>first</p><", "!-- contentgate:notice --></body></html>", "<html><body>‸<p>first</p><!-- contentgate:notice -->⁁⁋</body></html>", 1)]
    [InlineData("<html><body><p>first</p></BODY", "\n></html>", "<html><body>‸<p>first</p>⁋</BODY\n></html>", 6)]
    public async Task Response_WithFlushWhileHoldingPossibleBodyEndTag_DeliversAllButHeldBytesBeforeServerFinishes(
        string firstPart, string secondPart, string page, int held)
    {
        var first = Encoding.UTF8.GetBytes(firstPart);
        var second = Encoding.UTF8.GetBytes(secondPart);
        var expected = ExpectedEverywhere(page);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var serverFinished = false;
        await using var host = await NoticeTestHost.StartAsync(s_everywhere, async context =>
        {
            context.Response.ContentType = Html;
            await context.Response.Body.WriteAsync(first);
            await context.Response.Body.FlushAsync();
            await release.Task;
            await context.Response.Body.WriteAsync(second);
            serverFinished = true;
        });

        using var response = await host.Client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var delivered = first.Length - held + s_utf8Notice.Length;
        var firstReceived = await ReadExactlyAsync(stream, delivered);

        Assert.False(serverFinished);
        Assert.Equal(expected.AsSpan(0, delivered).ToArray(), firstReceived);
        Assert.Equal(Inject(first[..^held], s_utf8Notice, "<html><body>".Length), firstReceived);
        release.SetResult();
        Assert.Equal(expected.AsSpan(delivered).ToArray(), await ReadToEndAsync(stream));
        Assert.Equal(NoticeOutcome.Injected, (await host.NextResultAsync()).Outcome);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Response_WithoutBodyEndTag_AppendsMarkerFallbackThenBeforeBodyEndContentAtEnd(bool useBodyWriter)
    {
        const string Page = "<html><body>‸<p>Текст</p><p>cut off</";
        await using var host = await NoticeTestHost.StartAsync(s_everywhere, async context =>
        {
            context.Response.ContentType = Html;
            if (useBodyWriter)
            {
                context.Response.BodyWriter.Write(TestPages.Bytes(Page)); // flushed only when the middleware finishes
            }
            else
            {
                await context.Response.Body.WriteAsync(TestPages.Bytes(Page));
            }
        });

        var body = await host.Client.GetByteArrayAsync("/");

        // The end of the document leaves "</" as text: the content goes before it, never into what might be a tag.
        var expected = TestPages.Expected(Page, s_utf8Notice);
        Assert.Equal([.. expected[..^2], .. s_utf8Marker, .. s_utf8BodyEnd, .. "</"u8], body);
        Assert.Equal(
            (NoticeOutcome.Injected, All | NoticePlacements.MarkerFallback | NoticePlacements.AppendedAtEnd),
            await host.NextResultAsync());
    }

    [Fact]
    public async Task Response_WithAllPlacementsButNoBodyTag_PassesBytesThroughUnchanged()
    {
        var fragment = "<div><!-- contentgate:notice --><p>Только фрагмент</p></div></body>"u8.ToArray();
        await using var host = await NoticeTestHost.StartAsync(s_everywhere, async context =>
        {
            context.Response.ContentType = Html;
            await context.Response.Body.WriteAsync(fragment);
        });

        var body = await host.Client.GetByteArrayAsync("/");

        Assert.Equal(fragment, body);
        Assert.Equal((NoticeOutcome.NoBodyTag, NoticePlacements.None), await host.NextResultAsync());
    }

    [Theory]
    [InlineData(0L, null)]
    [InlineData(15L, null)]
    public async Task Response_WithSendFileAsyncAndAllPlacements_StreamsFileThroughScanner(long offset, long? count)
    {
        var page = TestPages.Bytes(PlacementPage);
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, page);
            await using var host = await NoticeTestHost.StartAsync(s_everywhere, context =>
            {
                context.Response.ContentType = Html;
                return context.Response.SendFileAsync(path, offset, count);
            });

            var body = await host.Client.GetByteArrayAsync("/");

            Assert.Equal(ExpectedEverywhere(PlacementPage).AsSpan((int)offset).ToArray(), body);
            Assert.Equal((NoticeOutcome.Injected, All), await host.NextResultAsync());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Response_WithAllPlacements_AppliesSameHeaderRules()
    {
        var page = TestPages.Bytes(PlacementPage);
        await using var host = await NoticeTestHost.StartAsync(s_everywhere, async context =>
        {
            context.Response.ContentType = Html;
            SetCacheableHeaders(context.Response, page.Length);
            await context.Response.Body.WriteAsync(page);
        });

        using var response = await host.Client.GetAsync("/");

        Assert.Equal(ExpectedEverywhere(PlacementPage), await response.Content.ReadAsByteArrayAsync());
        AssertRewrittenHeaders(response, expectedCacheControl: "private, max-age=60");
    }

    public static TheoryData<string, string> PassThroughWriteCases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var placement in new[] { "AfterBodyStart", "BeforeBodyEnd" })
        {
            foreach (var method in WriteMethods)
            {
                cases.Add(placement, method);
            }

            cases.Add(placement, "SendFileAsync");
        }

        return cases;
    }

    // Once the only place this response needs is filled, the rest of the page goes through untouched, in whatever
    // way the app writes it, even when it holds what would be a place while scanning.
    [Theory]
    [MemberData(nameof(PassThroughWriteCases))]
    public async Task Response_AfterEveryPlaceIsFilled_PassesRestThroughWithEachWriteMethod(string placement, string method)
    {
        var (injection, first, expectedFirst) = placement == "AfterBodyStart"
            ? (s_notice, "<!DOCTYPE html><html><head></head><body class=\"a\">", "<!DOCTYPE html><html><head></head><body class=\"a\">" + NoticeHtml)
            : (NoticeInjection.Create(string.Empty, BodyEndHtml, string.Empty, cdnCacheKeyIncludesRegion: false),
                "<!DOCTYPE html><html><body><p>Текст</p></body>", "<!DOCTYPE html><html><body><p>Текст</p>" + BodyEndHtml + "</body>");
        const string Rest = "<p>Ещё</p><body></body><!-- contentgate:notice --></BODY></html>";
        var rest = Encoding.UTF8.GetBytes(Rest);
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, rest);
            await using var host = await NoticeTestHost.StartAsync(injection, async context =>
            {
                context.Features.GetRequiredFeature<IHttpBodyControlFeature>().AllowSynchronousIO = method is "Body.Write" or "Body.WriteByte";
                context.Response.ContentType = Html;
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(first));
                await context.Response.Body.FlushAsync();
                if (method == "SendFileAsync")
                {
                    await context.Response.SendFileAsync(path);
                }
                else
                {
                    await WriteAsync(context.Response, rest, method);
                }
            });

            var body = await host.Client.GetByteArrayAsync("/");

            Assert.Equal(expectedFirst + Rest, Encoding.UTF8.GetString(body));
            Assert.Equal((NoticeOutcome.Injected, Enum.Parse<NoticePlacements>(placement)), await host.NextResultAsync());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] ExpectedEverywhere(string page) => TestPages.Expected(page, s_utf8Notice, s_utf8BodyEnd, s_utf8Marker);

    private static async Task WriteAsync(HttpResponse response, byte[] page, string method)
    {
        switch (method)
        {
            case "Response.WriteAsync":
                await response.WriteAsync(Encoding.UTF8.GetString(page));
                break;
            case "Body.WriteAsync(memory)":
                await response.Body.WriteAsync(page.AsMemory());
                break;
            case "Body.WriteAsync(array)":
#pragma warning disable CA1835 // The array overload is one of the write paths under test.
                await response.Body.WriteAsync(page, 0, page.Length);
#pragma warning restore CA1835
                break;
            case "Body.Write":
                response.Body.Write(page, 0, page.Length);
                break;
            case "Body.WriteByte":
                foreach (var b in page)
                {
                    response.Body.WriteByte(b);
                }

                break;
            case "Body.BeginWrite":
                await Task.Factory.FromAsync(response.Body.BeginWrite, response.Body.EndWrite, page, 0, page.Length, null);
                break;
            case "BodyWriter.Write":
                response.BodyWriter.Write(page); // flushed only when the middleware finishes
                break;
            case "BodyWriter.WriteAsync":
                await response.BodyWriter.WriteAsync(page);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, null);
        }
    }

    private static void SetCacheableHeaders(HttpResponse response, long? contentLength)
    {
        response.ContentLength = contentLength;
        response.Headers.ETag = "\"v1\"";
        response.Headers.LastModified = "Wed, 01 Jan 2025 00:00:00 GMT";
        response.Headers.AcceptRanges = "bytes";
        response.Headers.CacheControl = "public, max-age=60";
    }

    private static void AssertRewrittenHeaders(HttpResponseMessage response, string expectedCacheControl)
    {
        Assert.Null(RawHeader(response, "Content-Length"));
        Assert.Null(RawHeader(response, "ETag"));
        Assert.Null(RawHeader(response, "Last-Modified"));
        Assert.Null(RawHeader(response, "Accept-Ranges"));
        Assert.Equal(expectedCacheControl, RawHeader(response, "Cache-Control"));
    }

    // The header as the server sent it, without HttpClient's parsing and re-formatting.
    private static string? RawHeader(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) || response.Content.Headers.NonValidated.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    private static byte[] Inject(byte[] page, byte[] notice, int insertAt) =>
        [.. page.AsSpan(0, insertAt), .. notice, .. page.AsSpan(insertAt)];

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int length)
    {
        // Guards against a hang when bytes are held back; not a timing assertion.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer, timeout.Token);
        return buffer;
    }

    private static async Task<byte[]> ReadToEndAsync(Stream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, timeout.Token);
        return copy.ToArray();
    }
}
