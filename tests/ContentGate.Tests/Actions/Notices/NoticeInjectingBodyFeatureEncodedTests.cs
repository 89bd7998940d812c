using System.IO.Compression;
using System.Text;
using ContentGate.Actions.Notices;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Tests.Actions.Notices;

/// <summary>
/// A page that arrives compressed: decoded as it is written, the notice put where it goes in the plain page, and the
/// page compressed again as the reader accepts.
/// </summary>
public class NoticeInjectingBodyFeatureEncodedTests
{
    private const string Notice = "<aside data-contentgate-notice>Внимание</aside>";
    private static readonly NoticeInjection s_notice = NoticeInjection.Create(Notice, cdnCacheKeyIncludesRegion: false);

    private static readonly string Page =
        "<!DOCTYPE html><html><head><title>T</title><!-- <body> --><script>var s = \"<body>\";</script></head>" +
        "<body class=\"a\"><h1>Заголовок</h1><p>" + string.Concat(Enumerable.Repeat("text ", 20)) + "</p></body></html>";

    private static readonly string Expected = Page.Replace("<body class=\"a\">", "<body class=\"a\">" + Notice, StringComparison.Ordinal);

    public static TheoryData<string, string?, string?> Negotiations => new()
    {
        // origin coding, the reader's Accept-Encoding, what the reader gets
        { "gzip", "gzip, deflate, br", "gzip" },
        { "br", "gzip, deflate, br", "br" },
        { "deflate", "gzip, deflate, br", "br" },
        { "deflate-raw", "gzip", "gzip" },
        { "gzip", "br", "br" },
        { "br", "gzip;q=1, br;q=0", "gzip" },
        { "gzip", null, null },
        { "br", "identity", null },
        { "gzip", "gzip;q=0, br;q=0", null },
        { "deflate", "deflate", null },
        { "br", "*", "br" },
        { "gzip", "*;q=0", null },
    };

