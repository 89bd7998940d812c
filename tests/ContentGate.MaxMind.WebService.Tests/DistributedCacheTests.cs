using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ContentGate.MaxMind.WebService.Tests;

/// <summary>
/// The web-service answers in the app's own distributed cache on a real <c>redis-server</c>
/// (<c>AddStackExchangeRedisCache</c>, as a production app registers it): shared by instances, and holding no reader's
/// address or network in any form.
/// </summary>
public sealed class DistributedCacheTests(ITestOutputHelper output)
{
    private const string Source = "maxmind-web-service";
    private const string Secret = "a-test-secret-of-at-least-32-characters-0123456789";

    private static Dictionary<string, string?> Configuration(FakeMaxMindWebService fake)
    {
        var config = WebServiceGate.Configuration(fake);
        config["ContentGate:Sources:0:CacheKeySecret"] = Secret;
        return config;
    }

    private static Action<IServiceCollection> OnRedis(RedisServer redis)
        => s => s.AddStackExchangeRedisCache(o => o.Configuration = redis.Configuration);

    [Fact]
    public async Task Answer_FetchedByOneInstance_IsServedToAnotherWithoutASecondCall()
    {
        using var redis = await RedisServer.StartAsync();
        await using var fake = await FakeMaxMindWebService.StartAsync();
        await using var first = await WebServiceGate.StartAsync(Configuration(fake), OnRedis(redis));
        await using var second = await WebServiceGate.StartAsync(Configuration(fake), OnRedis(redis));
        Assert.True(first.Source.Health.Distributed);

        Assert.Equal($"UA UA-43|{Source}|None", await first.RegionAsync(Fixtures.IPv6("UA-43")));
        Assert.Equal("Unknown||NotFound", await first.RegionAsync(Fixtures.AbsentAddress));
        await WebServiceGate.WaitUntilAsync(() => first.Source.PendingWrites == 0, "the answers are written to Redis");

        // Another address of the same /64, on the other instance: from Redis.
        Assert.Equal($"UA UA-43|{Source}|None", await second.RegionAsync(Fixtures.IPv6("UA-43", 77)));
        Assert.Equal("Unknown||NotFound", await second.RegionAsync(Fixtures.AbsentAddress));
        Assert.Equal(2, fake.Calls);
    }

    [Fact]
    public async Task Redis_AfterLookupsOfManyReaders_HoldsNoAddressOrNetworkInAnyForm()
    {
        using var redis = await RedisServer.StartAsync();
        await using var fake = await FakeMaxMindWebService.StartAsync();
        await using var gate = await WebServiceGate.StartAsync(Configuration(fake), OnRedis(redis));

        var readers = new List<IPAddress>();
        foreach (var region in Fixtures.AllRegions)
        {
            readers.Add(Fixtures.IPv4(region));
            readers.Add(Fixtures.IPv6(region));
            readers.Add(Fixtures.IPv6(region, 4242));
        }

        readers.Add(Fixtures.AbsentAddress);
        readers.Add(Fixtures.NoCountryAddress);
        foreach (var reader in readers)
        {
            Assert.DoesNotContain("LookupFailed", await gate.RegionAsync(reader), StringComparison.Ordinal);
        }

        await WebServiceGate.WaitUntilAsync(() => gate.Source.PendingWrites == 0, "the answers are written to Redis");
        var everything = await redis.DumpAsync();
        output.WriteLine($"{readers.Count} readers, {fake.Calls} calls; Redis holds {everything.Count} keys:");
        foreach (var (key, type, values) in everything)
        {
            output.WriteLine($"  {Encoding.UTF8.GetString(key)} ({type}): {string.Join(" | ", values.Select(Convert.ToHexString))}");
        }

        // Something was written, so the search below searched something.
        Assert.True(everything.Count >= fake.Calls, $"Redis holds {everything.Count} keys for {fake.Calls} answers.");
        Assert.Contains(everything, e => e.Values.Any(v => Encoding.UTF8.GetString(v).Contains("UA UA-43", StringComparison.Ordinal)));

        var blobs = everything.SelectMany(e => e.Values.Prepend(e.Key)).ToList();
        var networks = Fixtures.AllRegions.SelectMany(r => new[] { Fixtures.Visitors.IPv4NetworkFor(r), Fixtures.Visitors.IPv6NetworkFor(r) });
        foreach (var form in readers.SelectMany(FormsOf).Concat(networks.SelectMany(FormsOf)).Distinct())
        {
            foreach (var blob in blobs)
            {
                Assert.False(Contains(blob, form.Bytes), $"Redis holds a reader's address or network as {form.Name}.");
            }
        }
    }

    /// <summary>Every way an address could be written down: text, expanded IPv6, hex, raw bytes, reversed octets, base64.</summary>
    private static IEnumerable<(string Name, byte[] Bytes)> FormsOf(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        yield return ($"text '{address}'", Encoding.UTF8.GetBytes(address.ToString()));
        yield return ("raw bytes", bytes);
        yield return ("hex", Encoding.ASCII.GetBytes(Convert.ToHexStringLower(bytes)));
        yield return ("HEX", Encoding.ASCII.GetBytes(Convert.ToHexString(bytes)));
        yield return ("base64", Encoding.ASCII.GetBytes(Convert.ToBase64String(bytes).TrimEnd('=')));
        yield return ("reversed raw bytes", [.. bytes.Reverse()]);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            yield return ("reversed octets", Encoding.ASCII.GetBytes(string.Join('.', bytes.Reverse())));
            yield return ("IPv4-mapped IPv6", Encoding.ASCII.GetBytes(address.MapToIPv6().ToString()));
        }
        else
        {
            yield return ("expanded IPv6", Encoding.ASCII.GetBytes(string.Join(':', Enumerable.Range(0, 8).Select(i => $"{bytes[2 * i]:x2}{bytes[(2 * i) + 1]:x2}"))));
        }
    }

    /// <summary>A network's forms: as CIDR text, its base address in every form, and its prefix bytes.</summary>
    private static IEnumerable<(string Name, byte[] Bytes)> FormsOf(IPNetwork network)
    {
        yield return ($"CIDR '{network}'", Encoding.UTF8.GetBytes(network.ToString()));
        foreach (var form in FormsOf(network.BaseAddress))
        {
            yield return ($"network {form.Name}", form.Bytes);
        }

        var prefix = network.BaseAddress.GetAddressBytes()[..(network.PrefixLength / 8)];
        yield return ("network prefix hex", Encoding.ASCII.GetBytes(Convert.ToHexStringLower(prefix)));
        if (network.BaseAddress.AddressFamily == AddressFamily.InterNetwork)
        {
            // "203.0.113" (the /24 the /29 lies in) as text.
            yield return ("network prefix text", Encoding.ASCII.GetBytes(string.Join('.', prefix) + "."));
        }
        else
        {
            yield return ("network prefix text", Encoding.ASCII.GetBytes(network.ToString().Split("::")[0]));
            yield return ("network prefix raw bytes", prefix);
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
