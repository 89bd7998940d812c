using System.Net;
using System.Text;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace ContentGate.Tests.Actions.Notices;

/// <summary>
/// An origin that sends its HTML compressed whatever the request says (a CMS cache, a pre-compressed file), on Kestrel,
/// with the framework's response compression, output cache and static files where the README puts them.
/// </summary>
public sealed class CompressedOriginTests
{
    private static readonly byte[] Page = Encoding.UTF8.GetBytes(GateServer.Page);

    private static Action<WebApplicationBuilder> Compression => b => b.Services.AddResponseCompression(o =>
    {
        o.Providers.Add<BrotliCompressionProvider>();
        o.Providers.Add<GzipCompressionProvider>();
    });

    public static TheoryData<string, bool, string?, string?> Readers => new()
    {
        // origin coding, UseResponseCompression before ContentGate (else after), the reader's Accept-Encoding, what it gets
        { "gzip", true, "gzip, deflate, br", "gzip" },
        { "br", true, "gzip, deflate, br", "br" },
        { "gzip", true, "br", "br" },
        { "br", true, "gzip", "gzip" },
        { "gzip", true, null, null },
        { "deflate", true, "gzip, deflate, br", "br" },
        { "gzip", false, "gzip, br", "gzip" },
        { "br", false, "identity", null },
    };

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task PrecompressedPage_ForMatchingReader_GetsTheNoticeOnceAfterBody_InTheCodingItAccepts(
        string origin, bool compressionFirst, string? acceptEncoding, string? expected)
    {
        var encoded = EncodedPages.Encode(Page, origin);
        var seen = new List<string>();
        await using var app = await KestrelApp.StartAsync(GateServer.ContractConfiguration(), a =>
        {
            UseGateBesideCompression(a, compressionFirst);
            a.MapGet("/", (HttpContext c) =>
            {
                seen.Add(c.Request.Headers.AcceptEncoding.ToString());
                return WritePrecompressed(c, encoded, origin);
            });
        }, Compression);

        using var russian = await app.GetAsync("/", Fixtures.IPv4("RU"), r => AcceptEncoding(r, acceptEncoding));

        Assert.Equal(HttpStatusCode.OK, russian.StatusCode);
        Assert.Equal(expected is null ? [] : [expected], russian.Content.Headers.ContentEncoding);
        var page = await KestrelApp.ReadTextAsync(russian);
        Assert.Equal(1, KestrelApp.Count(page, "data-contentgate-notice"));
        Assert.Equal(GateServer.Page.Replace(GateServer.BodyTag, GateServer.BodyTag + GateServer.ContractNotice, StringComparison.Ordinal), page);
        Assert.Contains(HeaderNames.AcceptEncoding, russian.Headers.Vary);
        Assert.Null(russian.Headers.ETag);
        Assert.True(russian.Headers.TransferEncodingChunked); // no Content-Length was sent
        Assert.True(russian.Headers.CacheControl?.Private);
        Assert.Equal(string.Empty, Assert.Single(seen)); // the origin was asked for a plain page, and sent this anyway
    }

    [Theory]
    [InlineData("gzip", true)]
    [InlineData("br", true)]
    [InlineData("gzip", false)]
    public async Task PrecompressedPage_ForReaderWithoutNotice_IsTheOriginsBytesUntouched(string origin, bool compressionFirst)
    {
        var encoded = EncodedPages.Encode(Page, origin);
        await using var app = await KestrelApp.StartAsync(GateServer.ContractConfiguration(), a =>
        {
            UseGateBesideCompression(a, compressionFirst);
            a.MapGet("/", (HttpContext c) => WritePrecompressed(c, encoded, origin));
        }, Compression);

        using var german = await app.GetAsync("/", Fixtures.IPv4("DE"), r => AcceptEncoding(r, "gzip, br"));

        Assert.Equal(encoded, await german.Content.ReadAsByteArrayAsync());
        Assert.Equal([origin], german.Content.Headers.ContentEncoding);
        Assert.Equal(encoded.Length, german.Content.Headers.ContentLength);
        Assert.Equal("\"v1\"", german.Headers.ETag?.Tag);
        Assert.True(german.Headers.CacheControl?.Private);
    }

