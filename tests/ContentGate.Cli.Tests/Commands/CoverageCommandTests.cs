using System.Net;
using System.Text.Json;
using ContentGate.Cli.Tests.Infrastructure;
using ContentGate.Testing.MaxMind;

namespace ContentGate.Cli.Tests.Commands;

/// <summary>
/// <c>contentgate coverage</c> on real databases written by ContentGate.Testing whose counts are known: the table, its
/// order, <c>--country</c>, <c>--json</c> and the exit codes.
/// </summary>
public sealed class CoverageCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("contentgate-coverage-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Coverage_CityDatabase_PrintsEachCountrysBlindShare_MostBlindFirst()
    {
        var path = Write(ipVersion: 6);

        var result = CliResult.Run("coverage", "--db", path);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains($"Database: {GeoDatabaseBuilder.City().DatabaseType}, built 2025-01-01 00:00:00 UTC", lines);
        Assert.Contains("Countries: 3; IPv4 in addresses, IPv6 in /64 networks", lines);
        var table = lines.SkipWhile(l => !l.StartsWith("Country", StringComparison.Ordinal)).Where(l => l.Length > 0).ToList();
        Assert.Equal(
            [
                "Country  IPv4 addresses  no subdivision  share      IPv6 /64s  no subdivision  share",
                "UA              131,072          65,536  50.0%  4,295,032,832          65,536   0.0%",
                "RU                  512             256  50.0%              0               0      -",
                "DE                  256               0   0.0%             <1               0   0.0%",
            ],
            table);
    }

    [Fact]
    public void Coverage_IPv4OnlyDatabase_HasNoIPv6Columns()
    {
        var path = Write(ipVersion: 4);

        var result = CliResult.Run("coverage", "--db", path, "--country", "ua");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Countries: 3; IPv4 in addresses; no IPv6 (an IPv4-only database)", result.Stdout, StringComparison.Ordinal);
        var table = result.Stdout.ReplaceLineEndings("\n").Split('\n').SkipWhile(l => !l.StartsWith("Country", StringComparison.Ordinal)).Where(l => l.Length > 0).ToList();
        Assert.Equal(["Country  IPv4 addresses  no subdivision  share", "UA              131,072          65,536  50.0%"], table);
    }

    [Fact]
    public void Coverage_Json_CountsAndShares_AndZerosForACountryNotInTheDatabase()
    {
        var path = Write(ipVersion: 6);

        var result = CliResult.Run("coverage", "--db", path, "--country", "KZ", "--country", "UA", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal(path, json.GetProperty("database").GetProperty("path").GetString());
        Assert.True(json.GetProperty("database").GetProperty("ipv6").GetBoolean());
        Assert.True(json.GetProperty("database").GetProperty("hasSubdivisions").GetBoolean());
        var countries = json.GetProperty("countries").EnumerateArray().ToList();
        Assert.Equal(["UA", "KZ"], countries.Select(c => c.GetProperty("country").GetString()));
        var ukraine = countries[0];
        Assert.Equal(131_072, ukraine.GetProperty("ipv4").GetProperty("addresses").GetInt64());
        Assert.Equal(65_536, ukraine.GetProperty("ipv4").GetProperty("withoutSubdivision").GetInt64());
        Assert.Equal(0.5, ukraine.GetProperty("ipv4").GetProperty("share").GetDouble());
        Assert.Equal(4_294_967_296.0 + 65_536.0, ukraine.GetProperty("ipv6").GetProperty("networks64").GetDouble());
        Assert.Equal(65_536.0, ukraine.GetProperty("ipv6").GetProperty("withoutSubdivision").GetDouble());
        Assert.Equal(0, countries[1].GetProperty("ipv4").GetProperty("addresses").GetInt64());
        Assert.Equal(JsonValueKind.Null, countries[1].GetProperty("ipv4").GetProperty("share").ValueKind);
        Assert.Equal(JsonValueKind.Null, countries[1].GetProperty("ipv6").GetProperty("share").ValueKind);
    }

    [Fact]
    public void Coverage_CountryDatabase_SaysItHasNoSubdivisions()
    {
        var path = Path.Combine(_directory.FullName, "country.mmdb");
        Visitors.Book.ToDatabase(GeoDatabaseKind.Country).WriteTo(path);

        var result = CliResult.Run("coverage", "--db", path, "--country", "UA");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("database has no subdivisions: every address is known only by its country", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("100.0%", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UK", "--country: 'UK' is not an ISO 3166-1 alpha-2 country code, such as UA. Use 'GB'.")]
    [InlineData("UA-43", "--country: 'UA-43' is not an ISO 3166-1 alpha-2 country code")]
    public void Coverage_BadCountry_IsAUsageError(string country, string message)
    {
        var result = CliResult.Run("coverage", "--db", Write(ipVersion: 6), "--country", country);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void Coverage_CorruptDatabase_ExitsFourWithTheAppsMessage()
    {
        var path = Path.Combine(_directory.FullName, "corrupt.mmdb");
        CorruptRecordDatabase.WriteTo(path);

        var result = CliResult.Run("coverage", "--db", path, "--json");

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Contains("--db: the file", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("is corrupt", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("database-unusable", result.Json().GetProperty("error").GetString());
    }

    // Ukraine: a /16 in Crimea and a /16 without subdivision (50% blind), a /32 and a /48 likewise in IPv6; Russia: two
    // /24s, one in Moscow; Germany: a /24 in Berlin and a /72 (under one /64) in Berlin.
    private string Write(int ipVersion)
    {
        var builder = new GeoDatabaseBuilder(GeoDatabaseKind.City, o => o.IPVersion = ipVersion)
            .Add(IPNetwork.Parse("1.2.0.0/16"), "UA", "UA-43")
            .Add(IPNetwork.Parse("1.3.0.0/16"), "UA")
            .Add(IPNetwork.Parse("5.0.0.0/24"), "RU")
            .Add(IPNetwork.Parse("5.0.1.0/24"), "RU", "RU-MOW")
            .Add(IPNetwork.Parse("6.0.0.0/24"), "DE", "DE-BE");
        if (ipVersion == 6)
        {
            builder.Add(IPNetwork.Parse("2a00::/32"), "UA", "UA-43")
                .Add(IPNetwork.Parse("2a01::/48"), "UA")
                .Add(IPNetwork.Parse("2a02::/72"), "DE", "DE-BE");
        }

        var path = Path.Combine(_directory.FullName, $"city-v{ipVersion}.mmdb");
        builder.WriteTo(path);
        return path;
    }
}
