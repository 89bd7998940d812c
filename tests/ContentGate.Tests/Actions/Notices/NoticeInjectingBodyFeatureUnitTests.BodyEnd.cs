using System.Buffers;
using System.Text;
using ContentGate.Actions.Notices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using NSubstitute;

namespace ContentGate.Tests.Actions.Notices;

// The body end tag and the marker: bytes held back while they may be a place, released in order, and what follows once every place is filled.
public partial class NoticeInjectingBodyFeatureUnitTests
{
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
}
