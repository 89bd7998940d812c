using System.Net;
using System.Net.Sockets;
using ContentGate.MaxMind;
using ContentGate.Regions;
using ContentGate.Testing.MaxMind;
using ContentGate.Tests.Infrastructure;
using MaxMind.Db;

namespace ContentGate.Tests.MaxMind;

/// <summary>
/// The per-load network cache answers exactly what the database answers, for every address of every network, whether
/// the network is larger or smaller than the cache's slot granularity, nested in another, or a gap.
/// </summary>
public sealed class NetworkCacheTests
{
    private const string Key = "ContentGate:MaxMind:DatabasePath";

    // Networks of every size around the slot granularity (/24 for IPv4, /48 for IPv6), nested ones with a different
    // answer than their parent, and gaps (no record) between and inside them.
    private static readonly (string Network, string Country, string? Subdivision)[] Networks =
    [
        ("20.0.0.0/8", "DE", "DE-BE"),
        ("20.1.0.0/16", "RU", "RU-MOW"),
        ("20.1.2.0/24", "UA", "UA-43"),
        ("20.1.3.128/25", "UA", "UA-40"),
        ("20.1.3.200/29", "KZ", null),
        ("20.1.3.207/32", "GE", null),
        ("21.0.0.0/23", "GB", "GB-ENG"),
        ("21.0.4.0/30", "US", "US-CA"),
        ("2a00::/16", "FR", "FR-IDF"),
        ("2a00:1::/32", "RU", "RU-SPE"),
        ("2a00:1:2::/48", "UA", "UA-30"),
        ("2a00:1:3:4::/64", "MD", null),
        ("2a00:1:3:4:5::/80", "KZ", "KZ-ALA"),
        ("2a01:2:3:4::1/128", "GB", null),
    ];

    private static string BuildDatabase(int ipVersion = 6)
    {
        var path = Fixtures.TempFile($"network-cache-v{ipVersion}.mmdb");
        var builder = new GeoDatabaseBuilder(GeoDatabaseKind.City, o => o.IPVersion = ipVersion);
        foreach (var (network, country, subdivision) in Networks)
        {
            var parsed = IPNetwork.Parse(network);
            if (ipVersion == 4 && parsed.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6)
            {
                continue;
            }

            if (subdivision is null)
            {
                builder.Add(parsed, country);
            }
            else
            {
                builder.Add(parsed, country, subdivision);
            }
        }

        builder.WriteTo(path);
        return path;
    }

