using System.Net;
using ContentGate.Testing.MaxMind;

namespace ContentGate.Benchmarks;

/// <summary>Builds the benchmark databases once per process into the temp folder.</summary>
internal static class BenchmarkDatabase
{
    private static readonly Lock s_lock = new();
    private static readonly HashSet<string> s_built = [];

    /// <summary>Countries and subdivisions the large databases' city records are spread over.</summary>
    public static readonly string[][] CityRegions =
    [
        ["RU", "RU-MOW"], ["UA", "UA-43"], ["KZ", "KZ-ALA"], ["DE", "DE-BE"], ["US", "US-CA"], ["GB", "GB-ENG"],
        ["FR", "FR-IDF"], ["CN", "CN-BJ"], ["GE", "GE-TB"], ["MD", "MD-CU"], ["UA", "UA-30"], ["RU", "RU-SPE"],
    ];

    // IPv4 network n is 20.0.0.0/24 + 2n (present) or + 2n+1 (a gap, never in the database): 20.x to 29.x, public.
    public static IPAddress Ipv4(int n, bool present, byte host)
    {
        var index = (2 * n) + (present ? 0 : 1);
        var value = (20u << 24) + ((uint)index << 8) + host;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }

    // IPv6 network n is 2a00:(2n)::/48 within 2a00::/16-ish space: bytes 2-5 carry the index.
    public static IPAddress Ipv6(int n, bool present, ushort host)
    {
        var index = (uint)((2 * n) + (present ? 0 : 1));
        var bytes = new byte[16];
        bytes[0] = 0x2a;
        bytes[1] = 0x00;
        bytes[2] = (byte)(index >> 24);
        bytes[3] = (byte)(index >> 16);
        bytes[4] = (byte)(index >> 8);
        bytes[5] = (byte)index;
        bytes[14] = (byte)(host >> 8);
        bytes[15] = (byte)host;
        return new IPAddress(bytes);
    }

    /// <summary>
    /// A City database shaped like GeoIP2/GeoLite2 City: every network has a city record (names in the eight GeoIP2
    /// languages, continent, country, registered country, location, postal code, subdivisions with names), drawn
    /// from <paramref name="cities"/> distinct cities spread over <paramref name="regions"/>. As in MaxMind's files,
    /// identical parts (a country's map, a continent's names) are written once and referenced by pointers.
    /// </summary>
    public static string EnsureLarge(int ipv4Networks, int ipv6Networks, int cities, string[][] regions)
    {
        lock (s_lock)
        {
            var path = Path.Combine(Path.GetTempPath(), $"contentgate-bench-city-v2-{ipv4Networks}-{ipv6Networks}-{cities}.mmdb");
            if (s_built.Contains(path))
            {
                return path;
            }

            {
                var records = Enumerable.Range(0, cities).Select(i => CityRecord(i, regions[i % regions.Length])).ToArray();

                // City records under a type naming both City and Country, so GeoIP2's DatabaseReader (which checks the
                // type's name) answers City() and Country() on the same file and the same records.
                var builder = new GeoDatabaseBuilder(GeoDatabaseKind.City, o => o.DatabaseType = "ContentGate-Bench-City-Country");
                for (var n = 0; n < ipv4Networks; n++)
                {
                    builder.AddRecord(new IPNetwork(Ipv4(n, present: true, 0), 24), records[n % cities]);
                }

                for (var n = 0; n < ipv6Networks; n++)
                {
                    builder.AddRecord(new IPNetwork(Ipv6(n, present: true, 0), 48), records[(n * 7) % cities]);
                }

                var temporary = path + ".tmp";
                builder.WriteTo(temporary);
                File.Move(temporary, path, overwrite: true);
            }

            s_built.Add(path);
            return path;
        }
    }

    /// <summary>
    /// A City database of about the size of GeoIP2/GeoLite2 City: 3,000,000 IPv4 /24 networks and 1,000,000 IPv6 /48
    /// networks (4 million in all, every other one present), 100,000 distinct city records.
    /// </summary>
    public static string EnsureGeoIP2CitySized() => EnsureLarge(3_000_000, 1_000_000, 100_000, CityRegions);

    private static readonly string[] s_languages = ["de", "en", "es", "fr", "ja", "pt-BR", "ru", "zh-CN"];

    private static Dictionary<string, object?> Names(string name)
        => s_languages.ToDictionary(l => l, l => (object?)(l == "en" ? name : $"{name} ({l})"));

    private static Dictionary<string, object?> CityRecord(int index, string[] region)
    {
        var country = region[0];
        var subdivision = region[1][3..];
        var countryMap = new Dictionary<string, object?>
        {
            ["geoname_id"] = (uint)(100_000 + country[0] * 256 + country[1]),
            ["iso_code"] = country,
            ["names"] = Names($"Country {country}"),
        };
        return new Dictionary<string, object?>
        {
            ["city"] = new Dictionary<string, object?> { ["geoname_id"] = (uint)(1_000_000 + index), ["names"] = Names($"City {index}") },
            ["continent"] = new Dictionary<string, object?> { ["code"] = "EU", ["geoname_id"] = 6_255_148u, ["names"] = Names("Europe") },
            ["country"] = countryMap,
            ["location"] = new Dictionary<string, object?>
            {
                ["accuracy_radius"] = (ushort)(5 + (index % 500)),
                ["latitude"] = -60 + (index % 12_000) / 100.0,
                ["longitude"] = -170 + (index % 34_000) / 100.0,
                ["time_zone"] = "Europe/Moscow",
            },
            ["postal"] = new Dictionary<string, object?> { ["code"] = $"{10_000 + (index % 90_000)}" },
            ["registered_country"] = countryMap,
            ["subdivisions"] = new List<object?>
            {
                new Dictionary<string, object?>
                {
                    ["geoname_id"] = (uint)(500_000 + (index % 1_000)),
                    ["iso_code"] = subdivision,
                    ["names"] = Names($"Subdivision {region[1]}"),
                },
            },
        };
    }

    /// <summary>A few public networks for the middleware benchmarks.</summary>
    public static string Small()
    {
        var path = Path.Combine(Path.GetTempPath(), "contentgate-bench-small-city.mmdb");
        GeoDatabaseBuilder.City()
            .Add(IPNetwork.Parse("20.0.0.0/24"), "RU", "RU-MOW")
            .Add(IPNetwork.Parse("20.0.1.0/24"), "DE", "DE-BE")
            .Add(IPNetwork.Parse("20.0.2.0/24"), "KZ", "KZ-ALA")
            .WriteTo(path);
        return path;
    }
}
