using System.Net;
using ContentGate.MaxMind;
using ContentGate.Testing.MaxMind;
using ContentGate.Tests.Infrastructure;
using MaxMind.Db;
using static ContentGate.Tests.MaxMind.Verification.VerificationDatabases;

namespace ContentGate.Tests.MaxMind.Verification;

/// <summary>
/// Every database is verified whole at load: a damaged structure, a damaged record anywhere, or a file in another
/// layout is refused with a message naming the file, what is wrong and where; GeoIP2 files of every shape load.
/// </summary>
public sealed class DatabaseVerificationTests
{
    private const string Key = "ContentGate:MaxMind:DatabasePath";

    public static TheoryData<string> Breakages => BrokenDatabases.Names();

    [Theory]
    [MemberData(nameof(Breakages))]
    public void Open_BrokenDatabase_IsRefusedSayingWhatIsWrongAndWhere(string name)
    {
        var breakage = BrokenDatabases.Named(name);
        var bytes = breakage.Build();
        var path = Fixtures.TempFile(name + ".mmdb");
        File.WriteAllBytes(path, bytes);
        if (breakage.ReaderOpensIt is { } opens)
        {
            Assert.True(opens == ReaderOpens(bytes), opens
                ? "MaxMind's reader was expected to open this file (so that only verification can refuse it), and it did not"
                : "MaxMind's reader was expected to refuse this file, and it opened it");
        }

        if (breakage.Libmaxminddb is { } expected)
        {
            var (verdict, output) = Mmdblookup.Judge(path, ProbeAddress.ToString());
            Assert.True(verdict == expected, $"libmaxminddb was expected to say '{expected}' for the probe address, and said '{verdict}' ({output})");
        }

        var error = Assert.Throws<MaxMindDatabaseException>(() => MaxMindDatabase.Open(path, Key));

        // The whole message on failure: xUnit would cut it after 40 characters.
        Assert.True(error.Message.StartsWith($"{Key}: the file '{path}' ", StringComparison.Ordinal), error.Message);
        Assert.True(error.Message.Contains(breakage.Kind, StringComparison.Ordinal), $"'{breakage.Kind}' is not in: {error.Message}");
        Assert.All(breakage.Says, said => Assert.True(error.Message.Contains(said, StringComparison.Ordinal), $"'{said}' is not in: {error.Message}"));
    }

    public static TheoryData<GeoDatabaseKind, int, int, bool> ValidShapes()
    {
        var shapes = new TheoryData<GeoDatabaseKind, int, int, bool>();
        foreach (var kind in new[] { GeoDatabaseKind.City, GeoDatabaseKind.Country })
        {
            foreach (var recordSize in new[] { 24, 28, 32 })
            {
                shapes.Add(kind, 6, recordSize, true);
                shapes.Add(kind, 6, recordSize, false);
                shapes.Add(kind, 4, recordSize, false);
            }
        }

        return shapes;
    }

    [Theory]
    [MemberData(nameof(ValidShapes))]
    public void Open_GeoIP2DatabaseOfEveryShape_IsAcceptedAndAnswers(GeoDatabaseKind kind, int ipVersion, int recordSize, bool aliases)
    {
        var path = Fixtures.TempFile($"valid-{kind}-{ipVersion}-{recordSize}-{aliases}.mmdb");
        File.WriteAllBytes(path, Build(kind, ipVersion, recordSize, aliases, probe: kind == GeoDatabaseKind.City ? FullCityRecord() : null));

        using var database = MaxMindDatabase.Open(path, Key);

        foreach (var region in Visitors.Regions)
        {
            var expected = kind == GeoDatabaseKind.City && region.Length > 2 ? $"{region[..2]} {region}" : region[..2];
            Assert.True(database.TryFind(Visitors.IPv4For(region), out var v4), $"{region} over IPv4");
            Assert.Equal(expected, v4.ToString());
            if (ipVersion == 6)
            {
                Assert.True(database.TryFind(Visitors.IPv6For(region), out var v6), $"{region} over IPv6");
            }

            if (aliases)
            {
                Assert.True(database.TryFind(IPAddress.Parse("2002:" + SixToFour(Visitors.IPv4For(region))), out var sixToFour), $"{region} over 6to4");
                Assert.Equal(v4, sixToFour);
            }
        }

        Assert.True(database.TryFind(ProbeAddress, out var probe));
        Assert.Equal(kind == GeoDatabaseKind.City ? "UA UA-43" : "UA", probe.ToString());
    }

