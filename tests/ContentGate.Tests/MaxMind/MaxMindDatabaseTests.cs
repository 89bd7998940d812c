using System.Net;
using ContentGate.MaxMind;
using ContentGate.Regions;
using ContentGate.Testing.MaxMind;
using ContentGate.Tests.Infrastructure;

namespace ContentGate.Tests.MaxMind;

public sealed class MaxMindDatabaseTests
{
    private const string Key = "ContentGate:MaxMind:DatabasePath";

    [Theory]
    [InlineData("UA-43", "UA", "UA-43")]
    [InlineData("RU", "RU", null)]
    [InlineData("UA", "UA", null)]
    public void TryFind_OnCityDatabase_ComposesFullSubdivisionCodes(string region, string country, string? subdivision)
    {
        using var database = MaxMindDatabase.Open(Fixtures.CityDatabasePath, Key);

        Assert.True(database.TryFind(Fixtures.IPv4(region), out var v4));
        Assert.True(database.TryFind(Fixtures.IPv6(region), out var v6));

        var expected = subdivision is null ? Region.Create(country) : Region.Create(country, subdivision);
        Assert.Equal(expected, v4);
        Assert.Equal(expected, v6);
    }

    [Fact]
    public void TryFind_OnCountryDatabase_ReturnsCountryOnly()
    {
        using var database = MaxMindDatabase.Open(Fixtures.CountryDatabasePath, Key);

        Assert.True(database.TryFind(Fixtures.IPv4("UA-43"), out var region));

        Assert.Equal(Region.Create("UA"), region);
    }

    [Fact]
    public void TryFind_WithAbsentAddressOrRecordWithoutCountry_ReturnsFalse()
    {
        using var database = MaxMindDatabase.Open(Fixtures.CityDatabasePath, Key);

        Assert.False(database.TryFind(Fixtures.AbsentAddress, out var absent));
        Assert.False(database.TryFind(Fixtures.NoCountryAddress, out var noCountry));
        Assert.Same(Region.Unknown, absent);
        Assert.Same(Region.Unknown, noCountry);
    }

    [Fact]
    public void TryFind_OnIPv4OnlyDatabase_ReturnsFalseForIPv6WithoutThrowing()
    {
        var path = Fixtures.TempFile("ipv4-only.mmdb");
        var builder = new GeoDatabaseBuilder(GeoDatabaseKind.Country, o => o.IPVersion = 4);
        builder.Add(new IPNetwork(IPAddress.Parse("203.0.113.0"), 24), "KZ");
        builder.WriteTo(path);
        using var database = MaxMindDatabase.Open(path, Key);

        Assert.False(database.TryFind(IPAddress.Parse("2001:db8::1"), out _));
        Assert.True(database.TryFind(IPAddress.Parse("203.0.113.5"), out var region));
        Assert.Equal("KZ", region.CountryCode);
    }

    /// <summary>
    /// A record shaped like GeoIP2/GeoLite2 City data in the wild: names in many languages, several subdivisions,
    /// location, postal, traits, a represented country. The minimal model must read the codes and skip the rest.
    /// </summary>
    [Fact]
    public void TryFind_OnRecordShapedLikeGeoLite2City_ReadsCountryAndEverySubdivision()
    {
        static Dictionary<string, object?> Names(string en, string ru) => new() { ["en"] = en, ["ru"] = ru, ["de"] = en, ["zh-CN"] = en, ["pt-BR"] = en };
        var path = Fixtures.TempFile("geolite2-shaped.mmdb");
        var builder = GeoDatabaseBuilder.City();
        builder.AddRecord(new IPNetwork(IPAddress.Parse("198.51.100.0"), 28), new Dictionary<string, object?>
        {
            ["city"] = new Dictionary<string, object?> { ["geoname_id"] = 2643743u, ["names"] = Names("London", "Лондон") },
            ["continent"] = new Dictionary<string, object?> { ["code"] = "EU", ["geoname_id"] = 6255148u, ["names"] = Names("Europe", "Европа") },
            ["country"] = new Dictionary<string, object?> { ["geoname_id"] = 2635167u, ["is_in_european_union"] = false, ["iso_code"] = "GB", ["names"] = Names("United Kingdom", "Британия") },
            ["location"] = new Dictionary<string, object?> { ["accuracy_radius"] = (ushort)10, ["latitude"] = 51.5142, ["longitude"] = -0.0931, ["time_zone"] = "Europe/London" },
            ["postal"] = new Dictionary<string, object?> { ["code"] = "EC2V" },
            ["registered_country"] = new Dictionary<string, object?> { ["geoname_id"] = 3017382u, ["iso_code"] = "FR", ["names"] = Names("France", "Франция") },
            ["represented_country"] = new Dictionary<string, object?> { ["iso_code"] = "US", ["type"] = "military" },
            ["subdivisions"] = new List<object?>
            {
                new Dictionary<string, object?> { ["geoname_id"] = 6269131u, ["iso_code"] = "ENG", ["names"] = Names("England", "Англия") },
                new Dictionary<string, object?> { ["geoname_id"] = 3333218u, ["iso_code"] = "WSM", ["names"] = Names("Westminster", "Вестминстер") },
            },
            ["traits"] = new Dictionary<string, object?> { ["is_anycast"] = true },
        });
        builder.WriteTo(path);
        using var database = MaxMindDatabase.Open(path, Key);

        Assert.True(database.TryFind(IPAddress.Parse("198.51.100.3"), out var region));

        // The visitor's country, not where the block is registered (FR) or which country it represents (US).
        Assert.Equal(Region.Create("GB", "GB-ENG", "GB-WSM"), region);
    }

    [Fact]
    public void Open_WithTwoReadersOnOneFile_AreIndependent()
    {
        using var first = MaxMindDatabase.Open(Fixtures.CityDatabasePath, Key);
        using var second = MaxMindDatabase.Open(Fixtures.CityDatabasePath, Key);
        first.Dispose();

        Assert.True(second.TryFind(Fixtures.IPv4("KZ"), out var region));
        Assert.Equal("KZ", region.CountryCode);
    }

    [Fact]
    public void Cache_GetOrOpen_ReturnsOneReaderPerPath()
    {
        using var cache = new MaxMindDatabaseCache();

        var first = cache.GetOrOpen(Fixtures.CityDatabasePath, Key);
        var second = cache.GetOrOpen(Fixtures.CityDatabasePath, Key);

        Assert.Same(first, second);
    }

    [Fact]
    public async Task TryFind_FromManyThreadsAtOnce_GivesEveryThreadTheRightAnswer()
    {
        using var database = MaxMindDatabase.Open(Fixtures.CityDatabasePath, Key);
        var regions = Fixtures.AllRegions;

        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                var region = regions[(i + t) % regions.Length];
                if (!database.TryFind(Fixtures.IPv6(region), out var found) || !found.IsIn(region))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));

        Assert.Equal(0, failures);
    }
}
