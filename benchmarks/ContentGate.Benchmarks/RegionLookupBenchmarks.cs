using System.Net;
using BenchmarkDotNet.Attributes;
using ContentGate.MaxMind;
using ContentGate.Regions;
using MaxMind.Db;
using MaxMind.GeoIP2;

namespace ContentGate.Benchmarks;

/// <summary>
/// One lookup of a visitor address in a City-shaped database of 600,000 networks (IPv4 /24s and IPv6 /48s, every
/// other one present so that misses walk the tree as deep as hits; 20,000 distinct city records with names in eight
/// languages). Each invocation looks up 1,024 addresses; figures are per lookup.
/// </summary>
/// <remarks>
/// Every method except <see cref="ContentGate_TryFind_Repeat"/> takes the next 1,024 addresses of a pool of 262,144,
/// each in a different network: ContentGate's network cache (16,384 slots per family) has long forgotten a network
/// by the time the pool comes back to it, so those rows are uncached lookups. <see cref="ContentGate_TryFind_Repeat"/>
/// looks up 1,024 addresses of 64 networks again and again: the cache-hit cost.
/// </remarks>
[MemoryDiagnoser]
public class RegionLookupBenchmarks
{
    private const int Addresses = 1024;
    private const int PoolSize = 262_144;
    private const int RepeatNetworks = 64;
    private const int Ipv4Networks = 300_000;
    private const int Ipv6Networks = 300_000;
    private const int Cities = 20_000;

    private static readonly string[][] s_regions =
    [
        ["RU", "RU-MOW"], ["UA", "UA-43"], ["KZ", "KZ-ALA"], ["DE", "DE-BE"], ["US", "US-CA"], ["GB", "GB-ENG"],
        ["FR", "FR-IDF"], ["CN", "CN-BJ"], ["GE", "GE-TB"], ["MD", "MD-CU"], ["UA", "UA-30"], ["RU", "RU-SPE"],
    ];

    private string _path = null!;
    private IPAddress[] _pool = null!;
    private IPAddress[] _repeat = null!;
    private int _next;
    private MaxMindDatabase _contentGate = null!;
    private DatabaseReader _geoIp2 = null!;
    private Reader _reader = null!;

    /// <summary>Hit: IPv4 in a network. Miss: IPv4 in a gap. Mapped: ::ffff:a.b.c.d of a hit. Ipv6: an IPv6 hit.</summary>
    [Params("Hit", "Miss", "Mapped", "Ipv6")]
    public string Kind { get; set; } = "Hit";

    [GlobalSetup]
    public void Setup()
    {
        _path = BenchmarkDatabase.EnsureLarge(Ipv4Networks, Ipv6Networks, Cities, s_regions);
        var random = new Random(42);

        // The pool: a random permutation of networks, so consecutive lookups land far apart in the tree.
        var networks = Enumerable.Range(0, Kind == "Ipv6" ? Ipv6Networks : Ipv4Networks).ToArray();
        random.Shuffle(networks);
        _pool = new IPAddress[PoolSize];
        for (var i = 0; i < PoolSize; i++)
        {
            _pool[i] = Address(networks[i % networks.Length], random);
        }

        _repeat = new IPAddress[Addresses];
        for (var i = 0; i < Addresses; i++)
        {
            _repeat[i] = Address(networks[i % RepeatNetworks], random);
        }

        _contentGate = MaxMindDatabase.Open(_path, "ContentGate:MaxMind:DatabasePath");
        _geoIp2 = new DatabaseReader(_path, FileAccessMode.Memory);
        _reader = new Reader(_path, FileAccessMode.Memory);

        // Every kind must behave as named, or the figures mean nothing.
        foreach (var address in _repeat.Take(RepeatNetworks).Concat(_pool.Take(RepeatNetworks)))
        {
            var found = _contentGate.TryFind(address, out var region);
            var city = _geoIp2.TryCity(address, out var response);
            if (found != (Kind != "Miss") || city != found || (found && region.CountryCode != response!.Country.IsoCode))
            {
                throw new InvalidOperationException($"{Kind}: ContentGate found={found} ({region}), GeoIP2 found={city} for {address}.");
            }
        }
    }

