using System.Net;
using ContentGate.Gateway.Tests.Infrastructure;

namespace ContentGate.Gateway.Tests;

/// <summary>
/// Who the reader is, and what the origin is told: <c>X-Forwarded-For</c> counts only from <c>Gateway:TrustedProxies</c>,
/// a CDN's geo headers only from a header source's <c>TrustedNetworks</c>; the origin gets the reader's address as the
/// gateway believed it (never what an untrusted client wrote), and the request ContentGate left it.
/// </summary>
public sealed class ForwardingTests(KestrelOriginFixture origin) : IClassFixture<KestrelOriginFixture>
{
    private Uri OriginAddress => origin.Server.BaseAddress;

    [Fact]
    public async Task Origin_ForReaderBehindTrustedProxy_SeesTheReadersAddressInXForwardedFor()
    {
        await using var gateway = await GatewayServer.StartAsync(GatewayServer.Configuration(OriginAddress, "127.0.0.1"));

        using var response = await gateway.Client.GetAsAsync("/headers", Readers.Germany);
        var headers = await response.Content.ReadAsStringAsync();

        Assert.Contains($"X-Forwarded-For: {Readers.Germany}\n", headers + "\n", StringComparison.Ordinal);
        Assert.Contains("X-Forwarded-Proto: http\n", headers + "\n", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Origin_ForChainWithUntrustedHop_SeesOnlyTheAddressTheTrustedProxyReported()
    {
        await using var gateway = await GatewayServer.StartAsync(GatewayServer.Configuration(OriginAddress, "127.0.0.1"));

        // The reader wrote "Kazakhstan" in front; the trusted proxy (127.0.0.1) appended the address it saw: Crimea.
        using var response = await gateway.Client.GetAsAsync("/headers", reader: null, ("X-Forwarded-For", $"{Readers.Kazakhstan}, {Readers.Crimea}"));
        var headers = await response.Content.ReadAsStringAsync() + "\n";

        Assert.Contains($"X-Forwarded-For: {Readers.Crimea}\n", headers, StringComparison.Ordinal);
        Assert.DoesNotContain(Readers.Kazakhstan.ToString(), headers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgedXForwardedFor_FromUntrustedClient_IsIgnoredAndNotPassedOn()
    {
        // No trusted proxies: the reader is the connection's address (127.0.0.1, so Unknown: the notice applies by its
        // fail mode Apply, the court order does not by its fail mode Skip).
        await using var gateway = await GatewayServer.StartAsync(GatewayServer.Configuration(OriginAddress));

        using var blocked = await gateway.Client.GetAsAsync("/articles/restricted-in-kazakhstan", Readers.Kazakhstan);
        using var page = await gateway.Client.GetAsAsync("/page", Readers.Germany);
        using var echoed = await gateway.Client.GetAsAsync("/headers", Readers.Germany);
        var headers = await echoed.Content.ReadAsStringAsync() + "\n";

        Assert.NotEqual((HttpStatusCode)451, blocked.StatusCode);
        Assert.Contains("data-contentgate-notice=\"undesirable-organization\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("X-Forwarded-For: 127.0.0.1\n", headers, StringComparison.Ordinal);
        Assert.DoesNotContain(Readers.Germany.ToString(), headers, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]        // the CDN's edge is the connection's address: its header counts
    [InlineData("198.51.100.0/24", false)] // the connection is not from the CDN: its header is ignored
    public async Task CdnCountryHeader_CountsOnlyFromTheSourcesTrustedNetworks(string trustedNetwork, bool honoured)
    {
        var configuration = GatewayServer.Configuration(OriginAddress);
        configuration["ContentGate:Sources:0:Type"] = "Cloudflare";
        configuration["ContentGate:Sources:0:TrustedNetworks:0"] = trustedNetwork;
        configuration["ContentGate:Sources:1:Type"] = "MaxMindDatabase";
        await using var gateway = await GatewayServer.StartAsync(configuration);

        using var response = await gateway.Client.GetAsAsync("/articles/restricted-in-kazakhstan", reader: null, ("CF-IPCountry", "KZ"));

        Assert.Equal(honoured ? (HttpStatusCode)451 : HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Origin_ForReaderWhoGetsANotice_SeesNoAcceptEncodingNorValidators()
    {
        await using var gateway = await GatewayServer.StartAsync(GatewayServer.Configuration(OriginAddress, "127.0.0.1"));

        using var response = await gateway.Client.GetAsAsync("/headers", Readers.Crimea, ("Accept-Encoding", "gzip, br"), ("If-None-Match", "\"v1\""));
        var headers = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("Accept-Encoding", headers, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("If-None-Match", headers, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Origin_ForReaderWhoGetsNothing_SeesTheReadersAcceptEncodingAndItsCompressedBytesPassUntouched()
    {
        await using var gateway = await GatewayServer.StartAsync(GatewayServer.Configuration(OriginAddress, "127.0.0.1"));

        using var echoed = await gateway.Client.GetAsAsync("/headers", Readers.Germany, ("Accept-Encoding", "gzip, br"));
        using var compressed = await gateway.Client.GetAsAsync("/compressed", Readers.Germany, ("Accept-Encoding", "gzip, br"));

        Assert.Contains("Accept-Encoding: gzip, br\n", await echoed.Content.ReadAsStringAsync() + "\n", StringComparison.Ordinal);
        Assert.Equal("gzip", compressed.Header("Content-Encoding"));
        Assert.Equal(KestrelOrigin.CompressedPage, await compressed.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task GatewayLogs_AtEveryLevel_NeverHoldAReadersAddress()
    {
        await using var gateway = await GatewayServer.StartAsync(GatewayServer.Configuration(OriginAddress, "127.0.0.1"));
        var readers = new[] { Readers.Crimea, Readers.Germany, Readers.Kazakhstan, Readers.Russia };

        foreach (var reader in readers)
        {
            foreach (var path in new[] { "/page", "/articles/restricted-in-kazakhstan", "/donate", "/investigations/x", "/missing" })
            {
                using var response = await gateway.Client.GetAsAsync(path, reader);
                await response.Content.ReadAsByteArrayAsync();
            }
        }

        Assert.NotEmpty(gateway.Logs);
        Assert.DoesNotContain(gateway.Logs, line => readers.Any(reader => line.Contains(reader.ToString(), StringComparison.Ordinal)));
    }
}
