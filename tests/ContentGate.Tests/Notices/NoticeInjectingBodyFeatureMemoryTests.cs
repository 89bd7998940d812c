using System.Text;
using ContentGate.Notices;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace ContentGate.Tests.Notices;

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
        var injection = NoticeInjection.Create("<div data-contentgate-notice=\"memory\">Внимание</div>", keepSharedCacheable: false);
        Measure(injection, firstChunk, chunk, SmallPage); // warm up: JIT, statics, pools

        var small = Measure(injection, firstChunk, chunk, SmallPage);
        var large = Measure(injection, firstChunk, chunk, LargePage);

        output.WriteLine($"body tag: {hasBodyTag}; allocated for 50 KB: {small.Allocated} B; for 100 MB: {large.Allocated} B; outcome {large.Outcome}");
        Assert.Equal(hasBodyTag ? NoticeOutcome.Injected : NoticeOutcome.NoBodyTag, large.Outcome);
        Assert.Equal(LargePage + (hasBodyTag ? injection.Utf8.Length : 0), large.Written);
        Assert.InRange(large.Allocated, 0, AllocationBound);
        Assert.InRange(small.Allocated, 0, AllocationBound);
    }

    private static (long Allocated, long Written, NoticeOutcome Outcome) Measure(NoticeInjection injection, byte[] firstChunk, byte[] chunk, long pageSize)
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

        var finish = feature.FinishAsync();
        Assert.True(finish.IsCompletedSuccessfully);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return (allocated, sink.BytesWritten, feature.Outcome);
    }

    // Chunks of markup-dense HTML (a tag every ~45 bytes) so that scanning, not skipping, is exercised.
    private static (byte[] FirstChunk, byte[] Chunk) Chunks(bool hasBodyTag)
    {
        var head = hasBodyTag
            ? "<!DOCTYPE html><html><head><title>Big</title><script>var s = \"<body>\";</script></head><body class=\"big\">"
            : "<!DOCTYPE html><html><head><title>Big</title><script>var s = \"<body>\";</script></head>";
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
}
