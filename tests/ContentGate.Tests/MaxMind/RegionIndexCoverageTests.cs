using System.Net;
using ContentGate.MaxMind;
using ContentGate.Testing.MaxMind;
using ContentGate.Tests.Infrastructure;

namespace ContentGate.Tests.MaxMind;

/// <summary>
/// Counting, per country, the addresses a database places in no subdivision, on real files written by
/// ContentGate.Testing in every shape a GeoIP2 file takes (IPv4-only, IPv6 with MaxMind's IPv4 aliases, IPv6 without
/// them; 24-, 28- and 32-bit records), with counts worked out by hand.
/// </summary>
public sealed class RegionIndexCoverageTests
{
    private static readonly UInt128 Slash64 = UInt128.One << 64;

    public static TheoryData<int, bool, int> Shapes() => new()
    {
        { 4, false, 24 },
        { 4, false, 28 },
        { 6, true, 24 },
        { 6, true, 28 },
        { 6, true, 32 },
        { 6, false, 28 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void HalfOfUkraineWithoutSubdivision_IsHalfBlind_InEveryShape(int ipVersion, bool aliases, int recordSize)
    {
        var builder = Builder(ipVersion, aliases, recordSize)
            .Add(Network("1.2.0.0/16"), "UA", "UA-43")
            .Add(Network("1.3.0.0/16"), "UA")
            .Add(Network("5.0.0.0/24"), "RU")
            .Add(Network("5.0.1.0/24"), "RU", "RU-MOW");
        if (ipVersion == 6)
        {
            builder.Add(Network("2a00::/32"), "UA", "UA-43").Add(Network("2a01::/48"), "UA");
        }

        var coverage = Measure(builder);

        var ukraine = Country(coverage, "UA");
        Assert.Equal(131_072UL, ukraine.IPv4Addresses);
        Assert.Equal(65_536UL, ukraine.IPv4WithoutSubdivision);
        Assert.Equal(0.5, ukraine.IPv4ShareWithoutSubdivision);
        var russia = Country(coverage, "RU");
        Assert.Equal((512UL, 256UL), (russia.IPv4Addresses, russia.IPv4WithoutSubdivision));
        Assert.Equal(ipVersion == 6, coverage.IsIPv6);
        Assert.Equal(0, coverage.SharedNodes);
        if (ipVersion == 6)
        {
            // Only the IPv6 networks: the IPv4 space (::/96) and its aliases (::ffff:0:0/96, 2002::/16) are not IPv6.
            Assert.Equal((UInt128.One << 96) + (UInt128.One << 80), ukraine.IPv6Addresses);
            Assert.Equal(UInt128.One << 80, ukraine.IPv6WithoutSubdivision);
            Assert.Equal(4_294_967_296.0 + 65_536.0, ukraine.IPv6Networks);
            Assert.Equal(65_536.0, ukraine.IPv6NetworksWithoutSubdivision);
            Assert.Equal(UInt128.Zero, russia.IPv6Addresses);
            Assert.Null(russia.IPv6ShareWithoutSubdivision);
        }
        else
        {
            Assert.All(coverage.Countries, c => Assert.Equal(UInt128.Zero, c.IPv6Addresses));
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    public void NestedNetworks_AreCountedOnce_ForTheAnswerLookupsGet(int ipVersion)
    {
        // A /8 of Germany in a subdivision, with a /16 inside it known only by country and a /24 inside that of
        // Ukraine; a record without a country is counted for nobody.
        var builder = Builder(ipVersion, aliases: true, recordSize: 28)
            .Add(Network("20.0.0.0/8"), "DE", "DE-BE")
            .Add(Network("20.1.0.0/16"), "DE")
            .Add(Network("20.1.2.0/24"), "UA", "UA-43")
            .AddRecord(Network("20.1.3.0/24"), new Dictionary<string, object?> { ["continent"] = new Dictionary<string, object?> { ["code"] = "EU" } });
        if (ipVersion == 6)
        {
            builder.Add(Network("2a00::/16"), "DE", "DE-BE").Add(Network("2a00:1::/32"), "DE").Add(Network("2a00:1:2::/48"), "UA");
        }

        var coverage = Measure(builder);

        var germany = Country(coverage, "DE");
        Assert.Equal((16_777_216UL - 512, 65_536UL - 512), (germany.IPv4Addresses, germany.IPv4WithoutSubdivision));
        Assert.Equal((256UL, 0UL), (Country(coverage, "UA").IPv4Addresses, Country(coverage, "UA").IPv4WithoutSubdivision));
        Assert.Equal(["DE", "UA"], coverage.Countries.Select(c => c.Country));
        if (ipVersion == 6)
        {
            Assert.Equal((UInt128.One << 112) - (UInt128.One << 80), germany.IPv6Addresses);
            Assert.Equal((UInt128.One << 96) - (UInt128.One << 80), germany.IPv6WithoutSubdivision);
            Assert.Equal((UInt128.One << 80) * 1, Country(coverage, "UA").IPv6WithoutSubdivision);
        }
    }

    [Fact]
    public void RecordAboveTheIPv4Space_CountsItsIPv4PartAsIPv4Only()
    {
        // No aliases and one record for ::/8: IPv4 lookups (::a.b.c.d) end in it after 8 bits.
        var builder = Builder(6, aliases: false, recordSize: 28)
            .Add(Network("::/8"), "DE")
            .Add(Network("2a00::/32"), "UA", "UA-43");

        var coverage = Measure(builder);

        var germany = Country(coverage, "DE");
        Assert.Equal(4_294_967_296UL, germany.IPv4Addresses);
        Assert.Equal((UInt128.One << 120) - (UInt128.One << 32), germany.IPv6Addresses);
        Assert.Equal(germany.IPv6Addresses, germany.IPv6WithoutSubdivision);
        Assert.Equal(UInt128.One << 96, Country(coverage, "UA").IPv6Addresses);
    }

    [Fact]
    public void AddressBookFixture_EachRegionsNetworkCountsForItsCountry()
    {
        var coverage = RegionIndexCoverage.Measure(Load(Fixtures.CityDatabasePath));

        // Eight Ukrainian regions (six Russia-controlled, Kyiv, and one without subdivision), each a /29 and a /64.
        var ukraine = Country(coverage, "UA");
        Assert.Equal((64UL, 8UL), (ukraine.IPv4Addresses, ukraine.IPv4WithoutSubdivision));
        Assert.Equal((8 * Slash64, Slash64), (ukraine.IPv6Addresses, ukraine.IPv6WithoutSubdivision));
        Assert.Equal(0.125, ukraine.IPv4ShareWithoutSubdivision);
        Assert.Equal(1.0, Country(coverage, "RU").IPv4ShareWithoutSubdivision);
    }

    [Fact]
    public void CountryDatabase_IsBlindEverywhere()
    {
        var coverage = RegionIndexCoverage.Measure(Load(Fixtures.CountryDatabasePath));

        Assert.All(coverage.Countries, c =>
        {
            Assert.Equal(c.IPv4Addresses, c.IPv4WithoutSubdivision);
            Assert.Equal(1.0, c.IPv6ShareWithoutSubdivision);
        });
    }

    private static GeoDatabaseBuilder Builder(int ipVersion, bool aliases, int recordSize)
        => new(GeoDatabaseKind.City, o =>
        {
            o.IPVersion = ipVersion;
            o.AliasIPv4InIPv6 = aliases;
            o.RecordSize = recordSize;
        });

    private static RegionIndexCoverage Measure(GeoDatabaseBuilder builder)
    {
        var path = Fixtures.TempFile("coverage.mmdb");
        builder.WriteTo(path);
        try
        {
            return RegionIndexCoverage.Measure(Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static RegionIndex Load(string path)
    {
        return MaxMindDatabaseGeneration.Load(path, "test", number: 1).Index;
    }

    private static CountryCoverage Country(RegionIndexCoverage coverage, string code)
        => coverage.Countries.Single(c => c.Country == code);

    private static IPNetwork Network(string text) => IPNetwork.Parse(text);
}
