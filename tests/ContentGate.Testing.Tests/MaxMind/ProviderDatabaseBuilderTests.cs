using System.Net;
using ContentGate.Testing.MaxMind;
using MaxMind.Db;

namespace ContentGate.Testing.Tests.MaxMind;

/// <summary>
/// The provider builders write each provider's published layout, read back with MaxMind's own reader: field names,
/// value types and the database type a reader recognises the provider by.
/// </summary>
public sealed class ProviderDatabaseBuilderTests
{
    private static readonly IPNetwork Network = IPNetwork.Parse("203.0.113.0/24");
    private static readonly IPAddress Address = IPAddress.Parse("203.0.113.9");

    [Fact]
    public void DbIpCity_HasGeoIP2sLayout_WithSubdivisionsNamedInEnglishAndNoIsoCode()
    {
        using var reader = new Reader(new MemoryStream(DbIpDatabaseBuilder.City().Add(Network, "UA", "Crimea").ToArray()));
        var record = reader.Find<Dictionary<string, object>>(Address)!;

        Assert.Equal("DBIP-City-Lite", reader.Metadata.DatabaseType);
        Assert.Equal("UA", ((Dictionary<string, object>)record["country"])["iso_code"]);
        var subdivision = Assert.Single((List<object>)record["subdivisions"]);
        var fields = (Dictionary<string, object>)subdivision;
        Assert.Equal(["names"], fields.Keys);
        Assert.Equal("Crimea", ((Dictionary<string, object>)fields["names"])["en"]);
        Assert.Contains("location", record.Keys);
        Assert.Contains("city", record.Keys);
    }

    [Fact]
    public void DbIpCountry_HasNoSubdivisions_AndRefusesThem()
    {
        var builder = DbIpDatabaseBuilder.Country().Add(Network, "RU");
        using var reader = new Reader(new MemoryStream(builder.ToArray()));

        Assert.Equal("DBIP-Country-Lite", reader.Metadata.DatabaseType);
        Assert.DoesNotContain("subdivisions", reader.Find<Dictionary<string, object>>(Address)!.Keys);
        Assert.Throws<ArgumentException>(() => builder.Add(Network, "RU", "Moscow"));
    }

    [Fact]
    public void IPinfoLite_HasFlatRecords_WithEmptyStringsForUnknownValues()
    {
        var builder = new IPinfoDatabaseBuilder()
            .Add(Network, "UA", 12389)
            .Add(IPNetwork.Parse("198.51.100.0/24"), null);
        using var reader = new Reader(new MemoryStream(builder.ToArray()));
        var record = reader.Find<Dictionary<string, object>>(Address)!;
        var empty = reader.Find<Dictionary<string, object>>(IPAddress.Parse("198.51.100.1"))!;

        Assert.Equal("ipinfo bundle_location_lite.mmdb", reader.Metadata.DatabaseType);
        Assert.Equal(["as_domain", "as_name", "asn", "continent", "continent_code", "country", "country_code"], record.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("UA", record["country_code"]);
        Assert.Equal("AS12389", record["asn"]);
        Assert.Equal(string.Empty, empty["country_code"]);
        Assert.Equal(string.Empty, empty["asn"]);
    }

    [Fact]
    public void Asn_HasGeoLite2AsnsLayout_WithAnUnsignedNumber()
    {
        using var reader = new Reader(new MemoryStream(new AsnDatabaseBuilder().Add(Network, 4_200_000_000).ToArray()));
        var record = reader.Find<Dictionary<string, object>>(Address)!;

        Assert.Equal("ContentGate-Test-ASN", reader.Metadata.DatabaseType);
        Assert.Equal(4_200_000_000L, Convert.ToInt64(record["autonomous_system_number"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Example Networks", record["autonomous_system_organization"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AsnDatabaseBuilder().Add(Network, 0));
    }
}
