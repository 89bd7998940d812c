using System.Buffers;
using System.Text;
using ContentGate.Actions.Notices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using NSubstitute;

namespace ContentGate.Tests.Actions.Notices;

/// <summary>The feature on its own, over a recording or substitute inner body.</summary>
public class NoticeInjectingBodyFeatureUnitTests
{
    private static readonly NoticeInjection s_notice = NoticeInjection.Create("<aside>N</aside>", cdnCacheKeyIncludesRegion: false);
    private static readonly NoticeInjection s_everywhere = NoticeInjection.Create("[A]", "[B]", "[M]", cdnCacheKeyIncludesRegion: false);

    private const NoticePlacements All = NoticePlacements.AfterBodyStart | NoticePlacements.BeforeBodyEnd | NoticePlacements.AtMarker;

    // Each page, and what it becomes with s_everywhere: [A] after the body start tag, [M] after the marker (or
    // before [B] without one), [B] before the body end tag (or at the end without one).
    public static TheoryData<string, string, string> PlacementCases => new()
    {
        {
            "<html><head><!-- contentgate:notice --></head><body class=\"x\"><h1>T</h1><!-- ContentGate:Notice --><p>x</p></body></html>",
            "<html><head><!-- contentgate:notice --></head><body class=\"x\">[A]<h1>T</h1><!-- ContentGate:Notice -->[M]<p>x</p>[B]</body></html>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker"
        },
        {
            "<body><p>x</p></BODY>",
            "<body>[A]<p>x</p>[M][B]</BODY>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback"
        },
        {
            "<body><p>x</p>",
            "<body>[A]<p>x</p>[M][B]",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback, AppendedAtEnd"
        },
        {
            "<body><!--contentgate:notice--><p>x</p>",
            "<body>[A]<!--contentgate:notice-->[M]<p>x</p>[B]",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, AppendedAtEnd"
        },
        {
            "<body>x</bo",
            "<body>[A]x[M][B]</bo", // before the unfinished tag the end of the document drops, not inside it
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback, AppendedAtEnd"
        },
        {
            "<body></body>",
            "<body>[A][M][B]</body>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback"
        },
        {
            "<body><!-- contentgate:notice --></body>",
            "<body>[A]<!-- contentgate:notice -->[M][B]</body>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker"
        },
        {
            "<body><!--contentgate:notice--><!--contentgate:notice--></body><!--contentgate:notice--></body>",
            "<body>[A]<!--contentgate:notice-->[M]<!--contentgate:notice-->[B]</body><!--contentgate:notice--></body>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker"
        },
        {
            "<body><script>\"</body><!--contentgate:notice-->\"</script></body x>",
            "<body>[A]<script>\"</body><!--contentgate:notice-->\"</script>[M][B]</body x>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback"
        },
        {
            "<div>fragment</div></body><!--contentgate:notice-->",
            "<div>fragment</div></body><!--contentgate:notice-->",
            "None"
        },
    };

