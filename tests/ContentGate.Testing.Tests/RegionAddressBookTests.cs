using System.Net;
using ContentGate.Testing.MaxMind;
using MaxMind.GeoIP2;

namespace ContentGate.Testing.Tests;

public class RegionAddressBookTests
{
    private static readonly string[] NinetySixRegions = Enumerable.Range(0, 96)
        .Select(i => $"{(char)('A' + (i / 26))}{(char)('A' + (i % 26))}")
        .ToArray();

    [Theory]
    [InlineData(0, "203.0.113.0/29", "203.0.113.1", "2001:db8::/64", "2001:db8::1")]
    [InlineData(1, "203.0.113.8/29", "203.0.113.9", "2001:db8:0:1::/64", "2001:db8:0:1::1")]
    [InlineData(31, "203.0.113.248/29", "203.0.113.249", "2001:db8:0:1f::/64", "2001:db8:0:1f::1")]
    [InlineData(32, "198.51.100.0/29", "198.51.100.1", "2001:db8:0:20::/64", "2001:db8:0:20::1")]
    [InlineData(63, "198.51.100.248/29", "198.51.100.249", "2001:db8:0:3f::/64", "2001:db8:0:3f::1")]
    [InlineData(64, "192.0.2.0/29", "192.0.2.1", "2001:db8:0:40::/64", "2001:db8:0:40::1")]
    [InlineData(95, "192.0.2.248/29", "192.0.2.249", "2001:db8:0:5f::/64", "2001:db8:0:5f::1")]
    public void For_IthRegion_GetsTheIthDocumentationBlock(
        int index, string ipv4Network, string ipv4Address, string ipv6Network, string ipv6Address)
    {
        var book = RegionAddressBook.For(NinetySixRegions);
        var region = NinetySixRegions[index];

        Assert.Equal(IPNetwork.Parse(ipv4Network), book.IPv4NetworkFor(region));
        Assert.Equal(IPAddress.Parse(ipv4Address), book.IPv4For(region));
        Assert.Equal(IPNetwork.Parse(ipv6Network), book.IPv6NetworkFor(region));
        Assert.Equal(IPAddress.Parse(ipv6Address), book.IPv6For(region));
    }

    [Fact]
    public void For_EveryAddress_IsInsideItsNetworkAndTheDocumentationRanges()
    {
        var book = RegionAddressBook.For(NinetySixRegions);
        IPNetwork[] documentation =
        [
            IPNetwork.Parse("203.0.113.0/24"), IPNetwork.Parse("198.51.100.0/24"), IPNetwork.Parse("192.0.2.0/24"),
        ];

        foreach (var region in book.Regions)
        {
            Assert.True(book.IPv4NetworkFor(region).Contains(book.IPv4For(region)));
            Assert.True(book.IPv6NetworkFor(region).Contains(book.IPv6For(region)));
            Assert.Contains(documentation, range => range.Contains(book.IPv4For(region)));
            Assert.True(IPNetwork.Parse("2001:db8::/32").Contains(book.IPv6For(region)));
        }

        Assert.Equal(96, book.Regions.Select(book.IPv4For).Distinct().Count());
        Assert.Equal(96, book.Regions.Select(book.IPv6For).Distinct().Count());
    }

    [Fact]
    public void For_SameRegions_GetTheSameAddresses()
    {
        var first = RegionAddressBook.For("RU", "UA-43", "DE");
        var second = RegionAddressBook.For("RU", "UA-43", "DE");

        Assert.Equal(["RU", "UA-43", "DE"], first.Regions);
        Assert.All(first.Regions, region => Assert.Equal(first.IPv4For(region), second.IPv4For(region)));
        Assert.All(first.Regions, region => Assert.Equal(first.IPv6For(region), second.IPv6For(region)));
    }

