using ContentGate.Configuration;
using System.Net;
using ContentGate.Hosting;
using ContentGate.Regions;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ContentGate.Tests.Regions;

/// <summary>
/// The resolver shares one region feature between requests with the same answer: every request must still see its
/// own region, source and reason, and the snapshot it was resolved with.
/// </summary>
public sealed class RegionFeatureSharingTests
{
    /// <summary>Inside the trusted network of the header source (and in no fixture database).</summary>
    private static readonly IPAddress CdnEdge = IPAddress.Parse("198.51.100.7");

    [Fact]
    public async Task EveryCountryAndSubdivision_FromHeaders_IsPublishedAsSent_InAnyOrder()
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Sources:0:Type"] = "Cloudflare";
        config["ContentGate:Sources:0:TrustedNetworks:0"] = "198.51.100.0/24";
        await using var server = await GateServer.StartAsync(config, Endpoints);

        // Far more distinct regions than fit without competing for the resolver's cache slots, each asked twice
        // in an order that interleaves them.
        var regions = new List<(string Country, string? Code)>();
        for (var a = 'A'; a <= 'Z'; a++)
        {
            for (var b = 'A'; b <= 'Z'; b++)
            {
                var country = $"{a}{b}";
                if (IsoCodes.IsCountry(country))
                {
                    regions.Add((country, null));
                }
            }
        }

        for (var i = 1; i <= 99; i++)
        {
            regions.Add(("UA", i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.True(regions.Count > 300);
        foreach (var (country, code) in regions.Concat(Enumerable.Reverse(regions)))
        {
            using var response = await server.GetAsync("/region", CdnEdge, request =>
            {
                request.Headers.TryAddWithoutValidation("CF-IPCountry", country);
                if (code is not null)
                {
                    request.Headers.TryAddWithoutValidation("cf-region-code", code);
                }
            });

            var expected = code is null ? country : $"{country} {country}-{code}";
            Assert.Equal($"{expected}|cloudflare|None", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task SameRegion_OnLaterRequests_IsTheSameFeature_AndOtherRegionsAreNot()
    {
        var seen = new List<IRegionFeature>();
        await using var server = await GateServer.StartAsync(GateServer.ContractConfiguration(), e => Endpoints(e, seen));

        foreach (var visitor in new[] { Fixtures.IPv4("DE"), Fixtures.IPv4("UA-43"), Fixtures.IPv4("DE"), IPAddress.Loopback, IPAddress.Loopback })
        {
            (await server.GetAsync("/recorded", visitor)).Dispose();
        }

        Assert.Same(seen[0], seen[2]);
        Assert.NotSame(seen[0], seen[1]);
        Assert.Same(seen[3], seen[4]);
        Assert.Equal(["DE", "UA UA-43", "DE", "Unknown", "Unknown"], seen.Select(f => f.Region.ToString()));
        Assert.Equal(RegionUnknownReason.NonPublicAddress, seen[3].UnknownReason);
    }

    [Fact]
    public async Task Requests_NameTheSnapshotTheyWereResolvedWith()
    {
        var seen = new List<IRegionFeature>();
        var snapshots = new List<GateSnapshot?>();
        await using var server = await GateServer.StartAsync(GateServer.ContractConfiguration(), e => Endpoints(e, seen, snapshots));
        var current = server.Services.GetRequiredService<ContentGateRuntime>().Current;

        (await server.GetAsync("/recorded", Fixtures.IPv4("RU"))).Dispose();
        (await server.GetAsync("/recorded", IPAddress.Loopback)).Dispose();
        (await server.GetAsync("/recorded", visitor: null)).Dispose();

        Assert.Equal(3, snapshots.Count);
        Assert.All(snapshots, snapshot => Assert.Same(current, snapshot));
        Assert.Equal([RegionUnknownReason.None, RegionUnknownReason.NonPublicAddress, RegionUnknownReason.NoClientAddress], seen.Select(f => f.UnknownReason));
    }

    private static void Endpoints(IEndpointRouteBuilder e) => Endpoints(e, seen: null);

    private static void Endpoints(IEndpointRouteBuilder e, List<IRegionFeature>? seen, List<GateSnapshot?>? snapshots = null)
    {
        GateServer.DefaultEndpoints(e);
        if (seen is not null)
        {
            e.MapGet("/recorded", (HttpContext c) =>
            {
                seen.Add(c.Features.GetRequiredFeature<IRegionFeature>());
                snapshots?.Add(c.Features.Get<GateSnapshot>());
                return Task.CompletedTask;
            });
        }
    }
}
