using System.Buffers;
using System.Net;
using System.Text;
using ContentGate.Actions.Notices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ContentGate.Tests.Actions.Notices;

/// <summary>The feature inside a real ASP.NET Core pipeline (TestServer), written to in every way apps write.</summary>
public partial class NoticeInjectingBodyFeatureTests
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
