using System.Net;
using ContentGate.Testing.MaxMind;

namespace ContentGate.Benchmarks;

/// <summary>Builds the benchmark databases once per process into the temp folder.</summary>
internal static class BenchmarkDatabase
{
    private static readonly Lock s_lock = new();
    private static string? s_large;

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

    public static string EnsureLarge(int ipv4Networks, int ipv6Networks, string[][] regions)
    {
        lock (s_lock)
        {
            if (s_large is not null)
            {
                return s_large;
            }

            var path = Path.Combine(Path.GetTempPath(), $"contentgate-bench-citycountry-{ipv4Networks}-{ipv6Networks}.mmdb");
            // City records under a type naming both City and Country, so GeoIP2's DatabaseReader (which checks the
            // type's name) answers City() and Country() on the same file and the same records.
            var builder = new GeoDatabaseBuilder(GeoDatabaseKind.City, o => o.DatabaseType = "ContentGate-Bench-City-Country");
            for (var n = 0; n < ipv4Networks; n++)
            {
                var region = regions[n % regions.Length];
                builder.Add(new IPNetwork(Ipv4(n, present: true, 0), 24), region[0], region[1]);
            }

            for (var n = 0; n < ipv6Networks; n++)
            {
                var region = regions[n % regions.Length];
                builder.Add(new IPNetwork(Ipv6(n, present: true, 0), 48), region[0], region[1]);
            }

            builder.WriteTo(path);
            s_large = path;
            return path;
        }
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
