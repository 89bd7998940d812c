using System.IO.Compression;
using System.Text;
using BenchmarkDotNet.Attributes;
using ContentGate.Actions.Notices;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Benchmarks;

/// <summary>
/// A page the origin sends pre-compressed (gzip or br, as a CMS cache or a static <c>.gz</c> file does), written to the
/// response in 16 KB writes: copied as it is (baseline: what a reader who gets no notice costs), decoded and encoded
/// again with the framework's streams and no rewrite (what any proxy that must touch the bytes pays, such as nginx's
/// gunzip + sub_filter + gzip), and through ContentGate's injecting body feature, which decodes, inserts the notice after
/// <c>&lt;body&gt;</c> and encodes in the reader's coding.
/// </summary>
[MemoryDiagnoser]
public class EncodedPageBenchmarks
{
    private const int Write = 16 * 1024;
    private const string Notice = "<section class=\"contentgate-notice\" data-contentgate-notice=\"undesirable-organization\"><p>Warning for visitors in Russia-controlled regions.</p></section>";
    private static readonly NoticeInjection s_injection = NoticeInjection.Create(Notice, cdnCacheKeyIncludesRegion: false);

    private readonly CountingResponseBody _sink = new();
    private readonly DefaultHttpContext _context = new();
    private byte[] _encoded = null!;

    [Params("gzip", "br")]
    public string Coding { get; set; } = "gzip";

    [Params(50 * 1024, 1024 * 1024)]
    public int PageBytes { get; set; } = 50 * 1024;

    [GlobalSetup]
    public void Setup()
    {
        var page = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>Article</title></head>\n<body class=\"article\">\n");
        var i = 0;
        while (page.Length < PageBytes - 20)
        {
            page.Append("<p>Paragraph ").Append(i++).Append(": lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>\n");
        }

        page.Append("</body>\n</html>\n");
        var plain = Encoding.UTF8.GetBytes(page.ToString());
        using var buffer = new MemoryStream();
        using (var compressor = Compressor(buffer, CompressionLevel.Fastest))
        {
            compressor.Write(plain);
        }

        _encoded = buffer.ToArray();
        _context.Request.Method = HttpMethods.Get;
        _context.Request.Headers.AcceptEncoding = "gzip, br";

        // The figures mean nothing unless the rewrite really inserted the notice once: decode what it sent.
        var check = new MemoryStream();
        var feature = new NoticeInjectingBodyFeature(Reset(), new StreamSink(check), s_injection);
        WriteAll(feature).GetAwaiter().GetResult();
        feature.FinishAsync().GetAwaiter().GetResult();
        check.Position = 0;
        var sentCoding = _context.Response.Headers.ContentEncoding.ToString();
        using var decoder = sentCoding.Length == 0 ? check : Decompressor(check);
        using var reader = new StreamReader(decoder, Encoding.UTF8);
        var text = reader.ReadToEnd();
        if (text.Length != page.Length + Notice.Length || text.IndexOf(Notice, StringComparison.Ordinal) != text.IndexOf("<body class=\"article\">", StringComparison.Ordinal) + "<body class=\"article\">".Length)
        {
            throw new InvalidOperationException($"The rewrite did not insert the notice exactly once after <body> (sent {check.Length} bytes as '{sentCoding}', {text.Length} characters decoded, {page.Length} + {Notice.Length} expected; starts {text[..Math.Min(200, text.Length)]}).");
        }
    }

    [Benchmark(Baseline = true)]
    public async Task<long> EncodedCopy()
    {
        _sink.BytesWritten = 0;
        await WriteAll(_sink);
        return _sink.BytesWritten;
    }

    [Benchmark]
    public async Task<long> FrameworkDecodeAndEncode()
    {
        _sink.BytesWritten = 0;
        using (var decoder = Decompressor(new MemoryStream(_encoded, writable: false)))
        using (var encoder = Compressor(_sink, CompressionLevel.Fastest, leaveOpen: true))
        {
            await decoder.CopyToAsync(encoder, Write);
        }

        return _sink.BytesWritten;
    }

    [Benchmark]
    public async Task<long> ContentGate_DecodeInsertEncode()
    {
        _sink.BytesWritten = 0;
        var feature = new NoticeInjectingBodyFeature(Reset(), _sink, s_injection);
        await WriteAll(feature);
        await feature.FinishAsync();
        feature.Dispose();
        return _sink.BytesWritten;
    }

    private HttpContext Reset()
    {
        _context.Response.Headers.Clear();
        _context.Response.ContentType = "text/html; charset=utf-8";
        _context.Response.Headers.ContentEncoding = Coding;
        return _context;
    }

    private async Task WriteAll(Stream target)
    {
        var encoded = _encoded.AsMemory();
        for (var at = 0; at < encoded.Length; at += Write)
        {
            await target.WriteAsync(encoded.Slice(at, Math.Min(Write, encoded.Length - at)));
        }
    }

    private Stream Compressor(Stream output, CompressionLevel level, bool leaveOpen = false)
        => Coding == "br" ? new BrotliStream(output, level, leaveOpen) : new GZipStream(output, level, leaveOpen);

    private Stream Decompressor(Stream input)
        => Coding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);

    /// <summary>A response body over a stream, for the setup's check.</summary>
    private sealed class StreamSink(Stream stream) : Stream, Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature
    {
        public Stream Stream => this;

        public System.IO.Pipelines.PipeWriter Writer => throw new NotSupportedException();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void DisableBuffering()
        {
        }

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task CompleteAsync() => Task.CompletedTask;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => stream.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => stream.WriteAsync(buffer, cancellationToken);
    }
}
