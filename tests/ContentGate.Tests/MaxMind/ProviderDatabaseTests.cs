using System.Net;
using ContentGate.MaxMind;
using ContentGate.MaxMind.Verification;
using ContentGate.Regions;
using ContentGate.Testing.MaxMind;
using ContentGate.Tests.Infrastructure;
using MaxMind.Db;

namespace ContentGate.Tests.MaxMind;

/// <summary>
/// DB-IP, IPinfo and autonomous system files, built by ContentGate.Testing in each provider's published layout, read
/// through the real load (verification, schema detection, index): each maps to the same <see cref="Region"/> a GeoIP2
/// file would, a file in a layout ContentGate does not know is refused, and the index answers as MaxMind's own reader
/// reads the raw records.
/// </summary>
public sealed class ProviderDatabaseTests
{
    private static readonly IPNetwork Crimea = IPNetwork.Parse("20.1.0.0/16");
    private static readonly IPNetwork Sevastopol = IPNetwork.Parse("20.2.0.0/16");
    private static readonly IPNetwork Moscow = IPNetwork.Parse("20.3.0.0/16");
    private static readonly IPNetwork Atlantis = IPNetwork.Parse("20.4.0.0/16");
    private static readonly IPNetwork AtlantisToo = IPNetwork.Parse("20.5.0.0/24");
    private static readonly IPNetwork UkraineOnly = IPNetwork.Parse("20.6.0.0/16");
    private static readonly IPNetwork Kyiv = IPNetwork.Parse("20.7.0.0/16");
    private static readonly IPNetwork KyivOblast = IPNetwork.Parse("20.8.0.0/16");
    private static readonly IPNetwork CrimeaUnderRussia = IPNetwork.Parse("20.9.0.0/16");

    [Fact]
    public void DbIpCity_IsRecognisedFromItsType_AndSubdivisionNamesBecomeIsoCodes()
    {
        using var database = Open(DbIpDatabaseBuilder.City()
            .Add(Crimea, "UA", "Crimea")
            .Add(Sevastopol, "UA", "Sevastopol")
            .Add(Kyiv, "UA", "Kyiv City")
            .Add(KyivOblast, "UA", "Kyiv Oblast")
            .Add(Moscow, "RU", "Moscow")
            .Add(UkraineOnly, "UA")
            .ToArray());

        Assert.Equal(RecordSchema.DbIp, database.Schema);
        Assert.True(database.HasSubdivisions);
        Assert.Equal(Region.Create("UA", "UA-43"), database.Find(Host(Crimea)));
        Assert.Equal(Region.Create("UA", "UA-40"), database.Find(Host(Sevastopol)));
        Assert.Equal(Region.Create("UA", "UA-30"), database.Find(Host(Kyiv)));
        Assert.Equal(Region.Create("UA", "UA-32"), database.Find(Host(KyivOblast)));
        Assert.Equal(Region.Create("RU", "RU-MOW"), database.Find(Host(Moscow)));
        Assert.Equal(Region.Create("UA"), database.Find(Host(UkraineOnly)));
        Assert.Equal(0, database.UnmappedNames.Names);
    }

    [Fact]
    public void DbIpCity_CrimeaUnderRussia_StaysRussiaWithoutSubdivision_AndIsReportedUnmapped()
    {
        // ISO 3166-2 has no Russian code for Crimea: a record that puts it under RU keeps RU (policies listing RU still
        // match) and is shown to the operator, who may list the network or the autonomous system as well.
        using var database = Open(DbIpDatabaseBuilder.City().Add(CrimeaUnderRussia, "RU", "Crimea").ToArray());

        Assert.Equal(Region.Create("RU"), database.Find(Host(CrimeaUnderRussia)));
        Assert.Equal(["RU \"Crimea\" (1 network)"], database.UnmappedNames.Examples);
    }

    [Fact]
    public void DbIpCity_NamesThatCannotBeMapped_AreCountedByNetwork_WithExamples_AndReadersKeepTheirCountry()
    {
        using var database = Open(DbIpDatabaseBuilder.City()
            .Add(Atlantis, "UA", "Atlantis")
            .Add(AtlantisToo, "UA", "Atlantis")
            .Add(Moscow, "RU", "Lemuria")
            .Add(Crimea, "UA", "Crimea")
            .ToArray());

        var unmapped = database.UnmappedNames;
        Assert.Equal(2, unmapped.Names);
        Assert.True(unmapped.Networks >= 3, $"{unmapped.Networks} networks");
        Assert.StartsWith("UA \"Atlantis\" (", unmapped.Examples[0], StringComparison.Ordinal);
        Assert.Contains(unmapped.Examples, e => e.StartsWith("RU \"Lemuria\" (1 network)", StringComparison.Ordinal));
        Assert.Equal(Region.Create("UA"), database.Find(Host(Atlantis)));
        Assert.Equal(Region.Create("RU"), database.Find(Host(Moscow)));
        Assert.Equal(unmapped, database.Status.UnmappedNames);
    }