    /// <summary>Addresses at and next to every network boundary, plus random ones inside and around the networks.</summary>
    private static IEnumerable<IPAddress> Probes()
    {
        var random = new Random(20261124);
        foreach (var (network, _, _) in Networks)
        {
            var parsed = IPNetwork.Parse(network);
            var bytes = parsed.BaseAddress.GetAddressBytes();
            var bits = bytes.Length * 8;
            var size = bits - parsed.PrefixLength;
            var start = new UInt128(0, 0);
            foreach (var b in bytes)
            {
                start = (start << 8) | b;
            }

            var last = size == 0 ? start : start + ((UInt128.One << size) - 1);
            UInt128[] around = [start - 1, start, start + 1, last - 1, last, last + 1];
            foreach (var value in around)
            {
                yield return ToAddress(value, bytes.Length);
            }

            for (var i = 0; i < 40; i++)
            {
                var offset = size == 0 ? UInt128.Zero : new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64()) % (UInt128.One << size);
                yield return ToAddress(start + offset, bytes.Length);
                // A neighbour in the same /24 or /48 slot but maybe another network.
                yield return ToAddress(start + offset + (UInt128)random.Next(1, 300), bytes.Length);
            }
        }
    }

    private static IPAddress ToAddress(UInt128 value, int length)
    {
        var bytes = new byte[length];
        for (var i = length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)value;
            value >>= 8;
        }

        return new IPAddress(bytes);
    }

    private static string Expected(Reader reader, IPAddress address)
    {
        var record = reader.Find<Dictionary<string, object>>(address);
        if (record is null || !record.TryGetValue("country", out var country))
        {
            return "none";
        }

        var code = (string)((Dictionary<string, object>)country)["iso_code"];
        var subdivisions = record.TryGetValue("subdivisions", out var list)
            ? ((List<object>)list).Select(s => code + "-" + (string)((Dictionary<string, object>)s)["iso_code"]).ToArray()
            : [];
        return Region.Create(code, subdivisions).ToString();
    }

    [Fact]
    public void TryFind_AnswersLikeTheDatabase_OnFirstAndRepeatedLookups_ForEveryNetworkSize()
    {
        var path = BuildDatabase();
        using var reader = new Reader(path, FileAccessMode.Memory);
        using var database = MaxMindDatabase.Open(path, Key);
        var probes = Probes().ToArray();

        // Three passes in different orders: the first fills the cache, the later ones answer from it (or from the
        // database where a neighbour evicted the slot); every answer must be the database's.
        for (var pass = 0; pass < 3; pass++)
        {
            var order = pass == 1 ? probes.Reverse() : probes;
            foreach (var address in order)
            {
                var found = database.TryFind(address, out var region);
                var expected = Expected(reader, address);
                Assert.True(expected == (found ? region.ToString() : "none"), $"pass {pass}, {address}: expected {expected}, got {(found ? region : "none")}");
            }
        }
    }

    [Fact]
    public void TryFind_RepeatedInOneNetwork_ReturnsTheSameRegionInstance_AndIdenticalAnswersShareOne()
    {
        using var database = MaxMindDatabase.Open(BuildDatabase(), Key);

        Assert.True(database.TryFind(IPAddress.Parse("20.1.2.10"), out var first));
        Assert.True(database.TryFind(IPAddress.Parse("20.1.2.99"), out var second));
        Assert.True(database.TryFind(IPAddress.Parse("2a00:1:2::5"), out var third));
        Assert.True(database.TryFind(IPAddress.Parse("2a00:1:2:ffff::5"), out var fourth));

        Assert.Equal(Region.Create("UA", "UA-43"), first);
        Assert.Same(first, second);
        Assert.Equal(Region.Create("UA", "UA-30"), third);
        Assert.Same(third, fourth);

        // Another network with the same answer (20.1.0.0/16 and 2a00:1::/32 are both RU-MOW / RU-SPE, not the
        // same): two /24s of 20.1.0.0/16 are different cache slots yet share the region.
        Assert.True(database.TryFind(IPAddress.Parse("20.1.0.1"), out var moscowA));
        Assert.True(database.TryFind(IPAddress.Parse("20.1.200.1"), out var moscowB));
        Assert.Same(moscowA, moscowB);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(4)]
    public void TryFind_WithIPv4MappedAddress_AnswersAsTheIPv4Address(int ipVersion)
    {
        using var database = MaxMindDatabase.Open(BuildDatabase(ipVersion), Key);

        foreach (var text in new[] { "20.1.2.10", "20.1.3.207", "20.1.3.206", "21.0.4.3", "21.0.4.4", "22.0.0.1" })
        {
            var plain = IPAddress.Parse(text);
            var plainFound = database.TryFind(plain, out var plainRegion);
            var mappedFound = database.TryFind(plain.MapToIPv6(), out var mappedRegion);

            Assert.Equal(plainFound, mappedFound);
            Assert.Equal(plainRegion, mappedRegion);
        }

        Assert.True(database.TryFind(IPAddress.Parse("::ffff:20.1.3.207"), out var georgia));
        Assert.Equal("GE", georgia.CountryCode);
    }

    [Fact]
    public void TryFind_InAGap_IsRememberedAsNoAnswer_AndStaysFalse()
    {
        using var database = MaxMindDatabase.Open(BuildDatabase(), Key);

        Assert.False(database.TryFind(IPAddress.Parse("22.0.0.1"), out var first));
        Assert.False(database.TryFind(IPAddress.Parse("22.0.0.2"), out var second));
        Assert.Same(Region.Unknown, first);
        Assert.Same(Region.Unknown, second);
        // The gap inside 21.0.0.0/23's neighbourhood: 21.0.4.4 is just past 21.0.4.0/30.
        Assert.False(database.TryFind(IPAddress.Parse("21.0.4.4"), out _));
        Assert.True(database.TryFind(IPAddress.Parse("21.0.4.3"), out var california));
        Assert.Equal(Region.Create("US", "US-CA"), california);
    }

    /// <summary>
    /// Writers keep replacing one slot with entries for networks that collide on it while readers look up addresses of
    /// those networks: a reader must get either a miss or the exact region of its own network, never a region
    /// written for another network (a torn slot).
    /// </summary>
    [Fact]
    public async Task Slot_UnderConcurrentReplacement_NeverPairsOneNetworkWithAnotherNetworksRegion()
    {
        var cache = new NetworkCache(bucketPrefix: 24, capacity: 2);
        // /32 networks inside one /24 always share the slot.
        var networks = Enumerable.Range(1, 8).Select(i => (Address: (UInt128)(0x14010200u + (uint)i) << 96, Region: Region.Create("UA", $"UA-{i:00}"))).ToArray();
        var wrong = 0;
        var hits = 0;

        // At least a second of contention and enough hits to mean something, however busy the machine: on two shared
        // cores a fixed second could pass before the readers got a turn. Dedicated threads, so the thread pool's
        // slow start cannot leave the readers waiting either.
        var running = System.Diagnostics.Stopwatch.StartNew();
        var done = 0;
        bool Stop() => Volatile.Read(ref done) == 1;

        var writers = Enumerable.Range(0, 2).Select(w => Task.Factory.StartNew(() =>
        {
            var i = w;
            while (!Stop())
            {
                var (address, region) = networks[i++ % networks.Length];
                cache.Add(address, 128, region);
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        var readers = Enumerable.Range(0, 2).Select(r => Task.Factory.StartNew(() =>
        {
            var i = r;
            while (!Stop())
            {
                var (address, region) = networks[i++ % networks.Length];
                if (cache.TryGet(address, out var cached))
                {
                    Interlocked.Increment(ref hits);
                    if (!ReferenceEquals(cached, region))
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        while (running.Elapsed < TimeSpan.FromSeconds(30) && (running.Elapsed < TimeSpan.FromSeconds(1) || Volatile.Read(ref hits) < 10_000))
        {
            await Task.Delay(50);
        }

        Volatile.Write(ref done, 1);
        await Task.WhenAll([.. writers, .. readers]);

        Assert.Equal(0, wrong);
        Assert.True(hits > 0, "the readers never found an entry, so the test proved nothing");
    }
}
