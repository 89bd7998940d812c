using System.IO.Compression;
using System.Net;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContentGate.Tests.Hosting;

/// <summary>
/// ContentGate with the framework's response compression, in the order the README recommends (compression first) and
/// in the other one, on Kestrel.
/// </summary>
public sealed class CompressionOrderTests
{
    private static Action<WebApplicationBuilder> Compression => b => b.Services.AddResponseCompression(o =>
    {
        o.Providers.Add<BrotliCompressionProvider>();
        o.Providers.Add<GzipCompressionProvider>();
    });

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Notice_WithCompressionBeforeContentGate_IsCompressedForTheReader(string encoding)
    {
        await using var app = await KestrelApp.StartAsync(GateServer.ContractConfiguration(), a =>
        {
            a.UseForwardedHeaders(KestrelApp.LocalProxy);
            a.UseResponseCompression();
            a.UseContentGate();
            a.MapGet("/", (HttpContext c) => GateServer.Html(c, GateServer.Page));
        }, Compression);

        using var russian = await app.GetAsync("/", Fixtures.IPv4("RU"), r => r.Headers.Add("Accept-Encoding", encoding));
        using var german = await app.GetAsync("/", Fixtures.IPv4("DE"), r => r.Headers.Add("Accept-Encoding", encoding));

        Assert.Equal(encoding, Assert.Single(russian.Content.Headers.ContentEncoding));
        var page = await KestrelApp.ReadTextAsync(russian);
        Assert.Equal(1, KestrelApp.Count(page, "data-contentgate-notice"));
        Assert.Contains(GateServer.BodyTag + GateServer.ContractNotice, page, StringComparison.Ordinal);
        Assert.True(russian.Headers.CacheControl?.Private);

        Assert.Equal(encoding, Assert.Single(german.Content.Headers.ContentEncoding));
        Assert.Equal(GateServer.Page, await KestrelApp.ReadTextAsync(german));
        Assert.True(german.Headers.CacheControl?.Private);
    }

