using System.Text;
using BenchmarkDotNet.Attributes;
using ContentGate.Actions.Notices;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Benchmarks;

/// <summary>
/// A page written to the response in fixed-size chunks: straight to the server (baseline), through ContentGate's
/// injecting body feature with the notice after <c>&lt;body&gt;</c> and with the notice before <c>&lt;/body&gt;</c>, and
/// through the common buffer-everything, decode, <c>string.Replace</c>, encode approach.
/// </summary>
/// <remarks>
/// <para>
/// The body start tag is near the start of the page (after a head with a <c>&lt;body&gt;</c> in a comment and one in a
/// script) and the body end tag at its very end, so nearly every byte is after the insertion point of
/// <see cref="ContentGate_AfterBodyStart"/>, where the feature passes writes straight through unscanned, and before
/// that of <see cref="ContentGate_BeforeBodyEnd"/>, where every byte is scanned up to the end.
/// </para>
/// <para>
/// The sink, for every row alike, is <see cref="CountingResponseBody"/>: it copies each write into one reusable
/// 64 KB buffer (what a server's transport minimally does with a response write: Kestrel copies it into its output
/// pipe) and counts the bytes. A sink that touched no bytes would make the baseline free per byte and any wrapper
/// look arbitrarily slow; this one makes the baseline a plain copy, as the "against a plain copy" asks.
/// </para>
/// <para>
/// One <see cref="DefaultHttpContext"/> (GET, <c>text/html; charset=utf-8</c>) is made in setup and reused: a
/// server has a context per request whether or not ContentGate is there, so its cost belongs to neither row. Each
/// ContentGate operation creates the feature, writes the chunks, calls <c>FinishAsync</c> and resets the one
/// response header the feature changed on this context (<c>Cache-Control</c>), so every operation takes the same
/// decision path. The fixed cost per response is then the feature's own (its allocations, the decision, the scan
/// up to the body start tag, the finish): see the 50 KB rows.
/// </para>
/// </remarks>
[MemoryDiagnoser]
public class InjectingStreamBenchmarks
{
    private const string Notice = "<section class=\"contentgate-notice\" data-contentgate-notice=\"undesirable-organization\"><p>Warning for visitors in Russia-controlled regions.</p></section>";
    private static readonly NoticeInjection s_afterBodyStart = NoticeInjection.Create(Notice, cdnCacheKeyIncludesRegion: false);
    private static readonly NoticeInjection s_beforeBodyEnd = NoticeInjection.Create(string.Empty, Notice, string.Empty, cdnCacheKeyIncludesRegion: false);

    private const string BodyTag = "<body class=\"article\">";

    private byte[] _page = null!;
    private readonly CountingResponseBody _sink = new();
    private readonly DefaultHttpContext _context = new();

    public static IEnumerable<PageCase> Cases()
    {
        int[] pages = [50 * 1024, 1024 * 1024, 100 * 1024 * 1024];
        int[] chunks = [1, 4096, 65536];
        foreach (var page in pages)
        {
            foreach (var chunk in chunks)
            {
                // 100 MB one byte at a time is 100 million writes per operation: minutes per iteration.
                if (page == 100 * 1024 * 1024 && chunk == 1)
                {
                    continue;
                }

                yield return new PageCase(page, chunk);
            }
        }
    }

    [ParamsSource(nameof(Cases))]
    public PageCase Case { get; set; } = new(50 * 1024, 4096);

    [GlobalSetup]
    public void Setup()
    {
        var head = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>Article</title>\n<!-- <body> in a comment -->\n<script>var s = \"<body>\";</script>\n</head>\n<body class=\"article\">\n"u8;
        var tail = "</body>\n</html>\n"u8;
        var filler = "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.</p>\n"u8;
        _page = new byte[Case.PageBytes];
        head.CopyTo(_page);
        for (var i = head.Length; i < _page.Length - tail.Length; i += filler.Length)
        {
            filler[..Math.Min(filler.Length, _page.Length - tail.Length - i)].CopyTo(_page.AsSpan(i));
        }

        tail.CopyTo(_page.AsSpan(_page.Length - tail.Length));

        _context.Request.Method = HttpMethods.Get;
        _context.Response.ContentType = "text/html; charset=utf-8";
        var expected = _page.Length + Encoding.UTF8.GetByteCount(Notice);
        if (ContentGate_AfterBodyStart().GetAwaiter().GetResult() != expected
            || ContentGate_BeforeBodyEnd().GetAwaiter().GetResult() != expected
            || BufferThenReplace().GetAwaiter().GetResult() != expected)
        {
            throw new InvalidOperationException("A row did not insert the notice exactly once.");
        }
    }

    [Benchmark(Baseline = true)]
    public async Task<long> PlainCopy()
    {
        _sink.BytesWritten = 0;
        await WriteChunksAsync(_sink);
        return _sink.BytesWritten;
    }

    [Benchmark]
    public Task<long> ContentGate_AfterBodyStart() => InjectAsync(s_afterBodyStart);

    [Benchmark]
    public Task<long> ContentGate_BeforeBodyEnd() => InjectAsync(s_beforeBodyEnd);

    [Benchmark]
    public async Task<long> BufferThenReplace()
    {
        _sink.BytesWritten = 0;
        using var buffer = new MemoryStream();
        await WriteChunksAsync(buffer);
        var html = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        var rewritten = html.Replace(BodyTag, BodyTag + Notice, StringComparison.Ordinal);
        await _sink.WriteAsync(Encoding.UTF8.GetBytes(rewritten));
        return _sink.BytesWritten;
    }

    private async Task<long> InjectAsync(NoticeInjection injection)
    {
        _sink.BytesWritten = 0;
        var feature = new NoticeInjectingBodyFeature(_context, _sink, injection);
        await WriteChunksAsync(feature);
        await feature.FinishAsync();
        _context.Response.Headers.CacheControl = default;
        return _sink.BytesWritten;
    }

    private async Task WriteChunksAsync(Stream target)
    {
        var page = _page.AsMemory();
        var chunk = Case.ChunkBytes;
        for (var offset = 0; offset < page.Length; offset += chunk)
        {
            await target.WriteAsync(page.Slice(offset, Math.Min(chunk, page.Length - offset)));
        }
    }

    public sealed record PageCase(int PageBytes, int ChunkBytes)
    {
        public override string ToString() => $"{Size(PageBytes)} in {Size(ChunkBytes)}";

        private static string Size(int bytes) => bytes switch
        {
            >= 1024 * 1024 => $"{bytes / (1024 * 1024)} MB",
            >= 1024 => $"{bytes / 1024} KB",
            _ => $"{bytes} B",
        };
    }
}
