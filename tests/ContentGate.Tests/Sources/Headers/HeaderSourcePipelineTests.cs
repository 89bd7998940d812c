using System.Net;
using ContentGate.Tests.Infrastructure;

namespace ContentGate.Tests.Sources.Headers;

/// <summary>Header sources through a real pipeline: trust, the region they decide, Vary, and falling through.</summary>
public sealed class HeaderSourcePipelineTests
{
    /// <summary>Inside the trusted network 198.51.100.0/24 (and in no fixture database).</summary>
    private static readonly IPAddress CdnEdge = IPAddress.Parse("198.51.100.7");

    private static readonly string Notice = GateServer.ContractNotice;

    /// <summary>The contract configuration with a header source first and, optionally, the MaxMind database second.</summary>
    private static Dictionary<string, string?> Configuration(string type, bool maxMindSecond = true, string trusted = "198.51.100.0/24", params (string Key, string Value)[] extra)
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Sources:0:Type"] = type;
        config["ContentGate:Sources:0:TrustedNetworks:0"] = trusted;
        foreach (var (key, value) in extra)
        {
            config[$"ContentGate:Sources:0:{key}"] = value;
        }

        if (maxMindSecond)
        {
            config["ContentGate:Sources:1:Type"] = "MaxMindDatabase";
        }