    private IPAddress Address(int network, Random random) => Kind switch
    {
        "Hit" => BenchmarkDatabase.Ipv4(network, present: true, host: (byte)random.Next(1, 255)),
        "Miss" => BenchmarkDatabase.Ipv4(network, present: false, host: (byte)random.Next(1, 255)),
        "Mapped" => BenchmarkDatabase.Ipv4(network, present: true, host: (byte)random.Next(1, 255)).MapToIPv6(),
        _ => BenchmarkDatabase.Ipv6(network, present: true, host: (ushort)random.Next(1, 65535)),
    };

    [GlobalCleanup]
    public void Cleanup()
    {
        _contentGate.Dispose();
        _geoIp2.Dispose();
        _reader.Dispose();
    }

    private ReadOnlySpan<IPAddress> NextBatch()
    {
        var start = _next;
        _next = (_next + Addresses) % PoolSize;
        return _pool.AsSpan(start, Addresses);
    }

    /// <summary>GeoIP2's full City model. TryCity, not City(): City() throws on a miss, which would be unfair.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Addresses)]
    public int GeoIP2_City()
    {
        var found = 0;
        foreach (var address in NextBatch())
        {
            if (_geoIp2.TryCity(address, out var city) && city!.Country.IsoCode is not null)
            {
                found++;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Addresses)]
    public int GeoIP2_Country()
    {
        var found = 0;
        foreach (var address in NextBatch())
        {
            if (_geoIp2.TryCountry(address, out var country) && country!.Country.IsoCode is not null)
            {
                found++;
            }
        }

        return found;
    }

    /// <summary>MaxMind.Db's reader with ContentGate's minimal model (country and subdivision codes only).</summary>
    [Benchmark(OperationsPerInvoke = Addresses)]
    public int MaxMindDb_Find_MinimalModel()
    {
        var found = 0;
        foreach (var address in NextBatch())
        {
            if (_reader.Find<CountryAndSubdivisions>(address) is { Country.IsoCode: not null })
            {
                found++;
            }
        }

        return found;
    }

    /// <summary>
    /// The compiled region index alone, without the network cache in front: the tree walk over the rewritten records
    /// and the shared region. With <see cref="ContentGate_TryFind"/> and <see cref="ContentGate_TryFind_Repeat"/>, what the
    /// cache costs on a miss and saves on a hit.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Addresses)]
    public int ContentGate_Index_NoCache()
    {
        var found = 0;
        var index = _contentGate.Current.Index;
        Span<byte> bytes = stackalloc byte[16];
        foreach (var address in NextBatch())
        {
            address.TryWriteBytes(bytes, out var written);
            var region = written == 4 || bytes[..12].SequenceEqual(MappedPrefix)
                ? index.FindIPv4(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes[(written - 4)..]), out _)
                : index.FindIPv6(System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes), out _);
            if (region.IsKnown)
            {
                found++;
            }
        }

        return found;
    }

    private static ReadOnlySpan<byte> MappedPrefix => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF];

    /// <summary>What the MaxMind region source calls, on networks the cache does not hold: cache probe, index walk, cache insert.</summary>
    [Benchmark(OperationsPerInvoke = Addresses)]
    public int ContentGate_TryFind()
    {
        var found = 0;
        foreach (var address in NextBatch())
        {
            if (_contentGate.TryFind(address, out Region _))
            {
                found++;
            }
        }

        return found;
    }

    /// <summary>The same call for visitors of networks looked up before: lease and cache hit.</summary>
    [Benchmark(OperationsPerInvoke = Addresses)]
    public int ContentGate_TryFind_Repeat()
    {
        var found = 0;
        foreach (var address in _repeat)
        {
            if (_contentGate.TryFind(address, out Region _))
            {
                found++;
            }
        }

        return found;
    }
}
