using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ContentGate.Gateway.Tests.Infrastructure;

namespace ContentGate.Gateway.Tests;

/// <summary>
/// The shipped gateway in its own process: it runs socket completions inline on the runtime's event threads unless
/// the operator says otherwise, and the behaviour that depends on the socket layer — a notice, events flushed one by
/// one, a WebSocket, a 451 — holds in that mode. The mode is observed from outside: the runtime starts one event
/// thread (".NET Sockets") per processor when completions run inline, and one per 30 processors otherwise; the
/// process is told it has 4 (<c>DOTNET_PROCESSOR_COUNT</c>) so that the two modes differ on any machine.
/// </summary>
public sealed class GatewayProcessTests(GatewayProcessTests.Site site) : IClassFixture<GatewayProcessTests.Site>
{
    private const string EventThread = ".NET Sockets";

    // Bounds a read that would otherwise hang on a buffering gateway; not a measure of speed.
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(20);

    private static readonly Dictionary<string, string?> FourProcessors = new() { ["DOTNET_PROCESSOR_COUNT"] = "4" };

    public sealed class Site : IAsyncLifetime
    {
        internal KestrelOrigin Origin { get; private set; } = null!;

        /// <summary>The gateway started as users start it: nothing set about sockets.</summary>
        internal GatewayProcess Gateway { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Origin = await KestrelOrigin.StartAsync();
            Gateway = await GatewayProcess.StartAsync(GatewayServer.Configuration(Origin.BaseAddress, "127.0.0.1"), FourProcessors);
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
    public void ByDefault_RunsSocketCompletionsOnOneEventThreadPerProcessor()
    {
        Assert.Equal(4, site.Gateway.ThreadsNamed(EventThread));
    }

    [Fact]
    public void TheInProcessGatewayTests_RunInTheSameSocketModeAsTheShippedGateway()
    {
        // gateway.runsettings sets the variable for this test host; GatewayServer's gateways share its sockets.
        Assert.Equal("1", Environment.GetEnvironmentVariable(SocketCompletions.InlineVariable));
        Assert.Equal(Environment.ProcessorCount, GatewayProcess.ThreadsNamed(Environment.ProcessId, EventThread));
    }

    [Fact]
    public async Task OperatorSetsInlineCompletionsOff_TheGatewayKeepsTheThreadPoolAndStillInjects()
    {
        var environment = new Dictionary<string, string?>(FourProcessors) { [SocketCompletions.InlineVariable] = "0" };
        await using var gateway = await GatewayProcess.StartAsync(GatewayServer.Configuration(site.Origin.BaseAddress, "127.0.0.1"), environment);
        using var client = gateway.ClientFor(Readers.Crimea);

        var page = await client.GetStringAsync("/page");

        Assert.Equal(1, gateway.ThreadsNamed(EventThread));
        Assert.Single(page.Split("data-contentgate-notice=", StringSplitOptions.None)[1..]);
    }

    [Fact]
    public async Task Page_ForReaderInCrimea_CarriesTheNoticeOnceRightAfterTheBody()
    {
        using var client = site.Gateway.ClientFor(Readers.Crimea);

        using var response = await client.GetAsync("/page");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("<body class=\"origin\"><section class=\"contentgate-notice\" data-contentgate-notice=\"undesirable-organization\".*</section><p>From the origin.</p></body></html>$", page);
        Assert.Single(page.Split("data-contentgate-notice=", StringSplitOptions.None)[1..]);
        Assert.Contains("private", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_ForReaderInGermany_IsTheOriginsPage()
    {
        using var client = site.Gateway.ClientFor(Readers.Germany);

        Assert.Equal(KestrelOrigin.Page, await client.GetStringAsync("/page"));
    }

    [Fact]
    public async Task CourtOrder_ForReaderInKazakhstan_Is451WithBlockedBy()
    {
        using var client = site.Gateway.ClientFor(Readers.Kazakhstan);

        using var response = await client.GetAsync("/articles/restricted-in-kazakhstan");

        Assert.Equal(HttpStatusCode.UnavailableForLegalReasons, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Link"), link => link.Contains("rel=\"blocked-by\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerSentEvents_ForReaderInCrimea_ArriveOneByOneBeforeTheStreamEnds()
    {
        var id = Guid.NewGuid().ToString("N");
        using var client = site.Gateway.ClientFor(Readers.Crimea);
        using var response = await client.GetAsync($"/events/{id}", HttpCompletionOption.ResponseHeadersRead);

        await site.Origin.AssertEventsArriveOneByOneAsync(await response.Content.ReadAsStreamAsync(), id, ReadTimeout);
    }

    [Fact]
    public async Task WebSocket_ThroughTheGatewayProcess_EchoesMessages()
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-Forwarded-For", Readers.Crimea.ToString());
        using var timeout = new CancellationTokenSource(ReadTimeout);
        await socket.ConnectAsync(new UriBuilder(site.Gateway.BaseAddress) { Scheme = "ws", Path = "/ws" }.Uri, timeout.Token);

        foreach (var message in new[] { "first message", new string('x', 100_000) })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
            using var received = new MemoryStream();
            var buffer = new byte[8192];
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, timeout.Token);
                received.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            Assert.Equal(message, Encoding.UTF8.GetString(received.ToArray()));
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
    }

    [Fact]
    public async Task TlsEndpointAsTheReadmeConfiguresIt_NegotiatesHttp2WithTheReaderAndInjects()
    {
        // The README's advice: terminate TLS at the gateway with Kestrel:Endpoints:Https and a certificate, and HTTP/2 is
        // negotiated (ALPN) with browsers. A certificate made for the test, trusted by this client alone.
        var folder = Directory.CreateTempSubdirectory("contentgate-gateway-tls-");
        try
        {
            using var certificate = SelfSignedCertificate();
            var pfx = Path.Combine(folder.FullName, "gateway.pfx");
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test-password"));
            var configuration = GatewayServer.Configuration(site.Origin.BaseAddress, "127.0.0.1");
            configuration["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0";
            configuration["Kestrel:Endpoints:Https:Certificate:Path"] = pfx;
            configuration["Kestrel:Endpoints:Https:Certificate:Password"] = "test-password";
            await using var gateway = await GatewayProcess.StartAsync(configuration, FourProcessors);
            var handler = new SocketsHttpHandler();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString();
            using var crimea = GatewayProcess.ClientFor(Readers.Crimea, gateway.BaseAddress, handler);
            crimea.DefaultRequestVersion = HttpVersion.Version20;
            crimea.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;

            using var response = await crimea.GetAsync("/page");

            Assert.Equal("https", gateway.BaseAddress.Scheme);
            Assert.Equal(HttpVersion.Version20, response.Version);
            Assert.Matches("<body class=\"origin\"><section class=\"contentgate-notice\" data-contentgate-notice=\"undesirable-organization\"", await response.Content.ReadAsStringAsync());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(
            "CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
