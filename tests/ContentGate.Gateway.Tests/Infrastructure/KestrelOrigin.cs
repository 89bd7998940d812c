using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.WebSockets;
using System.Text;

namespace ContentGate.Gateway.Tests.Infrastructure;

/// <summary>
/// An origin that is not a static site, on Kestrel 127.0.0.1 with a free port and no ContentGate: server-sent events
/// and a page that stop until the test releases them (so a test can see what arrived before the rest is written), a
/// page of any size, a WebSocket echo, an echo of the request headers it received, and a page it gzips when asked.
/// </summary>
internal sealed class KestrelOrigin : IAsyncDisposable
{
    /// <summary>The HTML page at <c>/page</c>.</summary>
    public const string Page = "<!DOCTYPE html><html><head><title>Origin</title></head><body class=\"origin\"><p>From the origin.</p></body></html>";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    private KestrelOrigin(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<KestrelOrigin> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var origin = new KestrelOrigin(app);
        origin.Map(app);
        await app.StartAsync();
        origin.BaseAddress = new Uri(app.Urls.First());
        return origin;
    }

    /// <summary>Lets the stream <paramref name="id"/> write its next part.</summary>
    public void Release(string id) => Gate(id).Release();

    /// <summary>The gzip-compressed body of <c>/compressed</c>, as the origin sends it to a client that accepts gzip.</summary>
    public static byte[] CompressedPage { get; } = Gzip(Page);

    private SemaphoreSlim Gate(string id) => _gates.GetOrAdd(id, _ => new SemaphoreSlim(0));

    private void Map(WebApplication app)
    {
        app.UseWebSockets();

        app.MapGet("/page", () => Results.Content(Page, "text/html; charset=utf-8"));

        app.MapGet("/headers", (HttpRequest request) => Results.Text(
            string.Join('\n', request.Headers.Select(h => $"{h.Key}: {h.Value}")), "text/plain; charset=utf-8"));

        app.MapGet("/compressed", async context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.Vary = "Accept-Encoding";
            if (context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.Ordinal))
            {
                context.Response.Headers.ContentEncoding = "gzip";
                await context.Response.Body.WriteAsync(CompressedPage);
            }
            else
            {
                await context.Response.WriteAsync(Page);
            }
        });

        // Pre-compressed HTML, as a CMS page cache or a static .gz file sends it: gzip whatever the request accepts.
        app.MapGet("/precompressed", async context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.ContentEncoding = "gzip";
            await context.Response.Body.WriteAsync(CompressedPage);
        });

        // Event one, then each further event only when the test releases it: a buffering proxy holds event one back.
        app.MapGet("/events/{id}", async (HttpContext context, string id) =>
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            for (var n = 1; n <= 3; n++)
            {
                if (n > 1)
                {
                    await Gate(id).WaitAsync(context.RequestAborted);
                }

                await context.Response.WriteAsync($"id: {n}\ndata: event {n}\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });

        // An HTML page in two parts, the second written only when the test releases it.
        app.MapGet("/slow/{id}", async (HttpContext context, string id) =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync("<!DOCTYPE html><html><head><title>Slow</title></head><body class=\"slow\"><p>first part</p>", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Gate(id).WaitAsync(context.RequestAborted);
            await context.Response.WriteAsync("<p>second part</p></body></html>", context.RequestAborted);
        });

        app.MapGet("/large/{size:long}", async (HttpContext context, long size) =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength = size;
            foreach (var piece in LargePage.Pieces(size))
            {
                await context.Response.Body.WriteAsync(piece, context.RequestAborted);
            }
        });

        app.Map("/ws", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[4096];
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                    return;
                }

                await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, context.RequestAborted);
            }
        });
    }

    /// <summary>
    /// Reads the three events of <c>/events/{id}</c> from <paramref name="body"/>, releasing each further event only
    /// after the one before it arrived, then the end of the stream: a proxy that held an event back fails a read on
    /// <paramref name="readTimeout"/> (a bound on a hang, not a measure of speed).
    /// </summary>
    public async Task AssertEventsArriveOneByOneAsync(Stream body, string id, TimeSpan readTimeout)
    {
        using var reader = new StreamReader(body);
        async Task<string?> ReadLineAsync()
        {
            using var timeout = new CancellationTokenSource(readTimeout);
            return await reader.ReadLineAsync(timeout.Token);
        }

        for (var n = 1; n <= 3; n++)
        {
            if (n > 1)
            {
                Release(id);
            }

            Assert.Equal($"id: {n}", await ReadLineAsync());
            Assert.Equal($"data: event {n}", await ReadLineAsync());
            Assert.Equal(string.Empty, await ReadLineAsync());
        }

        Assert.Null(await ReadLineAsync());
    }

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var gate in _gates.Values)
        {
            gate.Dispose();
        }
    }
}