    [Fact]
    public void DbIpCountry_HasNoSubdivisions()
    {
        using var database = Open(DbIpDatabaseBuilder.Country().Add(Crimea, "UA").ToArray());

        Assert.Equal(RecordSchema.DbIp, database.Schema);
        Assert.False(database.HasSubdivisions);
        Assert.Equal(Region.Create("UA"), database.Find(Host(Crimea)));
    }

    [Fact]
    public void IPinfoLite_IsRecognisedFromItsType_AndCarriesCountryAndAutonomousSystem()
    {
        using var database = Open(new IPinfoDatabaseBuilder()
            .Add(Crimea, "UA", 12389)
            .Add(Moscow, "RU")
            .Add(Atlantis, null, 64496)
            .ToArray());

        Assert.Equal(RecordSchema.IPinfo, database.Schema);
        Assert.False(database.HasSubdivisions);
        Assert.True(database.HasAutonomousSystems);
        Assert.Equal(Region.Create("UA").WithAutonomousSystem(12389), database.Find(Host(Crimea)));
        Assert.Equal(12389, database.Find(Host(Crimea)).AutonomousSystemNumber);
        Assert.Equal(Region.Create("RU"), database.Find(Host(Moscow)));
        Assert.Null(database.Find(Host(Moscow)).AutonomousSystemNumber);

        // IPinfo's empty country: unknown, whatever the network.
        Assert.False(database.TryFind(Host(Atlantis), out _));
    }

    [Fact]
    public void IPinfoOlderFreeFile_WithTheCodeInCountry_IsRead()
    {
        var writer = new MaxMindDatabaseWriter(new MaxMindDatabaseWriterOptions { DatabaseType = "ipinfo generic_country_free_country_asn.mmdb" });
        writer.Insert(Crimea, new Dictionary<string, object?> { ["country"] = "UA", ["country_name"] = "Ukraine", ["asn"] = "AS12389", ["as_name"] = "Example" });

        using var database = Open(writer.ToArray());

        Assert.Equal(Region.Create("UA").WithAutonomousSystem(12389), database.Find(Host(Crimea)));
    }