    [Fact]
    public async Task Request_ForMatchingReader_ReachesAppWithoutItsConditionalAndEncodingHeaders_ButMiddlewareBeforeContentGateSeesThemUnchanged()
    {
        var seenOutside = new List<string>();
        await using var app = await KestrelApp.StartAsync(GateServer.ContractConfiguration(), a =>
        {
            a.UseForwardedHeaders(KestrelApp.LocalProxy);
            a.Use(async (context, next) =>
            {
                await next();
                var h = context.Request.Headers;
                seenOutside.Add($"{h.AcceptEncoding}|{h.IfNoneMatch}|{h.IfModifiedSince}|{h.Range}|{h.IfRange}");
            });
            a.UseContentGate();
            a.MapGet("/", (HttpContext c) =>
            {
                var h = c.Request.Headers;
                return GateServer.Html(c, $"<body>[{h.AcceptEncoding}|{h.IfNoneMatch}|{h.IfModifiedSince}|{h.Range}|{h.IfRange}]</body>");
            });
        });

        const string Sent = "gzip, br|\"v1\"|Sat, 01 Nov 2025 00:00:00 GMT|bytes=0-10|\"v1\"";
        using var response = await app.GetAsync("/", Fixtures.IPv4("RU"), r =>
        {
            r.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
            r.Headers.TryAddWithoutValidation("If-None-Match", "\"v1\"");
            r.Headers.TryAddWithoutValidation("If-Modified-Since", "Sat, 01 Nov 2025 00:00:00 GMT");
            r.Headers.TryAddWithoutValidation("Range", "bytes=0-10");
            r.Headers.TryAddWithoutValidation("If-Range", "\"v1\"");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("<body>" + GateServer.ContractNotice + "[||||]</body>", await response.Content.ReadAsStringAsync());
        Assert.Equal(Sent, Assert.Single(seenOutside));
    }

    [Fact]
    public async Task Page_WithCompressionAfterContentGate_KeepsCacheRulesForEveryReader()
    {
        await using var app = await KestrelApp.StartAsync(GateServer.ContractConfiguration(), a =>
        {
            a.UseForwardedHeaders(KestrelApp.LocalProxy);
            a.UseContentGate();
            a.UseResponseCompression();
            a.MapGet("/", (HttpContext c) =>
            {
                c.Response.Headers.CacheControl = "public, max-age=60";
                return GateServer.Html(c, GateServer.Page);
            });
        }, Compression);

        using var german = await app.GetAsync("/", Fixtures.IPv4("DE"), r => r.Headers.Add("Accept-Encoding", "gzip"));
        using var russian = await app.GetAsync("/", Fixtures.IPv4("RU"), r => r.Headers.Add("Accept-Encoding", "gzip"));

        // The reader who gets nothing gets the compressed page, but a shared cache must not keep it for everyone.
        Assert.Equal("gzip", Assert.Single(german.Content.Headers.ContentEncoding));
        Assert.Equal(GateServer.Page, await KestrelApp.ReadTextAsync(german));
        Assert.True(german.Headers.CacheControl?.Private);
        Assert.False(german.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromSeconds(60), german.Headers.CacheControl?.MaxAge);

        // The compressor after ContentGate never saw the reader's Accept-Encoding, so the notice went in.
        Assert.Empty(russian.Content.Headers.ContentEncoding);
        Assert.Contains(GateServer.BodyTag + GateServer.ContractNotice, await russian.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(russian.Headers.CacheControl?.Private);

        await app.SettleAsync();
        Assert.DoesNotContain(app.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning && e.Category.StartsWith("ContentGate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DoublyEncodedPage_ForMatchingReader_IsPassedThroughPrivate_LoggedOnceWithTheFix_AndCountedEveryTime()
    {
        // gzip, then br over it: two codings, which ContentGate does not take off (one it would).
        var encoded = Brotli(Gzip(System.Text.Encoding.UTF8.GetBytes(GateServer.Page)));
        await using var app = await KestrelApp.StartAsync(GateServer.ContractConfiguration(), a =>
        {
            a.UseForwardedHeaders(KestrelApp.LocalProxy);
            a.UseContentGate();
            a.MapGet("/", async (HttpContext c) =>
            {
                // Pre-compressed HTML served whatever the request accepts.
                c.Response.ContentType = "text/html; charset=utf-8";
                c.Response.Headers.ContentEncoding = "gzip, br";
                c.Response.Headers.CacheControl = "public, max-age=60";
                await c.Response.Body.WriteAsync(encoded);
            });
        });
        using var metrics = new MetricCapture(app.Services);

        for (var i = 0; i < 3; i++)
        {
            using var response = await app.GetAsync("/", Fixtures.IPv4("RU"));
            Assert.Equal(encoded, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(["gzip", "br"], response.Content.Headers.ContentEncoding);
            Assert.True(response.Headers.CacheControl?.Private);
        }

        using var german = await app.GetAsync("/", Fixtures.IPv4("DE"));
        Assert.True(german.Headers.CacheControl?.Private);

        await app.SettleAsync();
        var warning = Assert.Single(app.Logs.Entries, e => e.EventId.Name == "EncodedPageWithoutNotice");
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains("UseResponseCompression before UseContentGate", warning.Message, StringComparison.Ordinal);
        Assert.Equal(3, metrics.Sum("contentgate.notice.responses", "contentgate.notice.outcome", "content_encoded"));
        Assert.Equal(3, metrics.Sum("contentgate.pipeline.problems", "contentgate.pipeline.problem", "encoded_page_without_notice"));
        var health = await app.HealthAsync();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("arrived already encoded", health.Description, StringComparison.Ordinal);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }

    private static byte[] Brotli(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var brotli = new BrotliStream(buffer, CompressionLevel.Fastest))
        {
            brotli.Write(data);
        }

        return buffer.ToArray();
    }
}
