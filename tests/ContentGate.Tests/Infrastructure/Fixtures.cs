using System.Net;
using ContentGate.Testing;
using ContentGate.Testing.MaxMind;

namespace ContentGate.Tests.Infrastructure;

/// <summary>
/// Real .mmdb files built once per test run with ContentGate.Testing, read by the real MaxMind reader.
/// </summary>
internal static class Fixtures
{
    public static readonly string[] RussiaControlled = ["RU", "UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65"];

    public static readonly string[] AllRegions =
        [.. RussiaControlled, "UA-30", "UA", "DE", "KZ", "GB", "US"];

    /// <summary>Gives every region in <see cref="AllRegions"/> its own documentation-range addresses.</summary>
    public static readonly RegionAddressBook Visitors = RegionAddressBook.For(AllRegions);

    /// <summary>An address whose record has no country (as some anycast ranges in real databases).</summary>
    public static readonly IPAddress NoCountryAddress = IPAddress.Parse("198.51.100.250");

    /// <summary>A public address that is in no fixture database.</summary>
    public static readonly IPAddress AbsentAddress = IPAddress.Parse("192.0.2.250");

    private static readonly Lazy<string> Directory = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), "contentgate-tests-" + Environment.ProcessId);
        System.IO.Directory.CreateDirectory(path);
        return path;
    });

    private static readonly Lazy<string> City = new(() =>
    {
        var builder = Visitors.ToDatabase(GeoDatabaseKind.City);
        builder.AddRecord(new IPNetwork(IPAddress.Parse("198.51.100.248"), 29), new Dictionary<string, object?>
        {
            ["continent"] = new Dictionary<string, object?> { ["code"] = "EU" },
        });
        return Write("city.mmdb", builder);
    });

    private static readonly Lazy<string> Country = new(() => Write("country.mmdb", Visitors.ToDatabase(GeoDatabaseKind.Country)));

    private static readonly Lazy<string> CityWithCorruptRecord = new(() =>
    {
        var builder = Visitors.ToDatabase(GeoDatabaseKind.City);
        const string Marker = "QQCORRUPTRECORDQQ";
        builder.AddRecord(new IPNetwork(IPAddress.Parse("198.51.100.240"), 29), new Dictionary<string, object?>
        {
            ["country"] = new Dictionary<string, object?> { ["iso_code"] = Marker },
        });
        var bytes = builder.ToArray();
        var at = bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(Marker));
        if (at < 1)
        {
            throw new InvalidOperationException("Marker not found in the written database.");
        }

        // The byte before a UTF-8 string is its control byte (type 2, size 17). Type 0 means "extended", and the
        // next byte ('Q', 81) then names type 88, which does not exist: MaxMind's reader would throw on this record
        // only, when a visitor from that network arrived; ContentGate's verification refuses the file at load.
        bytes[at - 1] = 0x00;
        var path = Path.Combine(Directory.Value, "city-corrupt-record.mmdb");
        File.WriteAllBytes(path, bytes);
        return path;
    });

    public static string CityDatabasePath => City.Value;

    public static string CountryDatabasePath => Country.Value;

    /// <summary>A City database whose record for 198.51.100.240/29 is corrupted on disk: refused at load.</summary>
    public static string CityWithCorruptRecordPath => CityWithCorruptRecord.Value;

    public static IPAddress IPv4(string region) => Visitors.IPv4For(region);

    public static IPAddress IPv6(string region) => Visitors.IPv6For(region);

    public static string TempFile(string name)
    {
        var path = Path.Combine(Directory.Value, Guid.NewGuid().ToString("N") + "-" + name);
        return path;
    }

    private static string Write(string name, GeoDatabaseBuilder builder)
    {
        var path = Path.Combine(Directory.Value, name);
        builder.WriteTo(path);
        return path;
    }
}