        return config;
    }

    private static Action<HttpRequestMessage> WithHeaders(params (string Name, string Value)[] headers) => request =>
    {
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    };

    private static readonly Action<HttpRequestMessage> Crimea = WithHeaders(("CF-IPCountry", "UA"), ("cf-region-code", "43"));

    [Fact]
    public async Task Cloudflare_FromTrustedPeer_DecidesRegionAndNotice()
    {
        await using var server = await GateServer.StartAsync(Configuration("Cloudflare"));

        using var region = await server.GetAsync("/region", CdnEdge, Crimea);
        using var page = await server.GetAsync("/", CdnEdge, Crimea);

        Assert.Equal("UA UA-43|cloudflare|None", await region.Content.ReadAsStringAsync());
        Assert.Contains(Notice, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("CF-IPCountry", page.Headers.Vary);
        Assert.Contains("cf-region-code", page.Headers.Vary);
    }

    [Fact]
    public async Task Cloudflare_OutsideTheRegions_DecidesNoNotice_AndStillVaries()
    {
        await using var server = await GateServer.StartAsync(Configuration("Cloudflare"));

        using var page = await server.GetAsync("/", CdnEdge, WithHeaders(("CF-IPCountry", "UA"), ("cf-region-code", "30")));

        Assert.DoesNotContain("data-contentgate-notice", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("CF-IPCountry", page.Headers.Vary);
    }

    [Fact]
    public async Task Cloudflare_FromUntrustedPeer_IsIgnored_AndMaxMindAnswers()
    {
        await using var server = await GateServer.StartAsync(Configuration("Cloudflare"));

        using var region = await server.GetAsync("/region", Fixtures.IPv4("DE"), Crimea);
        using var page = await server.GetAsync("/", Fixtures.IPv4("DE"), Crimea);

        Assert.Equal("DE|maxmind|None", await region.Content.ReadAsStringAsync());
        Assert.DoesNotContain("data-contentgate-notice", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("CF-IPCountry", page.Headers.Vary);
        Assert.Contains(server.Logs.Entries, e => e.EventId.Name == "RegionHeaderUntrusted" && e.Message.Contains("country header present: True", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Logs.Entries, e => e.Message.Contains(Fixtures.IPv4("DE").ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cloudflare_FromUntrustedPeerWithoutOtherSources_IsUnknown()
    {
        await using var server = await GateServer.StartAsync(Configuration("Cloudflare", maxMindSecond: false));

        using var region = await server.GetAsync("/region", Fixtures.IPv4("RU"), Crimea);

        Assert.Equal("Unknown||NotFound", await region.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cloudflare_FromPrivatePeerInTrustedNetworks_Answers()
    {
        await using var server = await GateServer.StartAsync(Configuration("Cloudflare", trusted: "10.0.0.0/8"));

        using var region = await server.GetAsync("/region", IPAddress.Parse("10.20.30.40"), Crimea);

        Assert.Equal("UA UA-43|cloudflare|None", await region.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cloudflare_Block_DecidedByHeader_VariesOnIt()
    {
        await using var server = await GateServer.StartAsync(Configuration("Cloudflare"));

        using var response = await server.GetAsync("/articles/restricted-in-kazakhstan", IPAddress.Parse("198.51.100.7"), WithHeaders(("CF-IPCountry", "KZ")));

        Assert.Equal(451, (int)response.StatusCode);
        Assert.Contains("CF-IPCountry", response.Headers.Vary);
        Assert.Contains("Accept", response.Headers.Vary);
    }

    [Theory]
    [InlineData("U1", null)]
    [InlineData("UKR", null)]
    [InlineData("UA", "4343")]
    [InlineData("XX", null)]
    [InlineData("T1", null)]
    public async Task Cloudflare_WithoutUsableValue_IsUnknownAndNeverLooksUpTheEdgeAddress(string country, string? region)
    {
        // The trusted peer is the CDN edge; the fixture database happens to place its address in Germany. Looking it
        // up would place the reader wherever the edge is, so address-based sources after a trusted proxy are skipped.
        var peer = Fixtures.IPv4("DE");
        await using var server = await GateServer.StartAsync(Configuration("Cloudflare", trusted: $"{peer}/32"));
        var headers = region is null ? WithHeaders(("CF-IPCountry", country)) : WithHeaders(("CF-IPCountry", country), ("cf-region-code", region));

        using var response = await server.GetAsync("/region", peer, headers);

        Assert.Equal("Unknown||NotFound", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain("CF-IPCountry", response.Headers.Vary);
    }

    [Theory]
    [InlineData("Cloudflare", "cloudflare", "CF-IPCountry:UA", "cf-region-code:43")]
    [InlineData("CloudFront", "cloudfront", "CloudFront-Viewer-Country:UA", "CloudFront-Viewer-Country-Region:43")]
    [InlineData("Vercel", "vercel", "x-vercel-ip-country:ua", "x-vercel-ip-country-region:43")]
    [InlineData("Akamai", "akamai", "X-Akamai-Edgescape:georegion=1,country_code=UA,region_code=43,city=SIMFEROPOL", null)]
    [InlineData("Fastly", "fastly", "Fastly-Geo-Country:UA", "Fastly-Geo-Region:43")]
    [InlineData("Header", "header", "Fastly-Geo-Country:UA", "Fastly-Geo-Region:UA-43")]
    [InlineData("GoogleCloud", "googlecloud", "Fastly-Geo-Country:UA", "Fastly-Geo-Region:ua43")]
    public async Task EveryHeaderType_FromTrustedPeer_DecidesRegion(string type, string name, string country, string? region)
    {
        var configured = type is "Fastly" or "Header" or "GoogleCloud"
            ? new[] { ("CountryHeader", "Fastly-Geo-Country"), ("RegionHeader", "Fastly-Geo-Region") }
            : [];
        await using var server = await GateServer.StartAsync(Configuration(type, extra: configured));
        var headers = new[] { country, region }.OfType<string>().Select(h => (h[..h.IndexOf(':', StringComparison.Ordinal)], h[(h.IndexOf(':', StringComparison.Ordinal) + 1)..])).ToArray();

        using var response = await server.GetAsync("/region", CdnEdge, WithHeaders(headers));

        Assert.Equal($"UA UA-43|{name}|None", await response.Content.ReadAsStringAsync());
        Assert.Contains(headers[0].Item1, response.Headers.Vary);
    }
}
