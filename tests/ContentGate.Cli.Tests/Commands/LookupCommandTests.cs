using System.Text.Json;
using ContentGate.Cli.Tests.Infrastructure;
using ContentGate.Testing.MaxMind;

namespace ContentGate.Cli.Tests.Commands;

/// <summary><c>contentgate lookup</c> on real databases written by ContentGate.Testing.</summary>
public sealed class LookupCommandTests : IDisposable
{
    private readonly AppFolder _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public void Lookup_AddressInDatabase_PrintsRegionTypeAndBuildDateAndExitsZero()
    {
        var result = CliResult.Run("lookup", "--db", _app.DatabasePath, "--ip", Visitors.IPv4("UA-43"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Address: {Visitors.IPv4("UA-43")}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Region: UA UA-43", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Database: {GeoDatabaseBuilder.City().DatabaseType}, built 2025-01-01 00:00:00 UTC", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"File: {_app.DatabasePath}", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_IPv6Address_IsFound()
    {
        var result = CliResult.Run("lookup", "--db", _app.DatabasePath, "--ip", Visitors.IPv6("RU"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Region: RU", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_AddressNotInDatabase_UnknownAndExitsOne()
    {
        var result = CliResult.Run("lookup", "--db", _app.DatabasePath, "--ip", Visitors.Absent.ToString());

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Region: Unknown (NotFound)", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("100.64.0.1")]
    [InlineData("fd00::1")]
    public void Lookup_NonPublicAddress_IsNeverLookedUp(string address)
    {
        var result = CliResult.Run("lookup", "--db", _app.DatabasePath, "--ip", address);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Region: Unknown (NonPublicAddress)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_Json_HasTheDocumentedShape()
    {
        var result = CliResult.Run("lookup", "--db", _app.DatabasePath, "--ip", "::ffff:" + Visitors.IPv4("KZ"), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal(Visitors.IPv4("KZ"), json.GetProperty("address").GetString());
        Assert.Equal("::ffff:" + Visitors.IPv4("KZ"), json.GetProperty("givenAddress").GetString());
        Assert.True(json.GetProperty("found").GetBoolean());
        Assert.Equal("KZ", json.GetProperty("region").GetProperty("country").GetString());
        Assert.Empty(json.GetProperty("region").GetProperty("subdivisions").EnumerateArray());
        Assert.Equal("maxmind", json.GetProperty("region").GetProperty("source").GetString());
        Assert.Equal(_app.DatabasePath, json.GetProperty("database").GetProperty("path").GetString());
        Assert.Equal(GeoDatabaseBuilder.City().DatabaseType, json.GetProperty("database").GetProperty("type").GetString());
        Assert.Equal("2025-01-01T00:00:00Z", json.GetProperty("database").GetProperty("buildDate").GetString());
    }

    [Fact]
    public void Lookup_JsonForUnknownAddress_SaysWhy()
    {
        var json = CliResult.Run("lookup", "--db", _app.DatabasePath, "--ip", Visitors.Absent.ToString(), "--json").Json();

        Assert.False(json.GetProperty("found").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("region").GetProperty("country").ValueKind);
        Assert.Equal("NotFound", json.GetProperty("region").GetProperty("unknownReason").GetString());
    }

    [Fact]
    public void Lookup_MissingDatabase_ExitsFour()
    {
        var missing = Path.Combine(_app.Root, "missing.mmdb");

        var result = CliResult.Run("lookup", "--db", missing, "--ip", Visitors.IPv4("RU"));

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Contains($"--db: the file '{missing}' does not exist", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void Lookup_TruncatedDatabase_ExitsFourWithJsonError()
    {
        var bytes = File.ReadAllBytes(_app.DatabasePath);
        var truncated = Path.Combine(_app.Root, "truncated.mmdb");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 3)]);

        var result = CliResult.Run("lookup", "--db", truncated, "--ip", Visitors.IPv4("RU"), "--json");

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Equal("database-unusable", result.Json().GetProperty("error").GetString());
        Assert.Contains(truncated, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_DatabaseWithoutCountries_ExitsFour()
    {
        var asn = Path.Combine(_app.Root, "asn.mmdb");
        var writer = new MaxMindDatabaseWriter(new MaxMindDatabaseWriterOptions { DatabaseType = "GeoLite2-ASN" });
        writer.Insert(Visitors.Book.IPv4NetworkFor("RU"), new Dictionary<string, object?> { ["autonomous_system_number"] = 64496u, ["autonomous_system_organization"] = "Example Net" });
        writer.WriteTo(asn);

        var result = CliResult.Run("lookup", "--db", asn, "--ip", Visitors.IPv4("RU"));

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Contains("'GeoLite2-ASN' database of autonomous systems (networks), which has no countries", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_DatabaseWithOneCorruptRecord_ExitsFourNamingTheFileAndTheNetwork_EvenForAnotherAddress()
    {
        var corrupt = Path.Combine(_app.Root, "corrupt.mmdb");
        CorruptRecordDatabase.WriteTo(corrupt);

        var elsewhere = CliResult.Run("lookup", "--db", corrupt, "--ip", Visitors.IPv4("RU"));
        var there = CliResult.Run("lookup", "--db", corrupt, "--ip", CorruptRecordDatabase.Address.ToString());

        foreach (var result in new[] { elsewhere, there })
        {
            Assert.True(result.ExitCode == 4, result.ToString());
            Assert.Contains($"--db: the file '{corrupt}' is corrupt: in the record for {CorruptRecordDatabase.Network} (data section offset", result.Stderr, StringComparison.Ordinal);
            Assert.Empty(result.Stdout);
        }
    }

    [Fact]
    public void Lookup_DatabaseInAnotherProvidersLayout_ExitsFourDescribingItsRecords()
    {
        var foreign = Path.Combine(_app.Root, "ip-location-db.mmdb");
        ForeignLayoutDatabase.WriteTo(foreign);

        var result = CliResult.Run("lookup", "--db", foreign, "--ip", Visitors.IPv4("RU"), "--json");

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Equal("database-unusable", result.Json().GetProperty("error").GetString());
        Assert.Contains($"--db: the file '{foreign}' is a 'ip-location-db-city' database, but not in the GeoIP2 format ContentGate reads", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Its records have the keys city, country_code, latitude, longitude, state1, timezone; for example {\"city\": \"Moscow\"", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Use a GeoIP2 or GeoLite2 Country or City database", result.Stderr, StringComparison.Ordinal);
    }
}
