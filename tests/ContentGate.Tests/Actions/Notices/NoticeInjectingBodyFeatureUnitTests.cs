using System.Buffers;
using System.Text;
using ContentGate.Actions.Notices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using NSubstitute;

namespace ContentGate.Tests.Actions.Notices;

/// <summary>The feature on its own, over a recording or substitute inner body.</summary>
public partial class NoticeInjectingBodyFeatureUnitTests
{
    private static readonly NoticeInjection s_notice = NoticeInjection.Create("<aside>N</aside>", cdnCacheKeyIncludesRegion: false);
    private static readonly NoticeInjection s_everywhere = NoticeInjection.Create("[A]", "[B]", "[M]", cdnCacheKeyIncludesRegion: false);

    private const NoticePlacements All = NoticePlacements.AfterBodyStart | NoticePlacements.BeforeBodyEnd | NoticePlacements.AtMarker;

    [Fact]
    public void Outcome_BeforeAnything_IsUndecidedAndHeadersUntouched()
    {
        var context = HtmlContext();
        var feature = new NoticeInjectingBodyFeature(context, new RecordingResponseBody(), s_notice);

        Assert.Equal(NoticeOutcome.Undecided, feature.Outcome);
        Assert.Equal("public", context.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public void WriteByte_OneByteAtATime_GoesThroughScanner()
    {
        var context = HtmlContext();
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(context, inner, s_notice);

        foreach (var b in "<html><body><p>x</p>"u8)
        {
            feature.WriteByte(b);
        }

        Assert.Equal("<html><body><aside>N</aside><p>x</p>"u8.ToArray(), inner.Copy);
        Assert.Equal(NoticeOutcome.Injected, feature.Outcome);
    }

    [Fact]
    public async Task WriteAsync_AfterInjection_HandsCallerBufferToInnerWithoutCopy()
    {
        var inner = new RecordingResponseBody();
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), inner, s_notice);
        await feature.WriteAsync("<body>"u8.ToArray());
        var later = new byte[100];

        await feature.WriteAsync(later.AsMemory(10, 50));

        Assert.Same(later, inner.LastAsyncSegment.Array);
        Assert.Equal(10, inner.LastAsyncSegment.Offset);
        Assert.Equal(50, inner.LastAsyncSegment.Count);
    }

