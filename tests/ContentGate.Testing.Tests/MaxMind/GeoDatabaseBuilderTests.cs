using System.Net;
using ContentGate.Testing.MaxMind;
using ContentGate.Testing.Tests.Support;
using MaxMind.GeoIP2;
using MaxMind.GeoIP2.Responses;

namespace ContentGate.Testing.Tests.MaxMind;

/// <summary>
/// GeoIP2-shaped databases, read back with MaxMind's official GeoIP2 <see cref="DatabaseReader"/>.
/// </summary>
public class GeoDatabaseBuilderTests
{
    private const string PinnedSha256 = "2DD5335140D2E55525616DB2E7FFADE3364AB1CA9022CA3FF1774400EF7CECAC";

    private static DatabaseReader Open(GeoDatabaseBuilder builder) => new(new MemoryStream(builder.ToArray()));

    [Fact]
    public void City_AddWithSubdivision_ReadsBackCountryAndSubdivision()
    {
        using var reader = Open(GeoDatabaseBuilder.City()
            .Add(IPNetwork.Parse("203.0.113.0/29"), "UA", "UA-43")
            .Add(IPNetwork.Parse("203.0.113.8/29"), "RU"));

        var crimea = reader.City("203.0.113.1");
        var russia = reader.City("203.0.113.9");

        Assert.Equal("UA", crimea.Country.IsoCode);
        Assert.Equal("43", crimea.MostSpecificSubdivision.IsoCode);
        Assert.Equal("RU", russia.Country.IsoCode);
        Assert.Empty(russia.Subdivisions);
    }

    [Fact]
    public void City_IPv6AndIPv4MappedAddresses_ReadBack()
    {
        using var reader = Open(GeoDatabaseBuilder.City()
            .Add(IPNetwork.Parse("2001:db8:0:1::/64"), "UA", "UA-40")
            .Add(IPNetwork.Parse("198.51.100.0/24"), "KZ"));

        Assert.Equal("40", reader.City("2001:db8:0:1::1").MostSpecificSubdivision.IsoCode);
        Assert.Equal("KZ", reader.City("::ffff:198.51.100.7").Country.IsoCode);
        Assert.Equal("KZ", reader.City(IPAddress.Parse("198.51.100.7").MapToIPv6()).Country.IsoCode);
    }

    [Fact]
    public void City_SeveralSubdivisions_KeepTheirOrder()
    {
        using var reader = Open(GeoDatabaseBuilder.City().Add(IPNetwork.Parse("192.0.2.0/24"), "GB", "GB-ENG", "GB-LND"));

        var response = reader.City("192.0.2.1");

        Assert.Equal(["ENG", "LND"], response.Subdivisions.Select(subdivision => subdivision.IsoCode));
        Assert.Equal("LND", response.MostSpecificSubdivision.IsoCode);
    }

    [Fact]
    public void City_GeoRecordDetails_ReadBackThroughTheGeoIP2Model()
    {
        using var reader = Open(GeoDatabaseBuilder.City().Add(IPNetwork.Parse("203.0.113.0/24"), new GeoRecord("UA", "UA-43")
        {
            CountryName = "Ukraine",
            CountryGeoNameId = 690791,
            ContinentCode = "EU",
            ContinentName = "Europe",
            SubdivisionNames = ["Crimea"],
            CityName = "Simferopol",
            CityGeoNameId = 693805,
            Latitude = 44.9521,
            Longitude = 34.1024,
            AccuracyRadius = 50,
            TimeZone = "Europe/Simferopol",
        }));

        var response = reader.City("203.0.113.77");

        Assert.Equal("Ukraine", response.Country.Name);
        Assert.Equal(690791L, response.Country.GeoNameId);
        Assert.Equal("UA", response.RegisteredCountry.IsoCode);
        Assert.Equal("Ukraine", response.RegisteredCountry.Name);
        Assert.Equal("EU", response.Continent.Code);
        Assert.Equal("Europe", response.Continent.Name);
        Assert.Equal("Crimea", response.MostSpecificSubdivision.Name);
        Assert.Equal("Simferopol", response.City.Name);
        Assert.Equal(693805L, response.City.GeoNameId);
        Assert.Equal(44.9521, response.Location.Latitude);
        Assert.Equal(34.1024, response.Location.Longitude);
        Assert.Equal(50, response.Location.AccuracyRadius);
        Assert.Equal("Europe/Simferopol", response.Location.TimeZone);
    }