    // Issue 10's table and the other places the standard decides, with what each page becomes (as PlacementCases).
    // The body end and marker rows: only what the body holds as HTML content counts (not templates, SVG, MathML, raw
    // text); the end of a page that is inside something else gets nothing.
    public static TheoryData<string, string, string> StandardCases => new()
    {
        {
            "<script><!--<SCRIPT </SCRIPT><bOdY></script><body>",
            "<script><!--<SCRIPT </SCRIPT><bOdY></script><body>[A][M][B]",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback, AppendedAtEnd"
        },
        { "<SCRIPT><!--<script\n</script><body>", "<SCRIPT><!--<script\n</script><body>", "None" },
        { "<!DOCTYPE html><SCRIPT><!--<script\n</script><body>", "<!DOCTYPE html><SCRIPT><!--<script\n</script><body>", "None" },
        {
            "<TEMPLATE><BoDy></TEMPLATE><bOdY>",
            "<TEMPLATE><BoDy></TEMPLATE><bOdY>[A][M][B]",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback, AppendedAtEnd"
        },
        { "<math><![CDATA[><body>", "<math><![CDATA[><body>", "None" },
        { "<!DOCTYPE html><math><![CDATA[><body>", "<!DOCTYPE html>[A]<math><![CDATA[><body>", "AfterBodyStart" },
        {
            "<template><col><script></TEMPLATE><BODY>",
            "<template><col><script></TEMPLATE><BODY>[A][M][B]",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback, AppendedAtEnd"
        },
        { "<frameset><script><!--</script><bOdY>", "<frameset><script><!--</script><bOdY>", "None" },
        { "<!DOCTYPE html><frameset><frame src=a></frameset>", "<!DOCTYPE html><frameset><frame src=a></frameset>", "None" },
        {
            "<!DOCTYPE html><title>T</title>\n  Hello</body>",
            "<!DOCTYPE html><title>T</title>\n  [A]Hello[M][B]</body>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback"
        },
        {
            "<html><head>&#32;&Tab;</head>&nbsp;x<!-- contentgate:notice --></html>",
            "<html><head>&#32;&Tab;</head>[A]&nbsp;x<!-- contentgate:notice -->[M]</html>[B]", // no </body>: at the end
            "AfterBodyStart, BeforeBodyEnd, AtMarker, AppendedAtEnd"
        },
        {
            "<!DOCTYPE html></body>",
            "<!DOCTYPE html>[A][M][B]</body>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback"
        },
        {
            "<!DOCTYPE html><body",
            "<!DOCTYPE html>[A][M][B]<body",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback, AppendedAtEnd"
        },
        { "<!DOCTYPE html><title>T</title>", "<!DOCTYPE html><title>T</title>[A][M][B]", "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback, AppendedAtEnd" },
        { "<div>a fragment</div>", "<div>a fragment</div>", "None" },
        {
            "<html><body><svg><![CDATA[</body><!-- contentgate:notice -->]]></svg><!-- contentgate:notice --></body>",
            "<html><body>[A]<svg><![CDATA[</body><!-- contentgate:notice -->]]></svg><!-- contentgate:notice -->[M][B]</body>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker"
        },
        {
            "<body><svg><foreignObject><!-- contentgate:notice --></body></foreignObject></svg></body>",
            "<body>[A]<svg><foreignObject><!-- contentgate:notice --></body></foreignObject></svg>[M][B]</body>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback"
        },
        {
            "<body><math><mi><script></body></script></mi></math></body>",
            "<body>[A]<math><mi><script></body></script></mi></math>[M][B]</body>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback"
        },
        {
            "<body><math><annotation-xml><style></body></style></annotation-xml></math></body>",
            "<body>[A]<math><annotation-xml><style></body></style></annotation-xml></math>[M][B]</body>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback"
        },
        {
            "<body><select><style></body></style></select></body>",
            "<body>[A]<select><style></body></style></select>[M][B]</body>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback"
        },
        {
            "<body><template><!-- contentgate:notice --></body></template></html><!-- contentgate:notice -->x<!-- contentgate:notice -->",
            "<body>[A]<template><!-- contentgate:notice --></body></template></html><!-- contentgate:notice -->x<!-- contentgate:notice -->[M][B]",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, AppendedAtEnd"
        },
        { "<body><svg>", "<body>[A]<svg>", "AfterBodyStart" },
        { "<body><!-- contentgate:notice", "<body>[A]<!-- contentgate:notice", "AfterBodyStart" },
        { "<body><plaintext></body>", "<body>[A]<plaintext></body>", "AfterBodyStart" },
    };

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

