using System.Diagnostics;
using System.Net;
using ContentGate.Regions;
using ContentGate.Testing;
using ContentGate.Testing.MaxMind;

namespace ContentGate.Tests.MaxMind;

/// <summary>
/// Databases that place the same addresses in different regions, so a test can tell which file answered, and the
/// ways a file gets replaced on a server: renamed over (geoipupdate), copied over in place, or broken.
/// </summary>
internal static class ReplacementDatabases
{
    public const string Key = "ContentGate:MaxMind:DatabasePath";

    /// <summary>The regions whose addresses every database maps; database <c>shift</c> maps region i to region i + shift.</summary>
    public static readonly string[] Regions = ["RU", "UA-43", "KZ", "DE", "GB", "US"];

    public static readonly RegionAddressBook Visitors = RegionAddressBook.For(Regions);

    /// <summary>Every visitor address, IPv4 and IPv6.</summary>
    public static readonly IPAddress[] Addresses = [.. Regions.Select(Visitors.IPv4For), .. Regions.Select(Visitors.IPv6For)];

    /// <summary>A database in which the visitor of <c>Regions[i]</c> is in <c>Regions[(i + shift) % n]</c>.</summary>
    public static byte[] Build(int shift, DateTimeOffset buildEpoch, GeoDatabaseKind kind = GeoDatabaseKind.City)
    {
        var builder = new GeoDatabaseBuilder(kind, o => o.BuildEpoch = buildEpoch);
        for (var i = 0; i < Regions.Length; i++)
        {
            var (country, subdivisions) = Split(Regions[(i + shift) % Regions.Length]);
            builder.Add(Visitors.IPv4NetworkFor(Regions[i]), country, subdivisions);
            builder.Add(Visitors.IPv6NetworkFor(Regions[i]), country, subdivisions);
        }

        return builder.ToArray();
    }

    /// <summary>What database <c>shift</c> answers for <paramref name="address"/>, as <see cref="Region.ToString"/> writes it.</summary>
    public static string Expected(int shift, IPAddress address)
    {
        var index = Array.FindIndex(Regions, r => Visitors.IPv4For(r).Equals(address) || Visitors.IPv6For(r).Equals(address));
        var (country, subdivisions) = Split(Regions[(index + shift) % Regions.Length]);
        return Region.Create(country, subdivisions).ToString();
    }

    /// <summary>A database whose type has no countries (an ASN database), otherwise well formed.</summary>
    public static byte[] AsnDatabase()
    {
        var writer = new MaxMindDatabaseWriter(new MaxMindDatabaseWriterOptions { DatabaseType = "GeoLite2-ASN" });
        writer.Insert(Visitors.IPv4NetworkFor("RU"), new Dictionary<string, object?> { ["autonomous_system_number"] = 64496u });
        return writer.ToArray();
    }

    /// <summary>geoipupdate's way: write a temporary file next to the database, then rename it over the database.</summary>
    public static void ReplaceByRename(string path, byte[] bytes)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// A copy over the file in place (same inode): truncated, then written in two halves with a pause between, so a
    /// reader that did not wait for the file to settle would see half a database.
    /// </summary>
    public static void ReplaceInPlace(string path, byte[] bytes, TimeSpan pause)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        stream.SetLength(0);
        var half = bytes.Length / 2;
        stream.Write(bytes, 0, half);
        stream.Flush(flushToDisk: false);
        if (pause > TimeSpan.Zero)
        {
            Thread.Sleep(pause);
        }

        stream.Write(bytes, half, bytes.Length - half);
    }

    /// <summary><c>cp</c>'s way, through <see cref="File.Copy(string, string, bool)"/>.</summary>
    public static void ReplaceByCopy(string path, byte[] bytes)
    {
        var source = path + "." + Guid.NewGuid().ToString("N")[..8] + ".src";
        File.WriteAllBytes(source, bytes);
        File.Copy(source, path, overwrite: true);
        File.Delete(source);
    }

    /// <summary>Waits for a condition with a generous limit, so a slow machine slows the test down instead of failing it.</summary>
    public static async Task WaitUntil(Func<bool> condition, string what, int seconds = 20)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                Assert.Fail($"Timed out after {seconds} s waiting until {what}.");
            }

            await Task.Delay(5);
        }
    }

    private static (string Country, string[] Subdivisions) Split(string region)
        => region.Length > 2 ? (region[..2], [region]) : (region, []);
}
