using System.Text;
using ContentGate.Actions.Notices;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace ContentGate.Tests.Actions.Notices;

/// <summary>
/// Memory stays flat however large the page: measured as bytes allocated on the writing thread (not time),
/// writing straight to a counting sink so that no server buffering is involved.
/// </summary>
public class NoticeInjectingBodyFeatureMemoryTests(ITestOutputHelper output)
{
    private const int ChunkSize = 64 * 1024;
    private const long LargePage = 100L * 1024 * 1024;
    private const long SmallPage = 50L * 1024;
    private const long AllocationBound = 64 * 1024;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WriteAsync_With100MbPage_AllocatesNoMoreThanSmallFixedBound(bool hasBodyTag)
    {
        var (firstChunk, chunk) = Chunks(hasBodyTag);
        var injection = NoticeInjection.Create("<div data-contentgate-notice=\"memory\">Внимание</div>", cdnCacheKeyIncludesRegion: false);
        Measure(injection, firstChunk, chunk, SmallPage); // warm up: JIT, statics, pools

        var small = Measure(injection, firstChunk, chunk, SmallPage);
        var large = Measure(injection, firstChunk, chunk, LargePage);

        output.WriteLine($"body tag: {hasBodyTag}; allocated for 50 KB: {small.Allocated} B; for 100 MB: {large.Allocated} B; outcome {large.Outcome}");
        Assert.Equal(hasBodyTag ? NoticeOutcome.Injected : NoticeOutcome.NoBodyTag, large.Outcome);
        Assert.Equal(LargePage + (hasBodyTag ? injection.GetBytes(NoticePlacements.AfterBodyStart, NoticeEncoding.Utf8).Length : 0), large.Written);
        Assert.InRange(large.Allocated, 0, AllocationBound);
        Assert.InRange(small.Allocated, 0, AllocationBound);
    }

    // All three places looked for over the whole page: each chunk holds comments (one nearly the marker) and end
    // tags that start like </body, and ends in "</bo", so every write holds bytes back and releases them in the
    // next. The page either ends with the marker and </body> or (worst case) with neither, so that the marker
    // fallback and the before-body-end content are appended when it finishes.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WriteAsync_With100MbPageAndAllPlacements_AllocatesNoMoreThanSmallFixedBound(bool endsWithMarkerAndBodyEndTag)
    {
        var (firstChunk, chunk) = PlacementChunks();
        // The last chunk's "</bo" + "ld>" is not the body end tag; the one after the marker is.
        var tail = endsWithMarkerAndBodyEndTag ? "ld><!-- contentgate:notice --></body></html>"u8.ToArray() : [];
        var injection = NoticeInjection.Create(
            "<div data-contentgate-notice=\"memory\">Внимание</div>",
            "<footer data-contentgate-notice=\"memory\">Конец</footer>",
            "<aside data-contentgate-notice=\"memory\">Метка</aside>",
            cdnCacheKeyIncludesRegion: false);
        var notices = injection.GetBytes(NoticePlacements.AfterBodyStart, NoticeEncoding.Utf8).Length
            + injection.GetBytes(NoticePlacements.BeforeBodyEnd, NoticeEncoding.Utf8).Length
            + injection.GetBytes(NoticePlacements.AtMarker, NoticeEncoding.Utf8).Length;
        Measure(injection, firstChunk, chunk, SmallPage, tail); // warm up: JIT, statics, pools

        var small = Measure(injection, firstChunk, chunk, SmallPage, tail);
        var large = Measure(injection, firstChunk, chunk, LargePage, tail);

        output.WriteLine($"all placements, ends with marker and </body>: {endsWithMarkerAndBodyEndTag}; allocated for 50 KB: {small.Allocated} B; for 100 MB: {large.Allocated} B; placements {large.Placements}");
        var all = NoticePlacements.AfterBodyStart | NoticePlacements.BeforeBodyEnd | NoticePlacements.AtMarker;
        Assert.Equal(NoticeOutcome.Injected, large.Outcome);
        Assert.Equal(endsWithMarkerAndBodyEndTag ? all : all | NoticePlacements.MarkerFallback | NoticePlacements.AppendedAtEnd, large.Placements);
        Assert.Equal(LargePage + tail.Length + notices, large.Written);
        Assert.True(large.Writes >= 2 * (LargePage / ChunkSize), "Every write after the first releases held bytes, then writes its own.");
        Assert.InRange(large.Allocated, 0, AllocationBound);
        Assert.InRange(small.Allocated, 0, AllocationBound);
    }