    // As nginx's gzip_static or a CDN's origin bucket serve them: the file on disk is the compressed page, labelled
    // gzip. Static files send it with SendFileAsync, which ContentGate then reads through the decoder.
    [Fact]
    public async Task PrecompressedStaticFile_ForMatchingReader_GetsTheNotice()
    {
        var root = Directory.CreateTempSubdirectory("contentgate-static-");
        try
        {
            var encoded = EncodedPages.Encode(Page, "gzip");
            await File.WriteAllBytesAsync(Path.Combine(root.FullName, "article.html"), encoded);
            await using var app = await KestrelApp.StartAsync(GateServer.ContractConfiguration(), a =>
            {
                a.UseForwardedHeaders(KestrelApp.LocalProxy);
                a.UseResponseCompression();
                a.UseContentGate();
                a.UseStaticFiles(new StaticFileOptions
                {
                    FileProvider = new PhysicalFileProvider(root.FullName),
                    OnPrepareResponse = f => f.Context.Response.Headers.ContentEncoding = "gzip",
                });
            }, Compression);

            using var russian = await app.GetAsync("/article.html", Fixtures.IPv4("RU"), r => AcceptEncoding(r, "br"));
            using var german = await app.GetAsync("/article.html", Fixtures.IPv4("DE"), r => AcceptEncoding(r, "br"));

            Assert.Equal("br", Assert.Single(russian.Content.Headers.ContentEncoding));
            Assert.Contains(GateServer.BodyTag + GateServer.ContractNotice, await KestrelApp.ReadTextAsync(russian), StringComparison.Ordinal);
            Assert.Null(russian.Headers.ETag);
            Assert.Equal(encoded, await german.Content.ReadAsByteArrayAsync());
            Assert.Equal("gzip", Assert.Single(german.Content.Headers.ContentEncoding));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    // The output cache after ContentGate keeps the origin's compressed page; ContentGate rewrites it for each reader.
    [Fact]
    public async Task PrecompressedPage_FromOutputCacheAfterContentGate_GetsTheNoticeEveryTime_AndStaysUntouchedForOthers()
    {
        var encoded = EncodedPages.Encode(Page, "br");
        var originCalls = 0;
        await using var app = await KestrelApp.StartAsync(GateServer.ContractConfiguration(), a =>
        {
            a.UseForwardedHeaders(KestrelApp.LocalProxy);
            a.UseResponseCompression();
            a.UseContentGate();
            a.UseOutputCache();
            a.MapGet("/", (HttpContext c) =>
            {
                Interlocked.Increment(ref originCalls);
                return WritePrecompressed(c, encoded, "br");
            }).CacheOutput();
        }, b =>
        {
            Compression(b);
            b.Services.AddOutputCache();
        });

        for (var i = 0; i < 2; i++)
        {
            using var russian = await app.GetAsync("/", Fixtures.IPv4("RU"), r => AcceptEncoding(r, "gzip"));
            Assert.Equal("gzip", Assert.Single(russian.Content.Headers.ContentEncoding));
            Assert.Equal(1, KestrelApp.Count(await KestrelApp.ReadTextAsync(russian), GateServer.BodyTag + GateServer.ContractNotice));

            using var german = await app.GetAsync("/", Fixtures.IPv4("DE"), r => AcceptEncoding(r, "gzip"));
            Assert.Equal(encoded, await german.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal(1, originCalls);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task CorruptPrecompressedPage_ForMatchingReader_IsAborted_LoggedAndCounted(string origin)
    {
        var encoded = EncodedPages.Encode(Encoding.UTF8.GetBytes(GateServer.Page + new string(' ', 100_000) + "<p>" + Guid.NewGuid() + "</p>"), origin);
        for (var i = encoded.Length / 2; i < encoded.Length / 2 + 32; i++)
        {
            encoded[i] ^= 0xA5;
        }

        await using var app = await KestrelApp.StartAsync(GateServer.ContractConfiguration(), a =>
        {
            a.UseForwardedHeaders(KestrelApp.LocalProxy);
            a.UseResponseCompression();
            a.UseContentGate();
            a.MapGet("/", (HttpContext c) => WritePrecompressed(c, encoded, origin));
        }, Compression);
        using var metrics = new MetricCapture(app.Services);

        await Assert.ThrowsAsync<HttpRequestException>(() => app.GetAsync("/", Fixtures.IPv4("RU"), r => AcceptEncoding(r, "gzip")));

        await app.SettleAsync();
        var warning = Assert.Single(app.Logs.Entries, e => e.EventId.Name == "EncodedPageCorrupt");
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Equal(1, metrics.Sum("contentgate.notice.responses", "contentgate.notice.outcome", "corrupt_encoding"));
        Assert.DoesNotContain(app.Logs.Entries, e => e.EventId.Name == "EncodedPageWithoutNotice");
    }

    // Forwarded headers, then the compressor before or after ContentGate: the two orders users write.
    private static void UseGateBesideCompression(WebApplication app, bool compressionFirst)
    {
        app.UseForwardedHeaders(KestrelApp.LocalProxy);
        if (compressionFirst)
        {
            app.UseResponseCompression();
        }

        app.UseContentGate();
        if (!compressionFirst)
        {
            app.UseResponseCompression();
        }
    }

    private static async Task WritePrecompressed(HttpContext context, byte[] encoded, string coding)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.ContentEncoding = EncodedPages.Label(coding);
        context.Response.Headers.ETag = "\"v1\"";
        context.Response.Headers.CacheControl = "public, max-age=60";
        context.Response.ContentLength = encoded.Length;

        // In pieces with a flush between, as a proxy copies what it receives.
        for (var at = 0; at < encoded.Length; at += 4096)
        {
            await context.Response.Body.WriteAsync(encoded.AsMemory(at, Math.Min(4096, encoded.Length - at)));
            await context.Response.Body.FlushAsync();
        }
    }

    private static void AcceptEncoding(HttpRequestMessage request, string? value)
    {
        if (value is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", value);
        }
    }
}
