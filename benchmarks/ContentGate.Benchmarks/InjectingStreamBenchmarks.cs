using System.Text;
using BenchmarkDotNet.Attributes;
using ContentGate.Notices;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Benchmarks;

/// <summary>
/// A page written to the response in fixed-size chunks: straight to the server (baseline), through ContentGate's
/// injecting body feature, and through the common buffer-everything, decode, <c>string.Replace</c>, encode approach.
/// The body tag is near the start, so nearly every byte is after the insertion point.
/// </summary>
[MemoryDiagnoser]
public class InjectingStreamBenchmarks
{
    private const string Notice = "<section class=\"contentgate-notice\" data-contentgate-notice=\"undesirable-organization\"><p>Warning for visitors in Russia-controlled regions.</p></section>";
    private static readonly NoticeInjection s_injection = NoticeInjection.Create(Notice, keepSharedCacheable: false);

    private const string BodyTag = "<body class=\"article\">";

    private byte[] _page = null!;
    private readonly CountingResponseBody _sink = new();

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
    }

    [Benchmark(Baseline = true)]
    public async Task<long> PlainCopy()
    {
        _sink.BytesWritten = 0;
        await WriteChunksAsync(_sink);
        return _sink.BytesWritten;
    }

    [Benchmark]
    public async Task<long> ContentGate_Injecting()
    {
        _sink.BytesWritten = 0;
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Response.ContentType = "text/html; charset=utf-8";
        var feature = new NoticeInjectingBodyFeature(context, _sink, s_injection);
        await WriteChunksAsync(feature);
        await feature.FinishAsync();
        return _sink.BytesWritten;
    }

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
