using System.Net;
using BenchmarkDotNet.Attributes;
using ContentGate.MaxMind;
using ContentGate.Regions;
using MaxMind.Db;
using MaxMind.GeoIP2;

namespace ContentGate.Benchmarks;

/// <summary>
/// One lookup of a visitor address in a City-shaped database of 600,000 networks (IPv4 /24s and IPv6 /48s,
/// every other one present so that misses walk the tree as deep as hits). Each invocation looks up 1,024
/// different addresses; figures are per lookup.
/// </summary>
[MemoryDiagnoser]
public class RegionLookupBenchmarks
{
    private const int Addresses = 1024;
    private const int Ipv4Networks = 300_000;
    private const int Ipv6Networks = 300_000;

    private static readonly string[][] s_regions =
    [
        ["RU", "RU-MOW"], ["UA", "UA-43"], ["KZ", "KZ-ALA"], ["DE", "DE-BE"], ["US", "US-CA"], ["GB", "GB-ENG"],
        ["FR", "FR-IDF"], ["CN", "CN-BJ"], ["GE", "GE-TB"], ["MD", "MD-CU"], ["UA", "UA-30"], ["RU", "RU-SPE"],
    ];

    private string _path = null!;
    private IPAddress[] _addresses = null!;
    private MaxMindDatabase _contentGate = null!;
    private DatabaseReader _geoIp2 = null!;
    private Reader _reader = null!;

    /// <summary>Hit: IPv4 in a network. Miss: IPv4 in a gap. Mapped: ::ffff:a.b.c.d of a hit. Ipv6: an IPv6 hit.</summary>
    [Params("Hit", "Miss", "Mapped", "Ipv6")]
    public string Kind { get; set; } = "Hit";

    [GlobalSetup]
    public void Setup()
    {
        _path = BenchmarkDatabase.EnsureLarge(Ipv4Networks, Ipv6Networks, s_regions);
        var random = new Random(42);
        _addresses = new IPAddress[Addresses];
        for (var i = 0; i < Addresses; i++)
        {
            var n = random.Next(Ipv4Networks);
            _addresses[i] = Kind switch
            {
                "Hit" => BenchmarkDatabase.Ipv4(n, present: true, host: (byte)random.Next(1, 255)),
                "Miss" => BenchmarkDatabase.Ipv4(n, present: false, host: (byte)random.Next(1, 255)),
                "Mapped" => BenchmarkDatabase.Ipv4(n, present: true, host: (byte)random.Next(1, 255)).MapToIPv6(),
                _ => BenchmarkDatabase.Ipv6(random.Next(Ipv6Networks), present: true, host: (ushort)random.Next(1, 65535)),
            };
        }

        _contentGate = MaxMindDatabase.Open(_path, "ContentGate:MaxMind:DatabasePath");
        _geoIp2 = new DatabaseReader(_path, FileAccessMode.Memory);
        _reader = new Reader(_path, FileAccessMode.Memory);

        // Every kind must behave as named, or the figures mean nothing.
        var found = _contentGate.TryFind(_addresses[0], out _);
        if (found != (Kind != "Miss"))
        {
            throw new InvalidOperationException($"{Kind}: ContentGate found={found} for {_addresses[0]}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _contentGate.Dispose();
        _geoIp2.Dispose();
        _reader.Dispose();
    }

    /// <summary>GeoIP2's full City model. TryCity, not City(): City() throws on a miss, which would be unfair.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Addresses)]
    public int GeoIP2_City()
    {
        var found = 0;
        foreach (var address in _addresses)
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
        foreach (var address in _addresses)
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
        foreach (var address in _addresses)
        {
            if (_reader.Find<GeoRecord>(address) is { Country.IsoCode: not null })
            {
                found++;
            }
        }

        return found;
    }

    /// <summary>What the MaxMind region source calls: lease, walk, decode, build a <see cref="Region"/>.</summary>
    [Benchmark(OperationsPerInvoke = Addresses)]
    public int ContentGate_TryFind()
    {
        var found = 0;
        foreach (var address in _addresses)
        {
            if (_contentGate.TryFind(address, out Region _))
            {
                found++;
            }
        }

        return found;
    }
}
