using System.Diagnostics;
using System.Globalization;
using System.Net;
using ContentGate.Testing.MaxMind;
using ContentGate.Testing.Tests.Support;
using MaxMind.Db;
using Xunit.Abstractions;

namespace ContentGate.Testing.Tests.MaxMind;

public sealed class MaxMindDatabaseWriterScaleTests(ITestOutputHelper output) : IDisposable
{
    private const int NetworksPerFamily = 250_000;
    private const int DistinctRecords = 200;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Write_HalfAMillionNetworks_IsFastAndEveryCheckedLookupIsRight()
    {
        var records = Enumerable.Range(0, DistinctRecords).Select(CityLikeRecord).ToArray();
        var random = new Random(20_250_101);
        var expectedIPv4 = new Dictionary<uint, int>(NetworksPerFamily);
        var expectedIPv6 = new Dictionary<ulong, int>(NetworksPerFamily);
        var path = _directory.File("scale.mmdb");
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();

        var writer = new MaxMindDatabaseWriter(new MaxMindDatabaseWriterOptions { DatabaseType = "ContentGate-Test-Scale-City" });
        Span<byte> ipv6 = stackalloc byte[16];
        for (var i = 0; i < NetworksPerFamily; i++)
        {
            // Random /24s anywhere in IPv4 and random /48s in 2100::/8..2f00::/8 (2002::/16 is an alias range),
            // the worst case for the tree: few shared prefixes.
            var ipv4 = (uint)random.Next(1 << 24) << 8;
            var ipv4Record = random.Next(DistinctRecords);
            writer.Insert(new IPNetwork(ToAddress(ipv4), 24), records[ipv4Record]);
            expectedIPv4[ipv4] = ipv4Record;

            var prefix48 = ((ulong)(0x21 + random.Next(15)) << 40) | ((ulong)random.NextInt64(1L << 40));
            var ipv6Record = random.Next(DistinctRecords);
            ipv6.Clear();
            for (var b = 0; b < 6; b++)
            {
                ipv6[b] = (byte)(prefix48 >> (40 - (8 * b)));
            }

            writer.Insert(new IPNetwork(new IPAddress(ipv6), 48), records[ipv6Record]);
            expectedIPv6[prefix48] = ipv6Record;
        }

        var inserted = stopwatch.Elapsed;
        writer.WriteTo(path);
        var written = stopwatch.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var size = new FileInfo(path).Length;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{2 * NetworksPerFamily} networks, {DistinctRecords} records: insert {inserted.TotalSeconds:F2} s, " +
            $"write {(written - inserted).TotalSeconds:F2} s, total {written.TotalSeconds:F2} s, " +
            $"file {size / 1e6:F1} MB, allocated {allocated / 1e6:F0} MB"));

        // No time limit: speed is for benchmarks, and a busy CI machine must not fail a correctness test. The figures
        // above are in the test output (about 2 s on 2 idle cores).

        using var reader = new Reader(path, FileAccessMode.MemoryMapped);
        var checkedIPv4 = expectedIPv4.Take(2_000).ToList();
        foreach (var (network, record) in checkedIPv4)
        {
            var address = ToAddress(network | (uint)random.Next(256));
            Assert.Equal("C" + record, CountryOf(reader.Find<Dictionary<string, object>>(address)));
        }

        foreach (var (prefix48, record) in expectedIPv6.Take(2_000))
        {
            var bytes = new byte[16];
            for (var b = 0; b < 6; b++)
            {
                bytes[b] = (byte)(prefix48 >> (40 - (8 * b)));
            }

            bytes[15] = (byte)random.Next(256);
            Assert.Equal("C" + record, CountryOf(reader.Find<Dictionary<string, object>>(new IPAddress(bytes))));
        }

        var missingIPv4 = Enumerable.Range(0, 1 << 24).Select(i => (uint)i << 8).First(network => !expectedIPv4.ContainsKey(network));
        Assert.Null(reader.Find<Dictionary<string, object>>(ToAddress(missingIPv4 | 1)));
        Assert.Null(reader.Find<Dictionary<string, object>>(IPAddress.Parse("2001:db8::1")));

        // libmaxminddb agrees on a sample, IPv4-mapped form included.
        var (sampleNetwork, sampleRecord) = checkedIPv4[0];
        Assert.Equal("C" + sampleRecord, Mmdblookup.Value(path, ToAddress(sampleNetwork | 9).ToString(), "country", "iso_code").Value);
        Assert.Equal("C" + sampleRecord, Mmdblookup.Value(path, "::ffff:" + ToAddress(sampleNetwork | 9), "country", "iso_code").Value);
    }

    private static IPAddress ToAddress(uint value) =>
        new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);

    private static string? CountryOf(Dictionary<string, object>? record) =>
        (record?["country"] as Dictionary<string, object>)?["iso_code"] as string;

    private static Dictionary<string, object?> CityLikeRecord(int i) => new()
    {
        ["continent"] = new Dictionary<string, object?> { ["code"] = "EU", ["names"] = new Dictionary<string, object?> { ["en"] = "Europe" } },
        ["country"] = new Dictionary<string, object?>
        {
            ["geoname_id"] = (uint)(1000 + (i / 4)),
            ["iso_code"] = "C" + i,
            ["names"] = new Dictionary<string, object?> { ["en"] = "Country " + (i / 4) },
        },
        ["subdivisions"] = new object[] { new Dictionary<string, object?> { ["iso_code"] = "S" + i } },
        ["location"] = new Dictionary<string, object?> { ["latitude"] = i * 0.25, ["longitude"] = i * 0.5, ["time_zone"] = "Europe/Kyiv" },
    };
}
