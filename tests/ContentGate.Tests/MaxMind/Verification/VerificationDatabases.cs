using System.Net;
using ContentGate.Testing;
using ContentGate.Testing.MaxMind;

namespace ContentGate.Tests.MaxMind.Verification;

/// <summary>
/// Databases written by ContentGate.Testing, in the shapes ContentGate must accept and with one probe network whose
/// record tests break by byte surgery (<see cref="MmdbFile"/>, <see cref="DataBytes"/>). No file is copied from
/// anyone: the breakages reproduce the kinds MaxMind publishes as test files (MaxMind-DB's bad-data/ and
/// test-data/*Broken*, *Invalid*) and the layouts of other providers' .mmdb files.
/// </summary>
internal static class VerificationDatabases
{
    /// <summary>The probe network, as messages write it.</summary>
    public const string ProbeNetwork = "198.51.100.240/29";

    public static readonly IPAddress ProbeAddress = IPAddress.Parse("198.51.100.242");

    public static readonly RegionAddressBook Visitors = RegionAddressBook.For("RU", "UA-43", "KZ", "DE", "GB");

    /// <summary>Bytes the probe record carries so that surgery has room to write any crafted record over it.</summary>
    private const int ProbeRoom = 4096;

    /// <summary>A GeoIP2-shaped database of <see cref="Visitors"/>, plus <paramref name="probe"/> for <see cref="ProbeNetwork"/>.</summary>
    public static byte[] Build(
        GeoDatabaseKind kind = GeoDatabaseKind.City,
        int ipVersion = 6,
        int recordSize = 28,
        bool aliases = true,
        IReadOnlyDictionary<string, object?>? probe = null)
    {
        var builder = new GeoDatabaseBuilder(kind, o =>
        {
            o.IPVersion = ipVersion;
            o.RecordSize = recordSize;
            o.AliasIPv4InIPv6 = aliases;
        });
        foreach (var region in Visitors.Regions)
        {
            var record = region.Length > 2 ? new GeoRecord(region[..2], region) : new GeoRecord(region);
            builder.Add(Visitors.IPv4NetworkFor(region), record);
            if (ipVersion == 6)
            {
                builder.Add(Visitors.IPv6NetworkFor(region), record);
            }
        }

        builder.AddRecord(IPNetwork.Parse(ProbeNetwork), probe ?? new Dictionary<string, object?>
        {
            ["country"] = new Dictionary<string, object?> { ["iso_code"] = "UA" },
            ["room"] = new byte[ProbeRoom],
        });
        return builder.ToArray();
    }

    /// <summary>
    /// A database whose probe record is replaced by hand-written bytes. <paramref name="craft"/> gets the record's data
    /// section offset and the data section's length (for pointers at or past its end).
    /// </summary>
    public static byte[] WithProbeRecord(Func<int, int, DataBytes> craft, int recordSize = 28)
    {
        var file = new MmdbFile(Build(recordSize: recordSize));
        var record = file.DataOffsetOf(ProbeAddress);
        var bytes = craft(record, file.DataLength).ToArray();
        Assert.True(bytes.Length < ProbeRoom, "the crafted record is larger than the room the probe record leaves");
        bytes.CopyTo(file.Bytes, file.DataStart + record);
        return file.Bytes;
    }

    /// <summary>A database whose search tree record for the probe network is set to <paramref name="value"/>.</summary>
    public static byte[] WithProbeTreeRecord(Func<MmdbFile, long> value, int ipVersion = 6, int recordSize = 28)
    {
        var file = new MmdbFile(Build(ipVersion: ipVersion, recordSize: recordSize));
        var (node, side) = file.PathTo(ProbeAddress)[^1];
        file.WriteRecord(node, side, value(file));
        return file.Bytes;
    }

    /// <summary>The second half of the search tree cut out, as a partial download or a bad copy might.</summary>
    public static byte[] WithTreeCutShort()
    {
        // A small data section (no room), so the metadata's node count cannot fit what is left before the metadata.
        var file = new MmdbFile(Build(probe: new Dictionary<string, object?> { ["country"] = new Dictionary<string, object?> { ["iso_code"] = "UA" } }));
        Assert.True(file.DataLength < file.TreeLength / 2, "the data section is too large for the cut tree to show");
        return [.. file.Bytes[..(file.TreeLength / 2)], .. file.Bytes[file.TreeLength..]];
    }

    /// <summary>A database with metadata surgery.</summary>
    public static byte[] WithMetadata(Action<MmdbFile> change)
    {
        var file = new MmdbFile(Build());
        change(file);
        return file.Bytes;
    }

    /// <summary>
    /// <paramref name="extra"/> zero-filled nodes appended to the tree, which no lookup reaches and whose records (0)
    /// point back at the root, as in libmaxminddb's corrupt-search-tree test file. Every data pointer moves up by the
    /// same number, so the rest of the file stays valid.
    /// </summary>
    public static byte[] WithZeroNodesNoLookupReaches(int extra)
    {
        var file = new MmdbFile(Build());
        for (long node = 0; node < file.NodeCount; node++)
        {
            for (var side = 0; side < 2; side++)
            {
                var record = file.ReadRecord(node, side);
                if (record >= file.NodeCount)
                {
                    // "No data" is the node count, and data pointers count from it: both move up.
                    file.WriteRecord(node, side, record + extra);
                }
            }
        }

        var grown = new MmdbFile([.. file.Bytes[..file.TreeLength], .. new byte[extra * file.NodeLength], .. file.Bytes[file.TreeLength..]]);
        grown.SetMetadataNumber("node_count", (ulong)(file.NodeCount + extra));
        return grown.Bytes;
    }

