using System.Net;
using ContentGate.Cli.Tests.Infrastructure;
using ContentGate.Testing.MaxMind;

namespace ContentGate.Cli.Tests.Commands;

/// <summary>
/// <c>lookup</c>, <c>check</c> and <c>explain</c> on DB-IP, IPinfo and autonomous system files written by
/// ContentGate.Testing in the providers' layouts: the network shows up, the layout is named, unmapped names are reported.
/// </summary>
public sealed class ProviderAndNetworkCommandTests : IDisposable
{
    private const string NetworkConfiguration = """
        {
          "ContentGate": {
            "MaxMind": { "DatabasePath": "App_Data/GeoLite2-City.mmdb", "AsnDatabasePath": "App_Data/asn.mmdb" },
            "RegionSets": {
              "russia-controlled": [ "RU", "UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65", "AS64500" ]
            },
            "Policies": {
              "undesirable-organization": {
                "Regions": [ "russia-controlled" ],
                "Action": "Notice",
                "Notice": { "Html": "<p>…</p>" }
              }
            }
          }
        }
        """;

    private readonly AppFolder _app = new(NetworkConfiguration);

    public ProviderAndNetworkCommandTests()
    {
        new AsnDatabaseBuilder()
            .Add(Visitors.Book.IPv4NetworkFor("UA"), 64500)
            .Add(Visitors.Book.IPv4NetworkFor("DE"), 3320)
            .WriteTo(AsnPath);
    }

    private string AsnPath => Path.Combine(_app.Root, "App_Data", "asn.mmdb");

    public void Dispose() => _app.Dispose();

    [Fact]
    public void Lookup_WithAsnDatabase_PrintsTheNetwork()
    {
        var result = CliResult.Run("lookup", "--db", _app.DatabasePath, "--asn-db", AsnPath, "--ip", Visitors.IPv4("UA"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Region: UA AS64500", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Network: AS64500 (from {AsnPath})", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_Json_CarriesTheAutonomousSystem()
    {
        var result = CliResult.Run("lookup", "--db", _app.DatabasePath, "--asn-db", AsnPath, "--ip", Visitors.IPv4("DE"), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3320, result.Json().GetProperty("region").GetProperty("autonomousSystem").GetInt64());
    }

    [Fact]
    public void Lookup_AsnFileAsTheLocationDatabase_ExitsFourSayingWhereItBelongs()
    {
        var result = CliResult.Run("lookup", "--db", AsnPath, "--ip", Visitors.IPv4("UA"));

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Contains("database of autonomous systems (networks), which has no countries", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_DbIpCity_NamesTheLayout_AndMapsTheSubdivisionName()
    {
        var path = Path.Combine(_app.Root, "App_Data", "dbip.mmdb");
        DbIpDatabaseBuilder.City()
            .Add(Visitors.Book.IPv4NetworkFor("UA-43"), "UA", "Avtonomna Respublika Krym")
            .Add(Visitors.Book.IPv4NetworkFor("UA"), "UA", "Atlantis")
            .WriteTo(path);

        var result = CliResult.Run("lookup", "--db", path, "--ip", Visitors.IPv4("UA-43"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Region: UA UA-43", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Database: DBIP-City-Lite, built 2025-01-01 00:00:00 UTC, read in DB-IP's layout", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Unmapped subdivision names: 1 subdivision names in 1 networks could not be mapped", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("UA \"Atlantis\" (1 network)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_IPinfoFileWhoseTypeDoesNotSay_IsReadWithProviderOption()
    {
        var path = Path.Combine(_app.Root, "App_Data", "ipinfo.mmdb");
        new IPinfoDatabaseBuilder(o => o.DatabaseType = "country-lookup").Add(Visitors.Book.IPv4NetworkFor("RU"), "RU", 8359).WriteTo(path);

        var refused = CliResult.Run("lookup", "--db", path, "--ip", Visitors.IPv4("RU"));
        var read = CliResult.Run("lookup", "--db", path, "--provider", "IPinfo", "--ip", Visitors.IPv4("RU"));

        Assert.True(refused.ExitCode == 4, refused.ToString());
        Assert.Contains("if it is an IPinfo file, set", refused.Stderr, StringComparison.Ordinal);
        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Contains("Region: RU AS8359", read.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_ReaderInAListedNetwork_AppliesNamingTheNetwork()
    {
        var result = _app.Explain("--ip", Visitors.IPv4("UA"), "--path", "/");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Region: UA AS64500 (source: maxmind)", result.Stdout, StringComparison.Ordinal);
        Assert.True(result.Stdout.Contains("APPLIES: region AS64500 is in russia-controlled", StringComparison.Ordinal), result.Stdout);
    }

    [Fact]
    public void Check_ReportsBothDatabases_AndUnmappedNames()
    {
        DbIpDatabaseBuilder.City()
            .Add(Visitors.Book.IPv4NetworkFor("UA-43"), "UA", "Avtonomna Respublika Krym")
            .Add(Visitors.Book.IPv4NetworkFor("RU"), "RU", "Lemuria")
            .WriteTo(_app.DatabasePath);

        var text = CliResult.Run("check", "--config", _app.ConfigPath);
        var json = CliResult.Run("check", "--config", _app.ConfigPath, "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("(DBIP-City-Lite, DB-IP layout), verified", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("Warning: 1 subdivision names in 1 networks could not be mapped to ISO 3166-2 codes", text.Stdout, StringComparison.Ordinal);
        Assert.Contains($"ASN database: {AsnPath} (ContentGate-Test-ASN), verified", text.Stdout, StringComparison.Ordinal);
        var databases = json.Json().GetProperty("databases").EnumerateArray().ToList();
        Assert.Equal(["location", "asn"], databases.Select(d => d.GetProperty("role").GetString()));
        Assert.Equal(1, databases[0].GetProperty("unmappedSubdivisionNames").GetInt32());
        Assert.Equal("DbIp", databases[0].GetProperty("layout").GetString());
    }

    [Fact]
    public void Check_NetworkRuleWithoutAsnFile_FailsNamingTheKey()
    {
        _app.Write("appsettings.json", NetworkConfiguration.Replace(", \"AsnDatabasePath\": \"App_Data/asn.mmdb\"", string.Empty, StringComparison.Ordinal));

        var result = CliResult.Run("check", "--config", _app.ConfigPath);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("ContentGate:MaxMind:AsnDatabasePath is not set, but policy 'undesirable-organization' lists autonomous systems", result.Stderr + result.Stdout, StringComparison.Ordinal);
    }
}