    [Fact]
    public void For_MoreThan96Regions_ThrowsExplainingTheLimit()
    {
        var exception = Assert.Throws<ArgumentException>(() => RegionAddressBook.For([.. NinetySixRegions, "ZZ"]));

        Assert.Contains("at most 96 regions", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_RepeatedRegion_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => RegionAddressBook.For("RU", "UA-43", "RU"));

        Assert.Contains("'RU' is listed more than once", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ru")]
    [InlineData("RUS")]
    [InlineData("")]
    [InlineData("UA-")]
    [InlineData("UA_43")]
    [InlineData("UA-1234")]
    [InlineData("ua-43")]
    public void For_MalformedRegion_Throws(string region)
    {
        var exception = Assert.Throws<ArgumentException>(() => RegionAddressBook.For(region));

        Assert.Contains("is not a region", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IPv4For_RegionNotInTheBook_ThrowsListingTheRegions()
    {
        var book = RegionAddressBook.For("RU", "UA-43");

        var exception = Assert.Throws<ArgumentException>(() => book.IPv4For("KZ"));

        Assert.Contains("'KZ' is not in this address book, which has: RU, UA-43", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToDatabase_City_EveryAddressResolvesToItsRegion()
    {
        var book = RegionAddressBook.For("RU", "UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65", "KZ", "DE");
        using var reader = new DatabaseReader(new MemoryStream(book.ToDatabase().ToArray()));

        foreach (var region in book.Regions)
        {
            var country = region[..2];
            string? subdivision = region.Length > 2 ? region[3..] : null;
            foreach (var address in new[] { book.IPv4For(region), book.IPv6For(region), book.IPv4For(region).MapToIPv6() })
            {
                var response = reader.City(address);
                Assert.Equal(country, response.Country.IsoCode);
                Assert.Equal(subdivision, response.MostSpecificSubdivision.IsoCode);
            }
        }
    }

    [Fact]
    public void ToDatabase_City_AllNinetySixRegionsResolve()
    {
        var book = RegionAddressBook.For(NinetySixRegions);
        using var reader = new DatabaseReader(new MemoryStream(book.ToDatabase().ToArray()));

        Assert.All(book.Regions, region =>
        {
            Assert.Equal(region, reader.City(book.IPv4For(region)).Country.IsoCode);
            Assert.Equal(region, reader.City(book.IPv6For(region)).Country.IsoCode);
        });
    }

    [Fact]
    public void ToDatabase_Country_SubdivisionRegionsResolveToTheirCountry()
    {
        var book = RegionAddressBook.For("RU", "UA-43");
        using var reader = new DatabaseReader(new MemoryStream(book.ToDatabase(GeoDatabaseKind.Country).ToArray()));

        Assert.Equal("ContentGate-Test-Country", reader.Metadata.DatabaseType);
        Assert.Equal("UA", reader.Country(book.IPv4For("UA-43")).Country.IsoCode);
        Assert.Equal("RU", reader.Country(book.IPv6For("RU")).Country.IsoCode);
    }

    [Fact]
    public void ToDatabase_AddressesBetweenBlocks_AreNotFound()
    {
        var book = RegionAddressBook.For("RU", "UA-43");
        using var reader = new DatabaseReader(new MemoryStream(book.ToDatabase().ToArray()));

        Assert.False(reader.TryCity(IPAddress.Parse("203.0.113.16"), out _));
        Assert.False(reader.TryCity(IPAddress.Parse("2001:db8:0:2::1"), out _));
    }

    [Fact]
    public void ToDatabase_ReturnsABuilderThatAcceptsMoreNetworks()
    {
        var book = RegionAddressBook.For("RU");
        var builder = book.ToDatabase().Add(IPNetwork.Parse("100.64.0.0/10"), "US");
        using var reader = new DatabaseReader(new MemoryStream(builder.ToArray()));

        Assert.Equal("US", reader.City("100.64.1.1").Country.IsoCode);
        Assert.Equal("RU", reader.City(book.IPv4For("RU")).Country.IsoCode);
    }
}
