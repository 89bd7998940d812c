using System.Net;
using System.Text;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ContentGate.Tests.Actions.Notices;

/// <summary>The behaviour-table rows about what is left alone and how modified responses are marked for caches.</summary>
public sealed class PassThroughAndCachingTests : IAsyncLifetime
{
    private const string ETag = "\"v1\"";

    // "compress" (LZW) data whose bytes contain "<body>": a coding ContentGate does not decode.
    private static readonly byte[] Compressed = [0x1f, 0x9d, 0x90, 0x3c, 0x62, 0x6f, 0x64, 0x79, 0x3e];

    private GateServer _server = null!;

    public async Task InitializeAsync() => _server = await GateServer.StartAsync(GateServer.ContractConfiguration(), Endpoints);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static void Endpoints(IEndpointRouteBuilder e)
    {
        GateServer.DefaultEndpoints(e);
        e.MapMethods("/head", ["GET", "HEAD"], (HttpContext c) => GateServer.Html(c, GateServer.Page));
        e.MapGet("/no-content", (HttpContext c) =>
        {
            c.Response.StatusCode = 204;
            c.Response.ContentType = "text/html";
            return Task.CompletedTask;
        });
        e.MapGet("/range", async (HttpContext c) =>
        {
            c.Response.StatusCode = 206;
            c.Response.ContentType = "text/html";
            c.Response.Headers.ContentRange = "bytes 0-9/100";
            await c.Response.WriteAsync("<body>0123");
        });
        e.MapGet("/json", (HttpContext c) =>
        {
            c.Response.ContentType = "application/json";
            return c.Response.WriteAsync("{\"html\":\"<body>\"}");
        });
        e.MapGet("/encoded", async (HttpContext c) =>
        {
            c.Response.ContentType = "text/html";
            c.Response.Headers.ContentEncoding = "compress";
            await c.Response.Body.WriteAsync(Compressed);
        });
        e.MapGet("/cached", (HttpContext c) =>
        {
            // A conditional GET the app answers itself, as static files and output caching do.
            if (c.Request.Headers.IfNoneMatch == ETag)
            {
                c.Response.StatusCode = 304;
                c.Response.Headers.ETag = ETag;
                return Task.CompletedTask;
            }

            c.Response.Headers.ETag = ETag;
            c.Response.Headers.LastModified = "Tue, 24 Nov 2026 10:00:00 GMT";
            c.Response.Headers.CacheControl = "public, max-age=60, s-maxage=600";
            c.Response.ContentLength = Encoding.UTF8.GetByteCount(GateServer.Page);
            return GateServer.Html(c, GateServer.Page);
        });
        e.MapGet("/accept-encoding", (HttpContext c) => GateServer.Html(c, $"<body>{c.Request.Headers.AcceptEncoding}</body>"));
    }

    [Fact]
    public async Task HeadRequest_FromMatchingVisitor_IsPassedThroughUntouched()
    {
        using var response = await _server.SendAsync(HttpMethod.Head, "/head", Fixtures.IPv4("RU"));

        // TestServer hands over whatever the app wrote for HEAD (Kestrel would drop it): it must be the page as written.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GateServer.Page, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NoContentResponse_FromMatchingVisitor_IsPassedThroughUntouched()
    {
        using var response = await _server.GetAsync("/no-content", Fixtures.IPv4("RU"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task PartialContentResponse_FromMatchingVisitor_IsPassedThroughUntouched()
    {
        using var response = await _server.GetAsync("/range", Fixtures.IPv4("RU"));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("<body>0123", await response.Content.ReadAsStringAsync());
        Assert.Equal("bytes 0-9/100", response.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task JsonResponse_FromMatchingVisitor_IsPassedThroughUntouched()
    {
        using var response = await _server.GetAsync("/json", Fixtures.IPv4("RU"));

        Assert.Equal("{\"html\":\"<body>\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ResponseInCodingContentGateCannotDecode_FromMatchingVisitor_IsPassedThroughByteForByte()
    {
        using var response = await _server.GetAsync("/encoded", Fixtures.IPv4("RU"));

        Assert.Equal(Compressed, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("compress", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains(_server.Logs.Entries, e => e.EventId.Name == "EncodedPageWithoutNotice" && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task Request_FromMatchingVisitor_ReachesAppWithoutAcceptEncoding()
    {
        using var response = await _server.GetAsync("/accept-encoding", Fixtures.IPv4("RU"), r => r.Headers.Add("Accept-Encoding", "gzip, br"));
        var html = await response.Content.ReadAsStringAsync();

        // The endpoint echoes the Accept-Encoding it received between the body tags; the notice comes first.
        Assert.Equal("<body>" + GateServer.ContractNotice + "</body>", html);
    }

    [Fact]
    public async Task ModifiedResponse_DropsContentLengthAndValidatorsAndBecomesPrivate()
    {
        using var response = await _server.GetAsync("/cached", Fixtures.IPv4("UA-43"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("data-contentgate-notice", html, StringComparison.Ordinal);
        Assert.Null(response.Headers.ETag);
        Assert.Null(response.Content.Headers.LastModified);
        var cacheControl = response.Headers.CacheControl!;
        Assert.True(cacheControl.Private);
        Assert.False(cacheControl.Public);
        Assert.Null(cacheControl.SharedMaxAge);
        Assert.Equal(TimeSpan.FromSeconds(60), cacheControl.MaxAge);
    }

    [Fact]
    public async Task ConditionalRequest_FromMatchingVisitorWithValidatorOfUnmodifiedCopy_GetsFullPageWithNotice()
    {
        // The browser cached the page while the visitor was elsewhere; now in Crimea it must not be told "304, use that copy".
        using var response = await _server.GetAsync("/cached", Fixtures.IPv4("UA-43"), r => r.Headers.TryAddWithoutValidation("If-None-Match", ETag));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-contentgate-notice", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotModifiedResponse_ForNonMatchingVisitor_IsPassedThroughUntouched()
    {
        using var response = await _server.GetAsync("/cached", Fixtures.IPv4("DE"), r => r.Headers.TryAddWithoutValidation("If-None-Match", ETag));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(ETag, response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task UnmodifiedResponse_ForNonMatchingVisitorOnNoticePath_KeepsValidatorsButBecomesPrivate()
    {
        using var response = await _server.GetAsync("/cached", Fixtures.IPv4("DE"));

        Assert.Equal(GateServer.Page, await response.Content.ReadAsStringAsync());
        Assert.Equal(ETag, response.Headers.ETag?.Tag);
        Assert.Equal(Encoding.UTF8.GetByteCount(GateServer.Page), response.Content.Headers.ContentLength);
        Assert.True(response.Headers.CacheControl?.Private);
    }

    [Fact]
    public async Task ModifiedResponse_WhenCdnCacheKeyIncludesRegion_KeepsCacheControl()
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Caching:CdnCacheKeyIncludesRegion"] = "true";
        await using var server = await GateServer.StartAsync(config, Endpoints);

        using var response = await server.GetAsync("/cached", Fixtures.IPv4("RU"));

        Assert.Contains("data-contentgate-notice", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromSeconds(600), response.Headers.CacheControl?.SharedMaxAge);
        Assert.Null(response.Headers.ETag);
    }

    [Fact]
    public async Task Response_OnPathNoPolicyCovers_IsUntouched()
    {
        using var response = await _server.GetAsync("/api/page", Fixtures.IPv4("DE"));

        Assert.Null(response.Headers.CacheControl);
    }
}