    /// <summary>
    /// A City database whose data section passes 526,336 bytes, so that its shared values are reached by pointers of
    /// every length (the writer, like MaxMind's, points at values written earlier): no false alarm on a good file.
    /// </summary>
    [Fact]
    public void Open_CityDatabaseWithPointersOfEveryLength_IsAccepted()
    {
        var builder = new GeoDatabaseBuilder(GeoDatabaseKind.City);
        for (var n = 0; n < 20_000; n++)
        {
            var record = FullCityRecord();
            // Network 2k writes city k's map, network 2k + 1 (another postal code) points back at it: pointer targets
            // spread over the whole data section.
            record["city"] = new Dictionary<string, object?> { ["geoname_id"] = (uint)(n / 2), ["names"] = new Dictionary<string, object?> { ["en"] = $"City {n / 2}", ["ru"] = $"Город {n / 2}" } };
            record["postal"] = new Dictionary<string, object?> { ["code"] = $"P{n}" };
            builder.AddRecord(new IPNetwork(new IPAddress([20, (byte)(n >> 8), (byte)n, 0]), 24), record);
        }

        var path = Fixtures.TempFile("pointers.mmdb");
        builder.WriteTo(path);
        Assert.True(new MmdbFile(File.ReadAllBytes(path)).DataLength > 526_336 + 100_000, "the data section is too small for 4-byte pointers");
        Assert.Equal("City 9999", Mmdblookup.Value(path, "20.78.31.9", "city", "names", "en"));

        using var database = MaxMindDatabase.Open(path, Key);

        Assert.True(database.TryFind(IPAddress.Parse("20.78.31.9"), out var region));
        Assert.Equal("UA UA-43", region.ToString());
    }

    [Fact]
    public void Open_CityWithThreeBytesOverwritten_IsRefused_WhereMaxMindsReaderServedEveryOtherNetworkAndFailedOnlyForThatOne()
    {
        var bytes = CityWithThreeBytesOverwritten();
        using (var reader = new Reader(new MemoryStream(bytes)))
        {
            // What ContentGate served before it verified files: every other visitor answered, this network's throw.
            Assert.NotNull(reader.Find<Dictionary<string, object>>(Visitors.IPv4For("UA-43")));
            Assert.ThrowsAny<Exception>(() => reader.Find<Dictionary<string, object>>(ProbeAddress));
        }

        var path = Fixtures.TempFile("three-bytes.mmdb");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<MaxMindDatabaseException>(() => MaxMindDatabase.Open(path, Key));

        Assert.Contains($"is corrupt: in the record for {ProbeNetwork} (data section offset", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ForeignLayout_WasOpenedByMaxMindsReaderWithEveryVisitorUnknown_AndIsRefused()
    {
        var bytes = IpLocationDbLayout();
        using (var reader = new Reader(new MemoryStream(bytes)))
        {
            // The record is there (mmdblookup prints it), but has no GeoIP2 country: ContentGate found nothing.
            Assert.NotNull(reader.Find<Dictionary<string, object>>(Visitors.IPv4For("RU")));
            Assert.Null(reader.Find<ContentGate.MaxMind.CountryAndSubdivisions>(Visitors.IPv4For("RU"))?.Country);
        }

        var path = Fixtures.TempFile("ip-location-db.mmdb");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<MaxMindDatabaseException>(() => MaxMindDatabase.Open(path, Key));

        Assert.Contains(BrokenDatabases.Foreign, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DatabaseLoad_KeepsNeitherTheFileNorItsBytes_AndKeepsAnswering()
    {
        var path = Fixtures.TempFile("copied.mmdb");
        File.WriteAllBytes(path, Build());

        var bytes = MaxMindDatabaseBytes.Read(path);
        Assert.Equal(new FileInfo(path).Length, bytes.Length);
        bytes.Dispose();
        Assert.Throws<ObjectDisposedException>(() => bytes.Span.Length);

        using var database = MaxMindDatabase.Open(path, "key");
        File.Delete(path);
        Assert.True(database.TryFind(Visitors.IPv4For("UA-43"), out var region));
        Assert.Equal("UA UA-43", region.ToString());
    }

    private static bool ReaderOpens(byte[] bytes)
    {
        try
        {
            using var reader = new Reader(new MemoryStream(bytes));
            return true;
        }
        catch (Exception ex) when (ex is InvalidDatabaseException or DeserializationException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException or InvalidCastException)
        {
            return false;
        }
    }

    // 2002:AABB:CCDD:: is the 6to4 form of AA.BB.CC.DD.
    private static string SixToFour(IPAddress ipv4)
    {
        var b = ipv4.GetAddressBytes();
        return $"{b[0]:x2}{b[1]:x2}:{b[2]:x2}{b[3]:x2}::";
    }
}