    [Theory]
    [MemberData(nameof(Negotiations))]
    public async Task WriteAsync_PageInACoding_SplitAtEveryByte_GetsTheNoticeOnceRightAfterBody_InTheCodingTheReaderAccepts(
        string origin, string? acceptEncoding, string? expectedEncoding)
    {
        var encoded = EncodedPages.Encode(Encoding.UTF8.GetBytes(Page), origin);
        for (var split = 0; split <= encoded.Length; split++)
        {
            var context = EncodedContext(EncodedPages.Label(origin), acceptEncoding, encoded.Length);
            var inner = new RecordingResponseBody(keepCopy: true);
            var feature = new NoticeInjectingBodyFeature(context, inner, s_notice);

            await feature.WriteAsync(encoded.AsMemory(0, split));
            await feature.WriteAsync(encoded.AsMemory(split));
            await feature.FinishAsync();

            Assert.Equal(NoticeOutcome.Injected, feature.Outcome);
            var headers = context.Response.Headers;
            Assert.Equal(expectedEncoding ?? string.Empty, headers.ContentEncoding.ToString());
            Assert.Equal(Expected, Encoding.UTF8.GetString(EncodedPages.Decode(inner.Copy, expectedEncoding)));
            Assert.Null(headers.ContentLength);
            Assert.False(headers.ContainsKey("ETag"));
            Assert.Equal("Accept-Language,Accept-Encoding", headers.Vary.ToString()); // two values
            Assert.Equal("private, max-age=60", headers.CacheControl.ToString());
        }
    }

    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("br", "br")]
    [InlineData("deflate", null)]
    [InlineData("deflate-raw", "br")]
    public void WriteByte_PageInACoding_OneByteAtATime_GetsTheNotice(string origin, string? acceptEncoding)
    {
        var encoded = EncodedPages.Encode(Encoding.UTF8.GetBytes(Page), origin);
        var context = EncodedContext(EncodedPages.Label(origin), acceptEncoding, encoded.Length);
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(context, inner, s_notice);

        foreach (var b in encoded)
        {
            feature.WriteByte(b);
        }

        Assert.True(feature.FinishAsync().IsCompletedSuccessfully);
        Assert.Equal(Expected, Encoding.UTF8.GetString(EncodedPages.Decode(inner.Copy, acceptEncoding)));
    }

    // Several decoded buffers per write, and a server that reads each buffer only when it completes the write: a
    // decoder that reused its buffer before the write was done would show here.
    [Theory]
    [InlineData("gzip", null)]
    [InlineData("br", "gzip")]
    public async Task WriteAsync_LargePage_WithServerWritesCompletingLater_KeepsEveryByteInOrder(string origin, string? acceptEncoding)
    {
        var page = Encoding.UTF8.GetBytes(Page.Replace("</p>", string.Concat(Enumerable.Range(0, 20_000).Select(i => $"<i>{i}</i>")) + "</p>", StringComparison.Ordinal));
        var encoded = EncodedPages.Encode(page, origin);
        var context = EncodedContext(origin, acceptEncoding, encoded.Length);
        var inner = new RecordingResponseBody(keepCopy: true, deferAsyncWrites: true);
        var feature = new NoticeInjectingBodyFeature(context, inner, s_notice);

        for (var at = 0; at < encoded.Length; at += 1000)
        {
            await inner.DriveAsync(feature.WriteAsync(encoded.AsMemory(at, Math.Min(1000, encoded.Length - at))).AsTask());
        }

        await inner.DriveAsync(feature.FinishAsync());

        var expected = Encoding.UTF8.GetString(page).Replace("<body class=\"a\">", "<body class=\"a\">" + Notice, StringComparison.Ordinal);
        Assert.True(page.Length > 8 * ContentDecoder.BufferSize);
        Assert.Equal(expected, Encoding.UTF8.GetString(EncodedPages.Decode(inner.Copy, acceptEncoding)));
    }

    // The origin streams: it compresses the first part, flushes its compressor and the response, and only then writes
    // the rest. The reader can read the first part, notice included, before the rest comes.
    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip", "br")]
    [InlineData("br", null)]
    [InlineData("deflate", "gzip")]
    public async Task FlushAsync_AfterFirstPart_SendsItDecodable_BeforeTheRestComes(string origin, string? acceptEncoding)
    {
        const string First = "<!DOCTYPE html><html><head></head><body><p>first part</p>";
        const string Rest = "<p>second part</p></body></html>";
        using var origin_ = new MemoryStream();
        var compressor = EncodedPages.Compressor(origin_, origin);
        compressor.Write(Encoding.UTF8.GetBytes(First));
        compressor.Flush();
        var firstBytes = origin_.ToArray();
        compressor.Write(Encoding.UTF8.GetBytes(Rest));
        compressor.Dispose();
        var restBytes = origin_.ToArray()[firstBytes.Length..];

        var context = EncodedContext(origin, acceptEncoding, contentLength: null);
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(context, inner, s_notice);
        await feature.WriteAsync(firstBytes);
        await feature.FlushAsync();

        var soFar = Encoding.UTF8.GetString(EncodedPages.DecodeSoFar(inner.Copy, acceptEncoding));
        Assert.Equal("<!DOCTYPE html><html><head></head><body>" + Notice + "<p>first part</p>", soFar);
        Assert.Equal(1, inner.Flushes);

        await feature.WriteAsync(restBytes);
        await feature.FinishAsync();
        Assert.Equal("<!DOCTYPE html><html><head></head><body>" + Notice + "<p>first part</p><p>second part</p></body></html>",
            Encoding.UTF8.GetString(EncodedPages.Decode(inner.Copy, acceptEncoding)));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task WriteAsync_CorruptData_AbortsWithCorruptEncoding_AndSendsNothingMore(string origin)
    {
        var encoded = EncodedPages.Encode(Encoding.UTF8.GetBytes(Page), origin);
        for (var i = encoded.Length / 3; i < encoded.Length / 3 + 16; i++)
        {
            encoded[i] ^= 0x5A;
        }

        var context = EncodedContext(origin, "gzip", encoded.Length);
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(context, inner, s_notice);

        await feature.WriteAsync(encoded.AsMemory(0, encoded.Length / 2));
        var sent = inner.BytesWritten;
        await feature.WriteAsync(encoded.AsMemory(encoded.Length / 2));
        await feature.FlushAsync();
        await feature.FinishAsync();

        Assert.Equal(NoticeOutcome.CorruptEncoding, feature.Outcome);
        Assert.Equal(sent, inner.BytesWritten); // not even the end of the gzip data: the response must not look whole
        Assert.Equal(0, inner.Flushes);
    }

    [Fact]
    public async Task WriteAsync_PlainHtmlLabelledGzip_IsCorruptEncoding_BeforeAnyByteIsSent()
    {
        var context = EncodedContext("gzip", "gzip", contentLength: null);
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(context, inner, s_notice);

        await feature.WriteAsync(Encoding.UTF8.GetBytes(Page));
        await feature.FinishAsync();

        Assert.Equal(NoticeOutcome.CorruptEncoding, feature.Outcome);
        Assert.Equal(0, inner.BytesWritten);
    }

    [Fact]
    public async Task FinishAsync_BrotliPageCutShort_IsCorruptEncoding_AndTheDataIsNotCompleted()
    {
        var encoded = EncodedPages.Encode(Encoding.UTF8.GetBytes(Page), "br");
        var context = EncodedContext("br", null, contentLength: null);
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(context, inner, s_notice);

        await feature.WriteAsync(encoded.AsMemory(0, encoded.Length - 3));
        var sent = inner.BytesWritten;
        await feature.FinishAsync();

        Assert.Equal(NoticeOutcome.CorruptEncoding, feature.Outcome);
        Assert.Equal(sent, inner.BytesWritten); // the held-back bytes and the end never went out
    }

    // The framework's gzip and deflate readers cannot say whether the data reached its end, so a gzip page the origin
    // cut short (and still ended the response normally) goes out as far as it decoded, the notice in it.
    [Fact]
    public async Task FinishAsync_GzipPageCutShort_SendsWhatDecoded()
    {
        var encoded = EncodedPages.Encode(Encoding.UTF8.GetBytes(Page), "gzip");
        var context = EncodedContext("gzip", null, contentLength: null);
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(context, inner, s_notice);

        await feature.WriteAsync(encoded.AsMemory(0, encoded.Length - 8)); // the whole deflate data, without gzip's check
        await feature.FinishAsync();

        Assert.Equal(NoticeOutcome.Injected, feature.Outcome);
        Assert.Equal(Expected, Encoding.UTF8.GetString(inner.Copy));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task WriteAsync_BytesAfterTheEndOfTheData_AreIgnored(string origin)
    {
        byte[] encoded = [.. EncodedPages.Encode(Encoding.UTF8.GetBytes(Page), origin), .. "<body>trailing garbage"u8];
        var context = EncodedContext(origin, origin, encoded.Length);
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(context, inner, s_notice);

        await feature.WriteAsync(encoded);
        await feature.FinishAsync();

        Assert.Equal(NoticeOutcome.Injected, feature.Outcome);
        Assert.Equal(Expected, Encoding.UTF8.GetString(EncodedPages.Decode(inner.Copy, origin)));
    }

    [Fact]
    public async Task WriteAsync_TwoGzipMembers_AreOnePage()
    {
        var bytes = Encoding.UTF8.GetBytes(Page);
        byte[] encoded = [.. EncodedPages.Encode(bytes.AsSpan(0, 50), "gzip"), .. EncodedPages.Encode(bytes.AsSpan(50), "gzip")];
        var context = EncodedContext("gzip", null, encoded.Length);
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(context, inner, s_notice);

        await feature.WriteAsync(encoded);
        await feature.FinishAsync();

        Assert.Equal(Expected, Encoding.UTF8.GetString(inner.Copy));
    }

    [Fact]
    public async Task FinishAsync_EmptyBodyLabelledGzip_SendsAnEmptyPageInTheReadersCoding()
    {
        var context = EncodedContext("gzip", "gzip", contentLength: 0);
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(context, inner, s_notice);

        await feature.FinishAsync();

        Assert.Equal(NoticeOutcome.NoBodyTag, feature.Outcome);
        Assert.Empty(EncodedPages.Decode(inner.Copy, "gzip"));
    }

    [Fact]
    public async Task Dispose_BeforeFinish_FreesTheCodecs_WithoutEndingTheData()
    {
        var encoded = EncodedPages.Encode(Encoding.UTF8.GetBytes(Page), "gzip");
        var context = EncodedContext("gzip", "gzip", encoded.Length);
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(context, inner, s_notice);
        await feature.WriteAsync(encoded);
        await feature.FlushAsync();
        var sent = inner.BytesWritten;

        feature.Dispose();

        Assert.Equal(sent, inner.BytesWritten);
        Assert.Equal([0x00, 0x00, 0xFF, 0xFF], inner.Copy[^4..]); // ends at the flush's empty block: no last block, no gzip trailer
    }

    [Fact]
    public async Task WriteAsync_EncodedPage_ForAVisitorWithNoNotice_IsPassedThroughByteForByte()
    {
        var encoded = EncodedPages.Encode(Encoding.UTF8.GetBytes(Page), "br");
        var context = EncodedContext("br", "gzip", encoded.Length);
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(context, inner, NoticeInjection.CacheRulesOnly(cdnCacheKeyIncludesRegion: false));

        await feature.WriteAsync(encoded);
        await feature.FinishAsync();

        Assert.Equal(NoticeOutcome.EmptyNotice, feature.Outcome);
        Assert.Equal(encoded, inner.Copy);
        Assert.Equal("br", context.Response.Headers.ContentEncoding.ToString());
        Assert.Equal(encoded.Length, context.Response.Headers.ContentLength);
        Assert.Equal("Accept-Language", context.Response.Headers.Vary.ToString());
    }

    private static DefaultHttpContext EncodedContext(string contentEncoding, string? acceptEncoding, long? contentLength)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        if (acceptEncoding is not null)
        {
            context.Request.Headers.AcceptEncoding = acceptEncoding;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.ContentEncoding = EncodedPages.Label(contentEncoding);
        context.Response.Headers.ContentLength = contentLength;
        context.Response.Headers.ETag = "\"v1\"";
        context.Response.Headers.Vary = "Accept-Language";
        context.Response.Headers.CacheControl = "public, max-age=60";
        return context;
    }
}
