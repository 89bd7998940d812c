using System.Net;
using System.Net.WebSockets;
using System.Text;
using ContentGate.Gateway.Tests.Infrastructure;

namespace ContentGate.Gateway.Tests;

/// <summary>
/// What must pass through the gateway as it happens: events and parts of a page the origin flushed arrive before the
/// origin writes the next one (the origin waits for the test, so a gateway that buffered would never deliver them and
/// the per-read timeout fails the test), WebSockets, and HTTP/2 to the client.
/// </summary>
public sealed class StreamingTests(StreamingTests.Site site) : IClassFixture<StreamingTests.Site>
{
    // Bounds a read that would otherwise hang on a buffering gateway; not a measure of speed.
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(20);

    public sealed class Site : IAsyncLifetime
    {
        internal KestrelOrigin Origin { get; private set; } = null!;

        internal GatewayServer Gateway { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Origin = await KestrelOrigin.StartAsync();
            Gateway = await GatewayServer.StartAsync(GatewayServer.Configuration(Origin.BaseAddress, "127.0.0.1"), http2Endpoint: true);
        }

        public async Task DisposeAsync()
        {
            if (Gateway is not null)
            {
                await Gateway.DisposeAsync();
            }

            if (Origin is not null)
            {
                await Origin.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ServerSentEvents_ForReaderInCrimea_ArriveOneByOneBeforeTheStreamEnds()
    {
        var id = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/events/{id}");
        request.Headers.Add("X-Forwarded-For", Readers.Crimea.ToString());
        using var response = await site.Gateway.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await site.Origin.AssertEventsArriveOneByOneAsync(await response.Content.ReadAsStreamAsync(), id, ReadTimeout);
    }

    [Fact]
    public async Task SlowPage_ForReaderInCrimea_DeliversNoticeAndFirstPartBeforeTheOriginWritesTheRest()
    {
        var id = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/slow/{id}");
        request.Headers.Add("X-Forwarded-For", Readers.Crimea.ToString());
        using var response = await site.Gateway.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();

        Assert.True(response.Headers.TransferEncodingChunked);
        var first = await ReadUntilAsync(stream, "<p>first part</p>");
        Assert.Matches("<body class=\"slow\"><section class=\"contentgate-notice\" data-contentgate-notice=\"undesirable-organization\".*</section><p>first part</p>$", first);

        site.Origin.Release(id);
        var rest = await ReadUntilAsync(stream, "</html>");
        Assert.Equal("<p>second part</p></body></html>", rest);
    }

    [Fact]
    public async Task WebSocket_ThroughTheGatewayOnACoveredPath_EchoesMessages()
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-Forwarded-For", Readers.Crimea.ToString());
        var address = new UriBuilder(site.Gateway.BaseAddress) { Scheme = "ws", Path = "/ws" }.Uri;
        using var timeout = new CancellationTokenSource(ReadTimeout);
        await socket.ConnectAsync(address, timeout.Token);

        foreach (var message in new[] { "first message", "второе сообщение", new string('x', 10_000) })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
            Assert.Equal(message, await ReceiveTextAsync(socket, timeout.Token));
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        Assert.Equal(WebSocketState.Closed, socket.State);
    }

    [Fact]
    public async Task Http2Client_ForReaderInCrimea_GetsAnHttp2ResponseWithTheNotice()
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = site.Gateway.Http2Address };

        using var page = await client.SendAsync(Http2Request("/page", Readers.Crimea));
        using var blocked = await client.SendAsync(Http2Request("/articles/restricted-in-kazakhstan", Readers.Kazakhstan));

        Assert.Equal(HttpVersion.Version20, page.Version);
        Assert.Contains("<body class=\"origin\"><section class=\"contentgate-notice\" data-contentgate-notice=\"undesirable-organization\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpVersion.Version20, blocked.Version);
        Assert.Equal((HttpStatusCode)451, blocked.StatusCode);
    }

    // Cleartext HTTP/2 with prior knowledge: the client starts with the HTTP/2 preface and never falls back to 1.1.
    private static HttpRequestMessage Http2Request(string path, IPAddress reader)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.Add("X-Forwarded-For", reader.ToString());
        return request;
    }

    // Reads until the text read so far ends with `end`; fails if the stream ends or stalls first.
    private static async Task<string> ReadUntilAsync(Stream stream, string end)
    {
        var text = new StringBuilder();
        var buffer = new byte[1];
        using var timeout = new CancellationTokenSource(ReadTimeout);
        while (!text.ToString().EndsWith(end, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            Assert.True(read > 0, $"The stream ended before '{end}'; read: {text}");
            text.Append((char)buffer[0]);
        }

        return text.ToString();
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket, CancellationToken cancellation)
    {
        using var message = new MemoryStream();
        var buffer = new byte[4096];
        WebSocketReceiveResult received;
        do
        {
            received = await socket.ReceiveAsync(buffer, cancellation);
            message.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);

        return Encoding.UTF8.GetString(message.ToArray());
    }
}