    [Fact]
    public void IPinfoLayout_UnderAnotherType_IsRefusedWithAHint_AndReadWhenTheProviderIsNamed()
    {
        var bytes = new IPinfoDatabaseBuilder(o => o.DatabaseType = "Country-Plus-Networks").Add(Crimea, "UA", 12389).ToArray();
        var path = Write(bytes);

        var refused = Assert.Throws<MaxMindDatabaseException>(() => MaxMindDatabase.Open(path, "ContentGate:MaxMind:DatabasePath"));
        Assert.Contains("not in the GeoIP2 format ContentGate reads", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Its records look like IPinfo's: if it is an IPinfo file, set ContentGate:MaxMind:Provider to IPinfo.", refused.Message, StringComparison.Ordinal);

        using var named = MaxMindDatabase.Open(path, "key", null, null, null, new DatabaseReading(DatabaseProvider.IPinfo, DatabaseRole.Location));
        Assert.Equal(Region.Create("UA").WithAutonomousSystem(12389), named.Find(Host(Crimea)));
    }

    [Fact]
    public void FileTypedAsIPinfo_WithoutIPinfoRecords_IsRefusedNamingTheLayoutItWasReadIn()
    {
        var writer = new MaxMindDatabaseWriter(new MaxMindDatabaseWriterOptions { DatabaseType = "ipinfo standard_location.mmdb" });
        writer.Insert(Crimea, new Dictionary<string, object?> { ["city"] = "Simferopol", ["region"] = "Crimea" });

        var refused = Assert.Throws<MaxMindDatabaseException>(() => Open(writer.ToArray()));

        Assert.Contains("is a 'ipinfo standard_location.mmdb' database, read in IPinfo's layout, but its only record lacks a country_code (or a two-letter country)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Its records have the keys city, region", refused.Message, StringComparison.Ordinal);
        Assert.Contains("set ContentGate:MaxMind:Provider to MaxMind, DbIp or IPinfo", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IPinfoRecord_WithAMalformedAsn_IsRefusedNamingTheNetwork()
    {
        var writer = new MaxMindDatabaseWriter(new MaxMindDatabaseWriterOptions { DatabaseType = IPinfoDatabaseBuilder.LiteDatabaseType });
        writer.Insert(Crimea, new Dictionary<string, object?> { ["country_code"] = "UA", ["asn"] = "12389" });

        var refused = Assert.Throws<MaxMindDatabaseException>(() => Open(writer.ToArray()));

        Assert.Contains("has a record ContentGate cannot read", refused.Message, StringComparison.Ordinal);
        Assert.Contains("20.1.0.0/16", refused.Message, StringComparison.Ordinal);
        Assert.Contains("its asn is \"12389\", not an autonomous system such as \"AS12389\"", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AsnDatabaseBuilder.DefaultDatabaseType)]
    [InlineData("GeoLite2-ASN")]
    [InlineData("GeoIP2-ISP")]
    [InlineData("DBIP-ASN-Lite (compat=GeoLite2-ASN)")]
    public void AutonomousSystemFile_AnswersNetworksOnly_AsAsnDatabase_AndIsRefusedAsLocationDatabase(string type)
    {
        var bytes = new AsnDatabaseBuilder(o => o.DatabaseType = type).Add(Crimea, 12389).Add(Moscow, 8359).ToArray();
        var path = Write(bytes);

        using var asn = MaxMindDatabase.Open(path, "ContentGate:MaxMind:AsnDatabasePath", null, null, null, new DatabaseReading(DatabaseProvider.Auto, DatabaseRole.AutonomousSystems));
        Assert.Equal(RecordSchema.AutonomousSystems, asn.Schema);
        Assert.Equal(12389, asn.Find(Host(Crimea)).AutonomousSystemNumber);
        Assert.Equal(8359, asn.Find(Host(Moscow)).AutonomousSystemNumber);
        Assert.False(asn.Find(Host(Crimea)).IsKnown);
        Assert.Null(asn.Find(Host(Atlantis)).AutonomousSystemNumber);

        var refused = Assert.Throws<MaxMindDatabaseException>(() => MaxMindDatabase.Open(path, "ContentGate:MaxMind:DatabasePath"));
        Assert.Contains($"is a '{type}' database of autonomous systems (networks), which has no countries", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Set it as ContentGate:MaxMind:AsnDatabasePath", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LocationFileWithoutNetworks_IsRefusedAsAsnDatabase()
    {
        var path = Write(GeoDatabaseBuilder.City().Add(Crimea, "UA", "UA-43").ToArray());

        var refused = Assert.Throws<MaxMindDatabaseException>(() => MaxMindDatabase.Open(path, "ContentGate:MaxMind:AsnDatabasePath", null, null, null, new DatabaseReading(DatabaseProvider.Auto, DatabaseRole.AutonomousSystems)));

        Assert.Contains("whose records carry no autonomous system", refused.Message, StringComparison.Ordinal);
        Assert.Contains("GeoLite2-ASN, GeoIP2-ISP, DB-IP's ASN Lite, or IPinfo Lite", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GeoIP2Enterprise_CarriesTheAutonomousSystemOfItsTraits()
    {
        var bytes = new GeoDatabaseBuilder(GeoDatabaseKind.City, o => o.DatabaseType = "ContentGate-Test-Enterprise-City")
            .AddRecord(Crimea, new Dictionary<string, object?>
            {
                ["country"] = new Dictionary<string, object?> { ["iso_code"] = "UA" },
                ["subdivisions"] = new List<object?> { new Dictionary<string, object?> { ["iso_code"] = "43" } },
                ["traits"] = new Dictionary<string, object?> { ["autonomous_system_number"] = 12389u, ["autonomous_system_organization"] = "Example" },
            })
            .ToArray();

        using var database = Open(bytes);

        Assert.Equal(Region.Create("UA", "UA-43").WithAutonomousSystem(12389), database.Find(Host(Crimea)));
        Assert.True(database.HasAutonomousSystems);
    }

    [Fact]
    public void GeoIP2Traits_WithAnAutonomousSystemThatIsNoNumber_IsRefused()
    {
        var bytes = GeoDatabaseBuilder.City()
            .AddRecord(Crimea, new Dictionary<string, object?>
            {
                ["country"] = new Dictionary<string, object?> { ["iso_code"] = "UA" },
                ["traits"] = new Dictionary<string, object?> { ["autonomous_system_number"] = "AS12389" },
            })
            .ToArray();

        var refused = Assert.Throws<MaxMindDatabaseException>(() => Open(bytes));

        Assert.Contains("its traits.autonomous_system_number is \"AS12389\", not an autonomous system number", refused.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> ProviderFixtures() => ["dbip-city", "dbip-country", "ipinfo-lite", "asn", "enterprise"];

    /// <summary>The index's answers against MaxMind's reader decoding the raw records, network by network.</summary>
    [Theory]
    [MemberData(nameof(ProviderFixtures))]
    public void Index_OnEveryNetworkOfProviderFixture_AnswersAsTheRawRecordsSay(string fixture)
    {
        var (bytes, role) = fixture switch
        {
            "dbip-city" => (DbIpDatabaseBuilder.City().Add(Crimea, "UA", "Crimea").Add(Moscow, "RU").Add(Atlantis, "UA", "Atlantis").Add(Kyiv, "UA", "Kyiv City").ToArray(), DatabaseRole.Location),
            "dbip-country" => (DbIpDatabaseBuilder.Country().Add(Crimea, "UA").Add(Moscow, "RU").ToArray(), DatabaseRole.Location),
            "ipinfo-lite" => (new IPinfoDatabaseBuilder().Add(Crimea, "UA", 12389).Add(Moscow, "RU", 8359).Add(Atlantis, null, 1).Add(UkraineOnly, "UA").ToArray(), DatabaseRole.Location),
            "asn" => (new AsnDatabaseBuilder().Add(Crimea, 12389).Add(IPNetwork.Parse("2a00::/16"), 4_200_000_000).ToArray(), DatabaseRole.AutonomousSystems),
            _ => (new GeoDatabaseBuilder(GeoDatabaseKind.City, o => o.DatabaseType = "ContentGate-Test-Enterprise-City").AddRecord(Crimea, new Dictionary<string, object?>
            {
                ["country"] = new Dictionary<string, object?> { ["iso_code"] = "UA" },
                ["traits"] = new Dictionary<string, object?> { ["autonomous_system_number"] = 12389u },
            }).ToArray(), DatabaseRole.Location),
        };
        using var database = MaxMindDatabase.Open(Write(bytes), "key", null, null, null, new DatabaseReading(DatabaseProvider.Auto, role));
        using var reader = new Reader(new MemoryStream(bytes));
        var compared = 0;
        foreach (var network in reader.FindAll<Dictionary<string, object>>())
        {
            var address = network.Start;
            var expected = Expected(network.Data, database.Schema);
            Assert.Equal(expected, database.Find(address));
            compared++;
        }

        Assert.True(compared >= 1, "no network compared");
    }

    // What the raw record says, read independently of ContentGate's decoder (MaxMind's reader gives the values).
    private static Region Expected(Dictionary<string, object> record, RecordSchema schema)
    {
        long? asn = null;
        string? country = null;
        var subdivisions = new List<string>();
        switch (schema)
        {
            case RecordSchema.AutonomousSystems:
                return Region.ForAutonomousSystem(Convert.ToInt64(record["autonomous_system_number"], System.Globalization.CultureInfo.InvariantCulture));
            case RecordSchema.IPinfo:
                country = record.TryGetValue("country_code", out var code) ? (string)code : null;
                asn = record.TryGetValue("asn", out var a) && a is string { Length: > 2 } text ? long.Parse(text[2..], System.Globalization.CultureInfo.InvariantCulture) : null;
                break;
            default:
                country = record.TryGetValue("country", out var c) ? (string)((Dictionary<string, object>)c)["iso_code"] : null;
                if (record.TryGetValue("traits", out var t) && ((Dictionary<string, object>)t).TryGetValue("autonomous_system_number", out var n))
                {
                    asn = Convert.ToInt64(n, System.Globalization.CultureInfo.InvariantCulture);
                }

                if (record.TryGetValue("subdivisions", out var s))
                {
                    foreach (Dictionary<string, object> subdivision in (List<object>)s)
                    {
                        var name = (string)((Dictionary<string, object>)subdivision["names"])["en"];
                        if (SubdivisionNames.TryMap(country!, name, out var known))
                        {
                            subdivisions.Add(known);
                        }
                    }
                }

                break;
        }

        if (string.IsNullOrEmpty(country))
        {
            return Region.Unknown;
        }

        var region = Region.Create(country, subdivisions);
        return asn is { } number ? region.WithAutonomousSystem(number) : region;
    }

    private static MaxMindDatabase Open(byte[] bytes) => MaxMindDatabase.Open(Write(bytes), "ContentGate:MaxMind:DatabasePath");

    private static string Write(byte[] bytes)
    {
        var path = Fixtures.TempFile("provider.mmdb");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static IPAddress Host(IPNetwork network)
    {
        var bytes = network.BaseAddress.GetAddressBytes();
        bytes[^1] |= 1;
        return new IPAddress(bytes);
    }
}