    [Fact]
    public void City_RegisteredCountryDifferentFromCountry_ReadsBack()
    {
        using var reader = Open(GeoDatabaseBuilder.City().Add(IPNetwork.Parse("203.0.113.0/24"), new GeoRecord("UA", "UA-43")
        {
            RegisteredCountryIsoCode = "RU",
            RegisteredCountryName = "Russia",
        }));

        var response = reader.City("203.0.113.1");

        Assert.Equal("UA", response.Country.IsoCode);
        Assert.Equal("RU", response.RegisteredCountry.IsoCode);
        Assert.Equal("Russia", response.RegisteredCountry.Name);
    }

    [Fact]
    public void City_MinimalRecord_HasOnlyCountryAndRegisteredCountry()
    {
        var database = GeoDatabaseBuilder.City().Add(IPNetwork.Parse("203.0.113.0/24"), "DE").ToArray();

        var record = MaxMindReaders.Find(database, "203.0.113.1");

        Assert.NotNull(record);
        Assert.Equal(["country", "registered_country"], record.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("DE", ((Dictionary<string, object>)record["country"])["iso_code"]);
    }

    [Fact]
    public void TryCity_AddressOutsideEveryNetwork_ReturnsFalse()
    {
        using var reader = Open(GeoDatabaseBuilder.City().Add(IPNetwork.Parse("203.0.113.0/24"), "DE"));

        Assert.False(reader.TryCity(IPAddress.Parse("198.51.100.1"), out var response));
        Assert.Null(response);
        Assert.False(reader.TryCity(IPAddress.Parse("2001:db8::1"), out _));
        Assert.True(reader.TryCity(IPAddress.Parse("203.0.113.1"), out var found));
        Assert.Equal("DE", found!.Country.IsoCode);
    }

    [Fact]
    public void Country_Database_ReadsWithTheCountryReaderAndDropsCityFields()
    {
        var builder = GeoDatabaseBuilder.Country().Add(IPNetwork.Parse("203.0.113.0/24"), new GeoRecord("UA", "UA-43")
        {
            ContinentCode = "EU",
            CityName = "Simferopol",
            Latitude = 44.9,
            Longitude = 34.1,
        });
        var database = builder.ToArray();
        using var reader = new DatabaseReader(new MemoryStream(database));

        Assert.Equal(GeoDatabaseKind.Country, builder.Kind);
        Assert.Equal("UA", reader.Country("203.0.113.1").Country.IsoCode);
        Assert.Equal("EU", reader.Country("203.0.113.1").Continent.Code);
        Assert.Equal(
            ["continent", "country", "registered_country"],
            MaxMindReaders.Find(database, "203.0.113.1")!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Country_Database_IsRefusedByTheCityReader()
    {
        using var reader = Open(GeoDatabaseBuilder.Country().Add(IPNetwork.Parse("203.0.113.0/24"), "UA"));

        Assert.Throws<InvalidOperationException>(() => reader.City("203.0.113.1"));
    }

    [Fact]
    public void City_Database_IsRefusedByTheCountryReader()
    {
        // MaxMind.GeoIP2 for .NET matches the method name against the database type, so Country() refuses a City
        // database. Code that reads a City file must call City().
        using var reader = Open(GeoDatabaseBuilder.City().Add(IPNetwork.Parse("203.0.113.0/24"), "UA", "UA-43"));

        var exception = Assert.Throws<InvalidOperationException>(() => reader.Country("203.0.113.1"));

        Assert.Contains("ContentGate-Test-City", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRecord_WithoutCountry_ReadsBackWithNoCountry()
    {
        using var reader = Open(GeoDatabaseBuilder.City().AddRecord(IPNetwork.Parse("203.0.113.0/24"), new Dictionary<string, object?>
        {
            ["continent"] = new Dictionary<string, object?> { ["code"] = "EU" },
            ["traits"] = new Dictionary<string, object?> { ["is_anycast"] = true },
        }));

        var response = reader.City("203.0.113.1");

        Assert.Null(response.Country.IsoCode);
        Assert.Empty(response.Subdivisions);
        Assert.Equal("EU", response.Continent.Code);
        Assert.True(response.Traits.IsAnycast);
    }

    [Fact]
    public void Add_LaterNetworkInsideEarlierOne_Wins()
    {
        using var reader = Open(GeoDatabaseBuilder.City()
            .Add(IPNetwork.Parse("203.0.113.0/24"), "UA")
            .Add(IPNetwork.Parse("203.0.113.128/25"), "UA", "UA-43"));

        Assert.Empty(reader.City("203.0.113.1").Subdivisions);
        Assert.Equal("43", reader.City("203.0.113.129").MostSpecificSubdivision.IsoCode);
    }

    [Fact]
    public void Metadata_DefaultsDoNotClaimToBeAMaxMindProduct()
    {
        using var city = Open(GeoDatabaseBuilder.City());
        using var country = Open(GeoDatabaseBuilder.Country());

        Assert.Equal("ContentGate-Test-City", city.Metadata.DatabaseType);
        Assert.Equal("ContentGate-Test-Country", country.Metadata.DatabaseType);
        Assert.Equal(["en"], city.Metadata.Languages);
        Assert.Contains("not a MaxMind product", city.Metadata.Description["en"], StringComparison.Ordinal);
        Assert.Contains("not a MaxMind product", country.Metadata.Description["en"], StringComparison.Ordinal);
        Assert.DoesNotContain("GeoIP", city.Metadata.DatabaseType, StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_ChangesWriterOptions()
    {
        var builder = new GeoDatabaseBuilder(GeoDatabaseKind.City, options =>
        {
            options.DatabaseType = "Acme-Test-City";
            options.RecordSize = 24;
            options.IPVersion = 4;
        });
        builder.Add(IPNetwork.Parse("203.0.113.0/24"), "UA", "UA-43");
        using var reader = Open(builder);

        Assert.Equal("Acme-Test-City", builder.DatabaseType);
        Assert.Equal("Acme-Test-City", reader.Metadata.DatabaseType);
        Assert.Equal(4, reader.Metadata.IPVersion);
        Assert.Equal("43", reader.City("203.0.113.1").MostSpecificSubdivision.IsoCode);
    }

    [Theory]
    [InlineData(GeoDatabaseKind.City, "Acme-Test")]
    [InlineData(GeoDatabaseKind.Country, "Acme-Test-City")]
    public void Configure_DatabaseTypeTheReaderWouldRefuse_Throws(GeoDatabaseKind kind, string databaseType)
    {
        var exception = Assert.Throws<ArgumentException>(() =>
            new GeoDatabaseBuilder(kind, options => options.DatabaseType = databaseType));

        Assert.Contains("must contain", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ua")]
    [InlineData("UKR")]
    [InlineData("U")]
    [InlineData("")]
    [InlineData("U1")]
    public void Add_MalformedCountryCode_Throws(string country)
    {
        var exception = Assert.Throws<ArgumentException>(() =>
            GeoDatabaseBuilder.City().Add(IPNetwork.Parse("203.0.113.0/24"), country));

        Assert.Contains("country code", exception.Message, StringComparison.Ordinal);
        Assert.Equal("countryIsoCode", exception.ParamName);
    }

    [Theory]
    [InlineData("43")]
    [InlineData("UA43")]
    [InlineData("UA-")]
    [InlineData("UA-4321")]
    [InlineData("ua-43")]
    [InlineData("UA_43")]
    [InlineData("UA-4 3")]
    public void Add_MalformedSubdivisionCode_Throws(string subdivision)
    {
        var exception = Assert.Throws<ArgumentException>(() =>
            GeoDatabaseBuilder.City().Add(IPNetwork.Parse("203.0.113.0/24"), "UA", subdivision));

        Assert.Contains("subdivision code", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_SubdivisionOfAnotherCountry_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() =>
            GeoDatabaseBuilder.City().Add(IPNetwork.Parse("203.0.113.0/24"), "RU", "UA-43"));

        Assert.Contains("'UA-43' belongs to 'UA', not to the record's country 'RU'", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(91.0, 0.0)]
    [InlineData(0.0, -180.5)]
    [InlineData(double.NaN, 0.0)]
    public void Add_LocationOutOfRange_Throws(double latitude, double longitude)
    {
        Assert.Throws<ArgumentException>(() => GeoDatabaseBuilder.City().Add(
            IPNetwork.Parse("203.0.113.0/24"), new GeoRecord("UA") { Latitude = latitude, Longitude = longitude }));
    }

    [Fact]
    public void Add_LatitudeWithoutLongitude_Throws()
    {
        Assert.Throws<ArgumentException>(() => GeoDatabaseBuilder.City().Add(
            IPNetwork.Parse("203.0.113.0/24"), new GeoRecord("UA") { Latitude = 10 }));
    }

    [Fact]
    public void Add_SubdivisionNamesCountMismatch_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => GeoDatabaseBuilder.City().Add(
            IPNetwork.Parse("203.0.113.0/24"), new GeoRecord("UA", "UA-43") { SubdivisionNames = ["Crimea", "Extra"] }));

        Assert.Contains("2 names for 1 subdivisions", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_RegisteredCountryNameWithoutCode_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => GeoDatabaseBuilder.City().Add(
            IPNetwork.Parse("203.0.113.0/24"), new GeoRecord("UA") { RegisteredCountryName = "Russia" }));

        Assert.Contains("RegisteredCountryIsoCode", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_UnknownContinentCode_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => GeoDatabaseBuilder.City().Add(
            IPNetwork.Parse("203.0.113.0/24"), new GeoRecord("UA") { ContinentCode = "XX" }));

        Assert.Contains("continent code", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteTo_File_OpensWithTheFileBasedReader()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("city.mmdb");
        GeoDatabaseBuilder.City().Add(IPNetwork.Parse("203.0.113.0/24"), "UA", "UA-43").WriteTo(path);

        using var reader = new DatabaseReader(path);
        CityResponse response = reader.City("203.0.113.1");

        Assert.Equal("43", response.MostSpecificSubdivision.IsoCode);
    }

    [Fact]
    public void ToArray_KnownInputs_ProduceThePinnedBytes()
    {
        // Pins the output across processes and machines (hash seeds differ per process): any change to the
        // layout, ordering or encoding shows up here and must be deliberate.
        var database = GeoDatabaseBuilder.City()
            .Add(IPNetwork.Parse("203.0.113.0/29"), "RU")
            .Add(IPNetwork.Parse("203.0.113.8/29"), new GeoRecord("UA", "UA-43") { CountryName = "Ukraine", SubdivisionNames = ["Crimea"] })
            .Add(IPNetwork.Parse("2001:db8:0:1::/64"), "UA", "UA-40")
            .ToArray();

        Assert.Equal(PinnedSha256, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(database)));
    }

    [Fact]
    public void ToArray_SameAddsTwice_ProducesIdenticalBytes()
    {
        static byte[] Build() => GeoDatabaseBuilder.City()
            .Add(IPNetwork.Parse("203.0.113.0/24"), new GeoRecord("UA", "UA-43") { CityName = "Simferopol", Latitude = 44.9, Longitude = 34.1 })
            .Add(IPNetwork.Parse("2001:db8::/32"), "RU")
            .ToArray();

        Assert.Equal(Build(), Build());
    }
}