    // A compressed page is decoded, scanned and compressed again through fixed buffers: what is allocated is the
    // same for 50 KB and for 100 MB (the encoded input written in 16 KB pieces, as a proxy copies it).
    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("br", "br")]
    [InlineData("gzip", null)]
    [InlineData("deflate", "br")]
    public void WriteAsync_With100MbCompressedPage_AllocatesNoMoreThanSmallFixedBound(string origin, string? acceptEncoding)
    {
        var (firstChunk, chunk) = Chunks(hasBodyTag: true);
        var injection = NoticeInjection.Create("<div data-contentgate-notice=\"memory\">Внимание</div>", cdnCacheKeyIncludesRegion: false);
        var smallPage = EncodePage(origin, firstChunk, chunk, SmallPage);
        var largePage = EncodePage(origin, firstChunk, chunk, LargePage);
        MeasureEncoded(injection, origin, acceptEncoding, smallPage); // warm up: JIT, statics, pools

        var small = MeasureEncoded(injection, origin, acceptEncoding, smallPage);
        var large = MeasureEncoded(injection, origin, acceptEncoding, largePage);

        output.WriteLine($"{origin} to {acceptEncoding ?? "identity"}: {largePage.Length} B encoded; allocated for 50 KB: {small.Allocated} B; for 100 MB: {large.Allocated} B; sent {large.Written} B");
        Assert.Equal(NoticeOutcome.Injected, large.Outcome);
        if (acceptEncoding is null)
        {
            Assert.Equal(LargePage + injection.GetBytes(NoticePlacements.AfterBodyStart, NoticeEncoding.Utf8).Length, large.Written);
        }

        Assert.InRange(large.Allocated, 0, AllocationBound);
        Assert.InRange(small.Allocated, 0, AllocationBound);
    }

    // A decompression bomb: a quarter of a megabyte (gzip, near its limit of about 1,000 to 1) or a few kilobytes (br)
    // that inflate to 256 MB of a page. It streams through like any page; nothing is kept, so memory stays where a
    // 50 KB page leaves it.
    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public void WriteAsync_DecompressionBomb_StreamsThroughWithoutAccumulating(string origin)
    {
        const long Inflated = 256L * 1024 * 1024;
        var spaces = new byte[ChunkSize];
        Array.Fill(spaces, (byte)' ');
        var head = spaces.ToArray();
        "<!DOCTYPE html><html><head><title>Bomb</title></head><body>"u8.CopyTo(head);
        var bomb = EncodePage(origin, head, spaces, Inflated, System.IO.Compression.CompressionLevel.SmallestSize);
        var injection = NoticeInjection.Create("<div data-contentgate-notice=\"memory\">Внимание</div>", cdnCacheKeyIncludesRegion: false);
        MeasureEncoded(injection, origin, null, EncodePage(origin, head, spaces, SmallPage)); // warm up

        var result = MeasureEncoded(injection, origin, null, bomb);

        output.WriteLine($"{origin} bomb: {bomb.Length} B inflating to {Inflated} B; allocated {result.Allocated} B");
        Assert.True(bomb.Length * 900L < Inflated, "A ratio of more than 900 to one.");
        Assert.Equal(Inflated + injection.GetBytes(NoticePlacements.AfterBodyStart, NoticeEncoding.Utf8).Length, result.Written);
        Assert.InRange(result.Allocated, 0, AllocationBound);
    }

    private static byte[] EncodePage(string coding, byte[] firstChunk, byte[] chunk, long pageSize, System.IO.Compression.CompressionLevel level = System.IO.Compression.CompressionLevel.Fastest)
    {
        using var buffer = new MemoryStream();
        using (var compressor = EncodedPages.Compressor(buffer, coding, level))
        {
            for (long written = 0; written < pageSize; written += ChunkSize)
            {
                var source = written == 0 ? firstChunk : chunk;
                compressor.Write(source.AsSpan(0, (int)Math.Min(ChunkSize, pageSize - written)));
            }
        }

        return buffer.ToArray();
    }

    private static (long Allocated, long Written, NoticeOutcome Outcome) MeasureEncoded(NoticeInjection injection, string coding, string? acceptEncoding, byte[] encoded)
    {
        const int Piece = 16 * 1024;
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        if (acceptEncoding is not null)
        {
            context.Request.Headers.AcceptEncoding = acceptEncoding;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.ContentEncoding = coding;
        var sink = new RecordingResponseBody();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var feature = new NoticeInjectingBodyFeature(context, sink, injection);
        for (var at = 0; at < encoded.Length; at += Piece)
        {
            var write = feature.WriteAsync(encoded.AsMemory(at, Math.Min(Piece, encoded.Length - at)));
            Assert.True(write.IsCompletedSuccessfully); // stays on this thread, so the counter sees everything
        }

        var finish = feature.FinishAsync();
        Assert.True(finish.IsCompletedSuccessfully);
        feature.Dispose();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return (allocated, sink.BytesWritten, feature.Outcome);
    }

    private static (long Allocated, long Written, int Writes, NoticeOutcome Outcome, NoticePlacements Placements) Measure(
        NoticeInjection injection, byte[] firstChunk, byte[] chunk, long pageSize, byte[]? tail = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Response.ContentType = "text/html; charset=utf-8";
        var sink = new RecordingResponseBody();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var feature = new NoticeInjectingBodyFeature(context, sink, injection);
        for (long written = 0; written < pageSize; written += ChunkSize)
        {
            var source = written == 0 ? firstChunk : chunk;
            var write = feature.WriteAsync(source.AsMemory(0, (int)Math.Min(ChunkSize, pageSize - written)));
            Assert.True(write.IsCompletedSuccessfully); // stays on this thread, so the counter sees everything
        }

        if (tail is { Length: > 0 })
        {
            var write = feature.WriteAsync(tail);
            Assert.True(write.IsCompletedSuccessfully);
        }

        var finish = feature.FinishAsync();
        Assert.True(finish.IsCompletedSuccessfully);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return (allocated, sink.BytesWritten, sink.Writes, feature.Outcome, feature.InsertedPlacements);
    }

    // Chunks of markup-dense HTML (a tag every ~45 bytes) so that scanning, not skipping, is exercised.
    private static (byte[] FirstChunk, byte[] Chunk) Chunks(bool hasBodyTag)
    {
        var head = hasBodyTag
            ? "<!DOCTYPE html><html><head><title>Big</title><script>var s = \"<body>\";</script></head><body class=\"big\">"
            : "<!DOCTYPE html><html><head><title>Big</title><script>var s = \"<body>\";</script><template>"; // never closed: no body
        return (Fill(head), Fill(string.Empty));

        static byte[] Fill(string start)
        {
            var text = new StringBuilder(start);
            while (text.Length < ChunkSize)
            {
                text.Append("<p class=\"x\">Lorem ipsum dolor sit amet</p>\n");
            }

            return Encoding.UTF8.GetBytes(text.ToString(0, ChunkSize));
        }
    }

    // Like Chunks, with a marker in the head (ignored), then comments, a near-miss marker and end tags that start
    // like </body> in the body; each chunk ends in "</bo", and the next one starts with "<p" ("</bo<p …>" is not it).
    private static (byte[] FirstChunk, byte[] Chunk) PlacementChunks()
    {
        var head = "<!DOCTYPE html><html><head><title>Big</title><!-- contentgate:notice --></head><body class=\"big\">";
        return (Fill(head), Fill(string.Empty));

        static byte[] Fill(string start)
        {
            // Whole pieces only, then plain text, so that the final "</bo" is markup, not inside a comment or tag.
            const string Piece = "<p class=\"x\">Lorem <b>ipsum</b> dolor<!-- c --> sit<!-- contentgate:notices --></p></blockquote>\n";
            const string End = "</bo";
            var text = new StringBuilder(start);
            while (text.Length + Piece.Length <= ChunkSize - End.Length)
            {
                text.Append(Piece);
            }

            text.Append('x', ChunkSize - End.Length - text.Length).Append(End);
            return Encoding.UTF8.GetBytes(text.ToString()); // ASCII: chars are bytes
        }
    }
}