    /// <summary>
    /// A database typed "Test", as MaxMind's deliberately broken test files are, whose probe record has a pointer past
    /// the end of the data section: it must be reported as corrupt, not as a type without countries.
    /// </summary>
    public static byte[] TestTypedWithBrokenPointer()
    {
        var writer = new MaxMindDatabaseWriter(new MaxMindDatabaseWriterOptions { DatabaseType = "Test" });
        writer.Insert(IPNetwork.Parse(ProbeNetwork), new Dictionary<string, object?> { ["ip"] = "test", ["room"] = new byte[64] });
        var file = new MmdbFile(writer.ToArray());
        var crafted = new DataBytes().Map(1).String("ip").Pointer((uint)file.DataLength + 1).ToArray();
        crafted.CopyTo(file.Bytes, file.DataStart + file.DataOffsetOf(ProbeAddress));
        return file.Bytes;
    }

    /// <summary>A City-typed database in another provider's layout (ip-location-db's City files use these keys).</summary>
    public static byte[] IpLocationDbLayout()
    {
        var writer = new MaxMindDatabaseWriter(new MaxMindDatabaseWriterOptions { DatabaseType = "ip-location-db-city" });
        writer.Insert(Visitors.IPv4NetworkFor("RU"), new Dictionary<string, object?>
        {
            ["country_code"] = "RU",
            ["state1"] = "Moscow",
            ["state2"] = string.Empty,
            ["city"] = "Moscow",
            ["postcode"] = "101000",
            ["latitude"] = 55.7558,
            ["longitude"] = 37.6173,
            ["timezone"] = "Europe/Moscow",
        });
        writer.Insert(Visitors.IPv4NetworkFor("UA-43"), new Dictionary<string, object?>
        {
            ["country_code"] = "UA",
            ["state1"] = "Crimea",
            ["city"] = "Simferopol",
            ["latitude"] = 44.9521,
            ["longitude"] = 34.1024,
            ["timezone"] = "Europe/Simferopol",
        });
        return writer.ToArray();
    }

    /// <summary>
    /// A database in IPinfo's layout (<c>country</c> is the country's name, the code is <c>country_code</c>) under a type
    /// that does not say so: read as GeoIP2, it has no country.
    /// </summary>
    public static byte[] IPinfoLayout()
    {
        var writer = new MaxMindDatabaseWriter(new MaxMindDatabaseWriterOptions { DatabaseType = "IP-to-Country-Lookup" });
        writer.Insert(Visitors.IPv4NetworkFor("DE"), new Dictionary<string, object?>
        {
            ["asn"] = "AS64496",
            ["as_name"] = "Example Networks",
            ["as_domain"] = "example.net",
            ["continent"] = "Europe",
            ["continent_code"] = "EU",
            ["country"] = "Germany",
            ["country_code"] = "DE",
        });
        return writer.ToArray();
    }

    /// <summary>Records that are not geolocation at all (an ASN database).</summary>
    public static byte[] AsnLayout()
    {
        var writer = new MaxMindDatabaseWriter(new MaxMindDatabaseWriterOptions { DatabaseType = "GeoLite2-ASN" });
        writer.Insert(Visitors.IPv4NetworkFor("RU"), new Dictionary<string, object?>
        {
            ["autonomous_system_number"] = 64496u,
            ["autonomous_system_organization"] = "Example Net",
        });
        return writer.ToArray();
    }

    /// <summary>A City record with everything GeoLite2 City carries (names in several languages, location, postal).</summary>
    public static Dictionary<string, object?> FullCityRecord()
    {
        static Dictionary<string, object?> Names(string en, string ru) => new() { ["de"] = en, ["en"] = en, ["fr"] = en, ["ru"] = ru, ["zh-CN"] = en };
        return new Dictionary<string, object?>
        {
            ["city"] = new Dictionary<string, object?> { ["geoname_id"] = 693_805u, ["names"] = Names("Simferopol", "Симферополь") },
            ["continent"] = new Dictionary<string, object?> { ["code"] = "EU", ["geoname_id"] = 6_255_148u, ["names"] = Names("Europe", "Европа") },
            ["country"] = new Dictionary<string, object?> { ["geoname_id"] = 690_791u, ["iso_code"] = "UA", ["names"] = Names("Ukraine", "Украина") },
            ["location"] = new Dictionary<string, object?> { ["accuracy_radius"] = (ushort)50, ["latitude"] = 44.9521, ["longitude"] = 34.1024, ["time_zone"] = "Europe/Simferopol" },
            ["postal"] = new Dictionary<string, object?> { ["code"] = "95000" },
            ["registered_country"] = new Dictionary<string, object?> { ["geoname_id"] = 690_791u, ["iso_code"] = "UA", ["names"] = Names("Ukraine", "Украина") },
            ["subdivisions"] = new List<object?>
            {
                new Dictionary<string, object?> { ["geoname_id"] = 703_883u, ["iso_code"] = "43", ["names"] = Names("Crimea", "Крым") },
            },
        };
    }

    /// <summary>
    /// A City database in which three bytes inside the probe network's full City record are overwritten: the first
    /// map key's header becomes a map's. MaxMind's reader opens the file and answers every other network.
    /// </summary>
    public static byte[] CityWithThreeBytesOverwritten()
    {
        var file = new MmdbFile(Build(probe: FullCityRecord()));
        var record = file.DataStart + file.DataOffsetOf(ProbeAddress);
        file.Bytes.AsSpan(record + 1, 3).Fill(0xFF);
        return file.Bytes;
    }
}