    [Theory]
    [MemberData(nameof(PlacementCases))]
    [MemberData(nameof(StandardCases))]
    public async Task WriteAsync_WithAllPlacements_InsertsEachAtItsPlace(string page, string expected, string placements)
    {
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), inner, s_everywhere);

        await feature.WriteAsync(Encoding.UTF8.GetBytes(page));
        await feature.FinishAsync();

        Assert.Equal(expected, Encoding.UTF8.GetString(inner.Copy));
        Assert.Equal(Enum.Parse<NoticePlacements>(placements), feature.InsertedPlacements);
        Assert.Equal(placements == "None" ? NoticeOutcome.NoBodyTag : NoticeOutcome.Injected, feature.Outcome);
    }

    [Theory]
    [MemberData(nameof(PlacementCases))]
    [MemberData(nameof(StandardCases))]
    public async Task Write_WithAllPlacementsAndPageSplitAtEveryByte_MatchesSingleWrite(string page, string expected, string placements)
    {
        var bytes = Encoding.UTF8.GetBytes(page);

        foreach (var kind in Enum.GetValues<WriteKind>())
        {
            for (var split = 0; split <= bytes.Length; split++)
            {
                var (output, inserted) = await RewriteAsync(s_everywhere, bytes, [split], kind);

                Assert.Equal(expected, Encoding.UTF8.GetString(output));
                Assert.Equal(Enum.Parse<NoticePlacements>(placements), inserted);
            }

            var (oneByteAtATime, _) = await RewriteAsync(s_everywhere, bytes, [.. Enumerable.Range(1, bytes.Length - 1)], kind);
            Assert.Equal(expected, Encoding.UTF8.GetString(oneByteAtATime));
        }
    }

    [Theory]
    [InlineData(WriteKind.Sync)]
    [InlineData(WriteKind.Async)]
    [InlineData(WriteKind.Byte)]
    [InlineData(WriteKind.AsyncWithFlushes)]
    [InlineData(WriteKind.AsyncToPendingInner)]
    public async Task Write_WithRealisticPageAndAllPlacementsSplitInTwoAtEveryByte_MatchesSingleWrite(WriteKind kind)
    {
        var page = TestPages.Bytes(TestPages.Realistic);
        var (single, singlePlacements) = await RewriteAsync(s_everywhere, page, [], WriteKind.Async);
        Assert.Equal(TestPages.Expected(TestPages.Realistic, "[A]"u8.ToArray(), "[B]"u8.ToArray(), "[M]"u8.ToArray()), single);
        Assert.Equal(All, singlePlacements);

        for (var split = 0; split <= page.Length; split++)
        {
            var (output, placements) = await RewriteAsync(s_everywhere, page, [split], kind);

            Assert.Equal(single, output);
            Assert.Equal(All, placements);
        }
    }

    [Theory]
    [InlineData(WriteKind.Sync)]
    [InlineData(WriteKind.Async)]
    [InlineData(WriteKind.Byte)]
    [InlineData(WriteKind.AsyncWithFlushes)]
    [InlineData(WriteKind.AsyncToPendingInner)]
    public async Task Write_WithRealisticPageAndAllPlacementsOneByteAtATime_MatchesSingleWrite(WriteKind kind)
    {
        var page = TestPages.Bytes(TestPages.Realistic);
        var (single, _) = await RewriteAsync(s_everywhere, page, [], WriteKind.Async);

        var (output, placements) = await RewriteAsync(s_everywhere, page, [.. Enumerable.Range(1, page.Length - 1)], kind);

        Assert.Equal(single, output);
        Assert.Equal(All, placements);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Write_WithRealisticPageAndAllPlacementsInRandomChunks_MatchesSingleWrite(int seed)
    {
        var page = TestPages.Bytes(TestPages.Realistic);
        var (single, _) = await RewriteAsync(s_everywhere, page, [], WriteKind.Async);
        var random = new Random(seed); // fixed seeds: the same chunks on every run

        for (var round = 0; round < 200; round++)
        {
            var splits = new SortedSet<int>();
            var count = random.Next(1, 12);
            while (splits.Count < count)
            {
                splits.Add(random.Next(0, page.Length + 1));
            }

            var (output, placements) = await RewriteAsync(s_everywhere, page, [.. splits], (WriteKind)(round % 5));

            Assert.Equal(single, output);
            Assert.Equal(All, placements);
        }
    }

    [Fact]
    public async Task Write_WithPartialPlacements_InsertsOnlyThoseGiven()
    {
        var page = "<body><!--contentgate:notice--><p>x</p></body>"u8.ToArray();

        var (endOnly, endOnlyPlacements) = await RewriteAsync(NoticeInjection.Create(string.Empty, "[B]", string.Empty, cdnCacheKeyIncludesRegion: false), page, [], WriteKind.Async);
        var (markerOnly, markerOnlyPlacements) = await RewriteAsync(NoticeInjection.Create(string.Empty, string.Empty, "[M]", cdnCacheKeyIncludesRegion: false), page, [], WriteKind.Async);
        var (startAndEnd, startAndEndPlacements) = await RewriteAsync(NoticeInjection.Create("[A]", "[B]", string.Empty, cdnCacheKeyIncludesRegion: false), page, [], WriteKind.Async);

        Assert.Equal("<body><!--contentgate:notice--><p>x</p>[B]</body>", Encoding.UTF8.GetString(endOnly));
        Assert.Equal(NoticePlacements.BeforeBodyEnd, endOnlyPlacements);
        Assert.Equal("<body><!--contentgate:notice-->[M]<p>x</p></body>", Encoding.UTF8.GetString(markerOnly));
        Assert.Equal(NoticePlacements.AtMarker, markerOnlyPlacements);
        Assert.Equal("<body>[A]<!--contentgate:notice--><p>x</p>[B]</body>", Encoding.UTF8.GetString(startAndEnd));
        Assert.Equal(NoticePlacements.AfterBodyStart | NoticePlacements.BeforeBodyEnd, startAndEndPlacements);
    }

    [Fact]
    public async Task Outcome_WithOnlyBeforeBodyEnd_StaysScanningUntilBodyEndTag()
    {
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), new RecordingResponseBody(), NoticeInjection.Create(string.Empty, "[B]", string.Empty, cdnCacheKeyIncludesRegion: false));

        await feature.WriteAsync("<body><p>x</p>"u8.ToArray());
        Assert.Equal(NoticeOutcome.Scanning, feature.Outcome);
        Assert.Equal(NoticePlacements.None, feature.InsertedPlacements);

        await feature.WriteAsync("</body>"u8.ToArray());
        Assert.Equal(NoticeOutcome.Injected, feature.Outcome);
        Assert.Equal(NoticePlacements.BeforeBodyEnd, feature.InsertedPlacements);
    }

    [Fact]
    public async Task FlushAsync_WhileHoldingPossibleBodyEndTag_FlushesEverythingElse()
    {
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), inner, s_everywhere);

        await feature.WriteAsync("<body>x</bo"u8.ToArray());
        await feature.FlushAsync();

        Assert.Equal("<body>[A]x", Encoding.UTF8.GetString(inner.Copy));
        Assert.Equal(1, inner.Flushes);

        feature.Write("dy>"u8);
        feature.Flush();

        Assert.Equal("<body>[A]x[M][B]</body>", Encoding.UTF8.GetString(inner.Copy));
        Assert.Equal(2, inner.Flushes);
    }

    [Fact]
    public async Task Write_WhenHeldBytesAreNotBodyEndTag_ReleasesThemInOrder()
    {
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), inner, s_everywhere);

        await feature.WriteAsync("<body><b>x</b"u8.ToArray());
        Assert.Equal("<body>[A]<b>x", Encoding.UTF8.GetString(inner.Copy));
        await feature.WriteAsync("><"u8.ToArray());
        Assert.Equal("<body>[A]<b>x</b>", Encoding.UTF8.GetString(inner.Copy));
        feature.WriteByte((byte)'<');
        Assert.Equal("<body>[A]<b>x</b><", Encoding.UTF8.GetString(inner.Copy));
        await feature.WriteAsync("/bodyx></body>"u8.ToArray());

        Assert.Equal("<body>[A]<b>x</b><</bodyx>[M][B]</body>", Encoding.UTF8.GetString(inner.Copy));
    }

    // Held bytes are always the start of "</body", so only their letter case shows whether the hold buffer was
    // refilled before the server had read the bytes being released from it.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WriteAsync_ReleasingHeldBytes_DoesNotRefillHoldBufferBeforeInnerHasReadThem(bool deferAsyncWrites)
    {
        var inner = new RecordingResponseBody(keepCopy: true, deferAsyncWrites);
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), inner, s_everywhere);

        await inner.DriveAsync(feature.WriteAsync("<body>x</BO"u8.ToArray()).AsTask());
        await inner.DriveAsync(feature.WriteAsync("X></b"u8.ToArray()).AsTask());
        await inner.DriveAsync(feature.WriteAsync("OX></BODY>"u8.ToArray()).AsTask());

        Assert.Equal("<body>[A]x</BOX></bOX>[M][B]</BODY>", Encoding.UTF8.GetString(inner.Copy));
    }

    [Fact]
    public async Task WriteAsync_AfterBodyEndTag_HandsCallerBufferToInnerWithoutCopy()
    {
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), inner, s_everywhere);
        await feature.WriteAsync("<body></body>"u8.ToArray());
        var writes = inner.Writes;
        var later = new byte[100];

        await feature.WriteAsync(later.AsMemory(10, 50));

        Assert.Same(later, inner.LastAsyncSegment.Array);
        Assert.Equal(10, inner.LastAsyncSegment.Offset);
        Assert.Equal(50, inner.LastAsyncSegment.Count);
        Assert.Equal(writes + 1, inner.Writes);
    }

    [Fact]
    public async Task WriteAsync_AfterMarkerWhenNothingGoesBeforeBodyEnd_HandsCallerBufferToInnerWithoutCopy()
    {
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), inner, NoticeInjection.Create("[A]", string.Empty, "[M]", cdnCacheKeyIncludesRegion: false));
        await feature.WriteAsync("<body><!-- contentgate:notice -->"u8.ToArray());
        var later = "<p>x</p></body>"u8.ToArray();

        await feature.WriteAsync(later);
        await feature.FinishAsync();

        Assert.Same(later, inner.LastAsyncSegment.Array);
        Assert.Equal("<body>[A]<!-- contentgate:notice -->[M]<p>x</p></body>", Encoding.UTF8.GetString(inner.Copy));
        Assert.Equal(NoticePlacements.AfterBodyStart | NoticePlacements.AtMarker, feature.InsertedPlacements);
    }

    [Fact]
    public async Task FinishAsync_WithBodyButNoBodyEndTag_AppendsHeldBytesThenContentOnce()
    {
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), inner, s_everywhere);
        feature.Writer.Write("<body>x</"u8);

        await feature.FinishAsync();
        await feature.FinishAsync();

        Assert.Equal("<body>[A]x[M][B]</", Encoding.UTF8.GetString(inner.Copy)); // before the held "</", whatever it was to be
        Assert.Equal(All | NoticePlacements.MarkerFallback | NoticePlacements.AppendedAtEnd, feature.InsertedPlacements);
        Assert.Equal(NoticeOutcome.Injected, feature.Outcome);
    }

    [Fact]
    public async Task FinishAsync_WithoutBodyStartTag_AppendsNothing()
    {
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), inner, s_everywhere);
        await feature.WriteAsync("<p>fragment</p></body><"u8.ToArray());

        await feature.FinishAsync();

        Assert.Equal("<p>fragment</p></body><", Encoding.UTF8.GetString(inner.Copy));
        Assert.Equal(NoticePlacements.None, feature.InsertedPlacements);
        Assert.Equal(NoticeOutcome.NoBodyTag, feature.Outcome);
    }

    [Fact]
    public async Task CompleteAsync_WithBodyButNoBodyEndTag_AppendsBeforeCompletingInner()
    {
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), inner, s_everywhere);
        await feature.WriteAsync("<body>x"u8.ToArray());

        await feature.CompleteAsync();

        Assert.Equal("<body>[A]x[M][B]", Encoding.UTF8.GetString(inner.Copy));
    }

    [Fact]
    public async Task WriteAsync_WithNonUtf8Page_InsertsAsciiFormAtEveryPlace()
    {
        var context = HtmlContext();
        context.Response.ContentType = "text/html; charset=koi8-r";
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(context, inner, NoticeInjection.Create("<p>а</p>", "<p>б</p>", "<p>в</p>", cdnCacheKeyIncludesRegion: false));

        await feature.WriteAsync("<body><!--contentgate:notice--></body>"u8.ToArray());

        Assert.Equal("<body><p>&#x430;</p><!--contentgate:notice--><p>&#x432;</p><p>&#x431;</p></body>", Encoding.ASCII.GetString(inner.Copy));
    }

    [Fact]
    public async Task SendFileAsync_WhileLookingForBodyEnd_StreamsFileThroughScanner()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, "<p>x</p></body></html>"u8.ToArray());
            var inner = new RecordingResponseBody(keepCopy: true);
            var feature = new NoticeInjectingBodyFeature(HtmlContext(), inner, s_everywhere);
            await feature.WriteAsync("<body><"u8.ToArray());

            await feature.SendFileAsync(path, 0, null);

            Assert.Equal("<body>[A]<<p>x</p>[M][B]</body></html>", Encoding.UTF8.GetString(inner.Copy));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Write_WithEmptyBufferWhileScanningOrHolding_PassesItToInnerAndKeepsHeldBytes()
    {
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), inner, s_everywhere);

        await feature.WriteAsync(ReadOnlyMemory<byte>.Empty);
        Assert.Equal(1, inner.Writes);
        await feature.WriteAsync("<body>x</bo"u8.ToArray());
        var writes = inner.Writes;
        await feature.WriteAsync(ReadOnlyMemory<byte>.Empty);
        feature.Write([]);
        Assert.Equal(writes + 2, inner.Writes);
        await feature.WriteAsync("dy>"u8.ToArray());

        Assert.Equal("<body>[A]x[M][B]</body>", Encoding.UTF8.GetString(inner.Copy));
    }

    public static TheoryData<string, string> PassThroughCases => new()
    {
        // The injection's only place, and a first write that fills it.
        { "AfterBodyStart", "<html><head></head><body class=\"a\">" },
        { "BeforeBodyEnd", "<html><body><p>x</p></body>" },
    };

    // Once every place is filled, each later write reaches the inner body as exactly one write of the same bytes,
    // whatever they hold, and a file goes to the inner body's own SendFileAsync.
    [Theory]
    [MemberData(nameof(PassThroughCases))]
    public async Task Write_AfterEveryPlaceIsFilled_HandsEachWriteToInnerUnchanged(string placement, string first)
    {
        var injection = placement == "AfterBodyStart"
            ? NoticeInjection.Create("[A]", cdnCacheKeyIncludesRegion: false)
            : NoticeInjection.Create(string.Empty, "[B]", string.Empty, cdnCacheKeyIncludesRegion: false);
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), inner, injection);
        await feature.WriteAsync(Encoding.UTF8.GetBytes(first));
        Assert.Equal(Enum.Parse<NoticePlacements>(placement), feature.InsertedPlacements);
        var writesBefore = inner.Writes;
        var bytesBefore = inner.BytesWritten;

        feature.Write("<body></body><!-- contentgate:notice --></bo"u8);
        await feature.WriteAsync("dy></BODY>"u8.ToArray());
        feature.WriteByte((byte)'<');
        feature.Write("</body"u8.ToArray(), 0, 6);
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, "</body></html>"u8.ToArray());
            await feature.SendFileAsync(path, 0, null);
        }
        finally
        {
            File.Delete(path);
        }

        await feature.FinishAsync();

        var rest = "<body></body><!-- contentgate:notice --></body></BODY><</body</body></html>";
        Assert.Equal(first.Replace("<body class=\"a\">", "<body class=\"a\">[A]", StringComparison.Ordinal).Replace("</body>", "[B]</body>", StringComparison.Ordinal) + rest, Encoding.UTF8.GetString(inner.Copy));
        Assert.Equal(bytesBefore + Encoding.UTF8.GetByteCount(rest), inner.BytesWritten);
        Assert.Equal(writesBefore + 5, inner.Writes); // four writes, and the file in one (the fallback's single read)
        Assert.Equal(1, inner.SendFiles);
        Assert.Equal(NoticeOutcome.Injected, feature.Outcome);
        Assert.Equal(Enum.Parse<NoticePlacements>(placement), feature.InsertedPlacements);
    }

    // A page of the markup the scanner skips fastest (simple tags, all in one chunk) and near misses of the body end
    // tag, written in two or three chunks split everywhere around the real one: the same output as one write.
    [Theory]
    [InlineData(WriteKind.Sync)]
    [InlineData(WriteKind.Async)]
    [InlineData(WriteKind.AsyncWithFlushes)]
    [InlineData(WriteKind.AsyncToPendingInner)]
    public async Task Write_WithBeforeBodyEndOnlyAndEndTagSplitAtEveryOffset_MatchesSingleWrite(WriteKind kind)
    {
        var injection = NoticeInjection.Create(string.Empty, "[B]", string.Empty, cdnCacheKeyIncludesRegion: false);
        const string Head = "<!DOCTYPE html><html><head><title></body></title><script></body></script></head><body>";
        const string Body = "<p>a</p><b>b</b></b></bodyx></bod></bo></b0dy><bodyx>x</p><BODY></body-><br><i>i</i><!-- </body> -->"
            + "<p class=x>y</p></ body><?</body>?>";
        const string EndTag = "</BoDy\t";
        const string Tail = "x=\"</body>\"></body></html>";
        var page = Encoding.UTF8.GetBytes(Head + Body + EndTag + Tail);
        var expected = Encoding.UTF8.GetBytes(Head + Body + "[B]" + EndTag + Tail);
        var bodyEnd = Encoding.UTF8.GetByteCount(Head + Body);

        var (single, singlePlacements) = await RewriteAsync(injection, page, [], WriteKind.Async);
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(single));
        Assert.Equal(NoticePlacements.BeforeBodyEnd, singlePlacements);

        for (var split = 0; split <= page.Length; split++)
        {
            var (output, placements) = await RewriteAsync(injection, page, [split], kind);
            Assert.Equal(expected, output);
            Assert.Equal(NoticePlacements.BeforeBodyEnd, placements);
        }

        // "</BoDy" and the byte after it cut in three at every pair of offsets.
        for (var first = bodyEnd - 1; first <= bodyEnd + EndTag.Length; first++)
        {
            for (var second = first + 1; second <= bodyEnd + EndTag.Length + 1; second++)
            {
                var (output, placements) = await RewriteAsync(injection, page, [first, second], kind);
                Assert.Equal(expected, output);
                Assert.Equal(NoticePlacements.BeforeBodyEnd, placements);
            }
        }
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
