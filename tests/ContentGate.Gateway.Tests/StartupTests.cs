using ContentGate.Gateway.Tests.Infrastructure;

namespace ContentGate.Gateway.Tests;

/// <summary>A bad configuration stops the gateway before it serves anything, with a message naming the key, the value and the fix.</summary>
public sealed class StartupTests
{
    private static readonly Uri Origin = new("http://127.0.0.1:9/");

    [Theory]
    [InlineData("198.51.100.7/24", "Gateway:TrustedProxies:0: '198.51.100.7/24' has bits set after its /24 prefix. Write '198.51.100.0/24' for the network, or '198.51.100.7' for the one address.")]
    [InlineData("0.0.0.0/0", "Gateway:TrustedProxies:0: '0.0.0.0/0' trusts every address")]
    [InlineData("cloudflare", "Gateway:TrustedProxies:0: 'cloudflare' is not an IP address.")]
    [InlineData("10.0.0.0/33", "Gateway:TrustedProxies:0: '10.0.0.0/33' is not a network.")]
    public async Task BadTrustedProxy_StopsTheGatewayNamingKeyValueAndFix(string value, string expected)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayServer.StartAsync(GatewayServer.Configuration(Origin, value)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MisspeltGatewayKey_StopsTheGateway()
    {
        var configuration = GatewayServer.Configuration(Origin);
        configuration["Gateway:TrustedProxy:0"] = "10.0.0.0/8";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayServer.StartAsync(configuration));

        Assert.Contains("Gateway:TrustedProxy: unknown key. The gateway's section has one key, Gateway:TrustedProxies.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoRoutesOrClusters_StopsTheGatewayNamingBoth()
    {
        var configuration = GatewayServer.Configuration(Origin);
        foreach (var key in configuration.Keys.Where(k => k.StartsWith("ReverseProxy:", StringComparison.Ordinal)).ToList())
        {
            configuration.Remove(key);
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayServer.StartAsync(configuration));

        Assert.Contains("ReverseProxy:Routes: no routes", error.Message, StringComparison.Ordinal);
        Assert.Contains("ReverseProxy:Clusters: no clusters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouteToAnUnknownCluster_StopsTheGatewayNamingTheRouteAndTheClusters()
    {
        var configuration = GatewayServer.Configuration(Origin);
        configuration["ReverseProxy:Routes:site:ClusterId"] = "sight";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayServer.StartAsync(configuration));

        Assert.Contains("ReverseProxy:Routes:site:ClusterId: 'sight' is not a cluster. Name one of: site.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DestinationWithoutAnAddress_StopsTheGateway()
    {
        var configuration = GatewayServer.Configuration(Origin);
        configuration["ReverseProxy:Clusters:site:Destinations:origin:Address"] = "127.0.0.1:8080";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayServer.StartAsync(configuration));

        Assert.Contains("ReverseProxy:Clusters:site:Destinations:origin:Address: '127.0.0.1:8080' is not an http:// or https:// address.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouteYarpRefuses_StopsTheGateway()
    {
        var configuration = GatewayServer.Configuration(Origin);
        configuration["ReverseProxy:Routes:site:Match:Path"] = "{**catch-all";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => GatewayServer.StartAsync(configuration));

        Assert.Contains("site", string.Join(" | ", Flatten(error).Select(e => e.Message)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadContentGateSection_StopsTheGatewayNamingTheKey()
    {
        var configuration = GatewayServer.Configuration(Origin);
        configuration["ContentGate:Policies:kz-court-order:Regions:0"] = "UK";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => GatewayServer.StartAsync(configuration));

        Assert.Contains("ContentGate:Policies:kz-court-order:Regions:0", error.Message, StringComparison.Ordinal);
        Assert.Contains("GB", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}