    [Fact]
    public async Task WriteAsync_InChunkWithBodyTag_WritesPrefixNoticeAndRestFromCallerBuffer()
    {
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), inner, s_notice);
        var chunk = "<body>rest"u8.ToArray();

        await feature.WriteAsync(chunk);

        Assert.Equal("<body><aside>N</aside>rest"u8.ToArray(), inner.Copy);
        Assert.Same(chunk, inner.LastAsyncSegment.Array);
        Assert.Equal(3, inner.Writes);
    }

    [Fact]
    public async Task FlushAsync_BeforeFirstWrite_DecidesAndFlushesInner()
    {
        var context = HtmlContext();
        var inner = new RecordingResponseBody();
        var feature = new NoticeInjectingBodyFeature(context, inner, s_notice);

        await feature.FlushAsync();

        Assert.Equal(NoticeOutcome.Scanning, feature.Outcome);
        Assert.Equal("private", context.Response.Headers.CacheControl.ToString());
        Assert.Equal(1, inner.Flushes);
    }

    [Fact]
    public async Task Flush_BetweenWrites_FlushesInnerEveryTime()
    {
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), inner, s_notice);

        await feature.WriteAsync("<bo"u8.ToArray());
        await feature.FlushAsync();
        feature.Write("dy>"u8);
        feature.Flush();
        await feature.WriteAsync("x"u8.ToArray());
        await feature.FlushAsync();

        Assert.Equal(3, inner.Flushes);
        Assert.Equal("<body><aside>N</aside>x"u8.ToArray(), inner.Copy);
    }

    [Fact]
    public async Task FinishAsync_WithoutWrites_DecidesAndSettlesOutcome()
    {
        var context = HtmlContext();
        var feature = new NoticeInjectingBodyFeature(context, new RecordingResponseBody(), s_notice);

        await feature.FinishAsync();
        await feature.FinishAsync();

        Assert.Equal(NoticeOutcome.NoBodyTag, feature.Outcome);
        Assert.Equal("private", context.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task FinishAsync_WithUnflushedWriterBytes_WritesThemThroughScanner()
    {
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), inner, s_notice);
        feature.Writer.Write("<body>x"u8);

        await feature.FinishAsync();

        Assert.Equal("<body><aside>N</aside>x"u8.ToArray(), inner.Copy);
        Assert.Equal(NoticeOutcome.Injected, feature.Outcome);
    }

    [Fact]
    public async Task Write_WhenResponseAlreadyStarted_PassesThroughWithoutTouchingHeaders()
    {
        var context = HtmlContext();
        var responseFeature = Substitute.For<IHttpResponseFeature>();
        responseFeature.HasStarted.Returns(true);
        responseFeature.StatusCode.Returns(200);
        responseFeature.Headers.Returns(context.Response.Headers);
        context.Features.Set(responseFeature);
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(context, inner, s_notice);

        await feature.WriteAsync("<body>"u8.ToArray());

        Assert.Equal("<body>"u8.ToArray(), inner.Copy);
        Assert.Equal(NoticeOutcome.ResponseStarted, feature.Outcome);
        Assert.Equal("public", context.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task StartAsync_BeforeWrites_DecidesThenStartsInner()
    {
        var context = HtmlContext();
        var inner = Substitute.For<IHttpResponseBodyFeature>();
        inner.Stream.Returns(Stream.Null);
        string? cacheControlWhenStarted = null;
        inner.StartAsync(Arg.Any<CancellationToken>()).Returns(_ =>
        {
            cacheControlWhenStarted = context.Response.Headers.CacheControl.ToString();
            return Task.CompletedTask;
        });
        var feature = new NoticeInjectingBodyFeature(context, inner, s_notice);

        await feature.StartAsync();

        await inner.Received(1).StartAsync(Arg.Any<CancellationToken>());
        Assert.Equal("private", cacheControlWhenStarted);
        Assert.Equal(NoticeOutcome.Scanning, feature.Outcome);
    }

    [Fact]
    public async Task SendFileAsync_WhenNotRewriting_DelegatesToInner()
    {
        var context = HtmlContext();
        context.Response.ContentType = "application/pdf";
        var inner = Substitute.For<IHttpResponseBodyFeature>();
        inner.Stream.Returns(Stream.Null);
        var feature = new NoticeInjectingBodyFeature(context, inner, s_notice);

        await feature.SendFileAsync("/files/report.pdf", 5, 10);

        await inner.Received(1).SendFileAsync("/files/report.pdf", 5, 10, Arg.Any<CancellationToken>());
        Assert.Equal(NoticeOutcome.NotHtml, feature.Outcome);
    }

    [Fact]
    public async Task CompleteAsync_FinishesThenCompletesInnerOnce()
    {
        var inner = Substitute.For<IHttpResponseBodyFeature>();
        inner.Stream.Returns(Stream.Null);
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), inner, s_notice);

        await feature.CompleteAsync();
        await feature.CompleteAsync();

        await inner.Received(1).CompleteAsync();
        Assert.Equal(NoticeOutcome.NoBodyTag, feature.Outcome);
    }

    [Fact]
    public void DisableBuffering_DelegatesToInner()
    {
        var inner = Substitute.For<IHttpResponseBodyFeature>();
        inner.Stream.Returns(Stream.Null);
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), inner, s_notice);

        feature.DisableBuffering();

        inner.Received(1).DisableBuffering();
    }

    [Fact]
    public void Dispose_LeavesInnerStreamOpen()
    {
        var inner = new RecordingResponseBody();
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), inner, s_notice);

        feature.Dispose();

        Assert.False(inner.Disposed);
    }

    [Fact]
    public void Stream_IsWriteOnly()
    {
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), new RecordingResponseBody(), s_notice);

        Assert.Same(feature, feature.Stream);
        Assert.False(feature.CanRead);
        Assert.False(feature.CanSeek);
        Assert.True(feature.CanWrite);
        Assert.Throws<NotSupportedException>(() => feature.Length);
        Assert.Throws<NotSupportedException>(() => feature.Position);
        Assert.Throws<NotSupportedException>(() => feature.Read(new byte[1], 0, 1));
        Assert.Throws<NotSupportedException>(() => feature.Seek(0, SeekOrigin.Begin));
        Assert.Throws<NotSupportedException>(() => feature.SetLength(0));
    }

    [Fact]
    public void InsertedPlacements_BeforeAnything_IsNone()
    {
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), new RecordingResponseBody(), s_everywhere);

        Assert.Equal(NoticePlacements.None, feature.InsertedPlacements);
    }

    public enum WriteKind
    {
        Sync,
        Async,
        Byte,
        AsyncWithFlushes,
        AsyncToPendingInner,
    }

    // Writes `page` in chunks ending at `splits` (ascending) through a fresh feature, the way `kind` says, then
    // finishes; returns what reached the inner body and the places filled.
    private static async Task<(byte[] Output, NoticePlacements Placements)> RewriteAsync(NoticeInjection injection, byte[] page, int[] splits, WriteKind kind)
    {
        var inner = new RecordingResponseBody(keepCopy: true, deferAsyncWrites: kind == WriteKind.AsyncToPendingInner);
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), inner, injection);
        var start = 0;
        foreach (var end in splits.Append(page.Length))
        {
            var chunk = page.AsMemory(start, end - start);
            switch (kind)
            {
                case WriteKind.Sync:
                    feature.Write(chunk.Span);
                    break;
                case WriteKind.Async:
                    await feature.WriteAsync(chunk);
                    break;
                case WriteKind.AsyncToPendingInner:
                    await inner.DriveAsync(feature.WriteAsync(chunk).AsTask());
                    break;
                case WriteKind.Byte:
                    foreach (var b in chunk.ToArray())
                    {
                        feature.WriteByte(b);
                    }

                    break;
                case WriteKind.AsyncWithFlushes:
                    await feature.WriteAsync(chunk);
                    await feature.FlushAsync();
                    break;
            }

            start = end;
        }

        await inner.DriveAsync(feature.FinishAsync());
        return (inner.Copy, feature.InsertedPlacements);
    }

    private static DefaultHttpContext HtmlContext()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "public";
        return context;
    }
}
