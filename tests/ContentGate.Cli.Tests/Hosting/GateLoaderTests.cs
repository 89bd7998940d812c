using ContentGate.Cli.Tests.Infrastructure;

namespace ContentGate.Cli.Tests.Hosting;

/// <summary>
/// How the tool loads an app as its host would: the configuration files (the environment's over the base file, paths
/// relative to the config folder) and the database, and every problem in them as the host reports it, with exit
/// codes 3 (configuration) and 4 (database). Run through <c>contentgate explain</c>.
/// </summary>
public sealed class GateLoaderTests : IDisposable
{
    private readonly AppFolder _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public void Explain_RelativeDatabasePath_ResolvesAgainstTheConfigFolderNotTheWorkingDirectory()
    {
        Assert.NotEqual(Path.GetFullPath(_app.Root), Path.GetFullPath(Directory.GetCurrentDirectory()));

        var result = _app.Explain("--ip", Visitors.IPv4("RU"));

        Assert.True(result.ExitCode == 1, result.ToString());
    }

    [Fact]
    public void Explain_EnvironmentFile_OverridesTheBaseFile()
    {
        _app.Write("appsettings.Staging.json", """{ "ContentGate": { "Policies": { "kz-court-order": { "Regions": [ "DE" ] } } } }""");

        var production = _app.Explain("--ip", Visitors.IPv4("DE"), "--path", "/articles/restricted-in-kazakhstan");
        var staging = _app.Explain("--ip", Visitors.IPv4("DE"), "--path", "/articles/restricted-in-kazakhstan", "--environment", "Staging");

        Assert.True(production.ExitCode == 0, production.ToString());
        Assert.Contains("(environment Production)", production.Stdout, StringComparison.Ordinal);
        Assert.True(staging.ExitCode == 1, staging.ToString());
        Assert.Contains("appsettings.Staging.json (environment Staging)", staging.Stdout, StringComparison.Ordinal);
        Assert.Contains("Outcome: 451 by kz-court-order", staging.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_InvalidConfiguration_ExitsThreeWithEveryProblemAsTheHostPrintsThem()
    {
        using var app = new AppFolder("""
            {
              "ContentGate": {
                "MaxMind": { "DatabasePath": "App_Data/GeoLite2-City.mmdb" },
                "RegionSets": { "russia-controlled": [ "RU", "UA-43" ] },
                "Policies": {
                  "notice": { "Regions": [ "russia-controled" ], "Action": "Notice", "Notice": { "Html": "<p>x</p>" } },
                  "block": { "Regions": [ "UK" ], "Action": "Block", "Block": { "BlockedBy": "not a url" } }
                }
              }
            }
            """);

        var result = app.Explain("--ip", Visitors.IPv4("RU"));

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Empty(result.Stdout);
        Assert.StartsWith("ContentGate configuration is invalid:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("  - ContentGate:Policies:notice:Regions:0: 'russia-controled' is neither a country code, a subdivision code, an autonomous system (AS12389) nor a region set defined under ContentGate:RegionSets. Did you mean 'russia-controlled'?", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("  - ContentGate:Policies:block:Regions:0: 'UK' is not an ISO 3166-1 alpha-2 country code. Use 'GB'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("  - ContentGate:Policies:block:Block:BlockedBy: 'not a url'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_MisspeltKey_ExitsThreeNamingTheKeyAndTheFix()
    {
        using var app = new AppFolder(AppFolder.ContractConfiguration.Replace("\"ExcludePaths\"", "\"ExludePaths\"", StringComparison.Ordinal));

        var result = app.Explain("--ip", Visitors.IPv4("RU"));

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("ContentGate:Policies:undesirable-organization:ExludePaths: 'ExludePaths' is not a ContentGate setting. Did you mean 'ExcludePaths'?", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_InvalidConfigurationWithJson_WritesTheProblemsAsJson()
    {
        using var app = new AppFolder(AppFolder.ContractConfiguration.Replace("\"KZ\" ]", "\"KZZ\" ]", StringComparison.Ordinal));

        var result = app.Explain("--ip", Visitors.IPv4("RU"), "--json");

        Assert.True(result.ExitCode == 3, result.ToString());
        var json = result.Json();
        Assert.Equal("configuration-invalid", json.GetProperty("error").GetString());
        Assert.Contains("ContentGate:Policies:kz-court-order:Regions:0: 'KZZ'", Assert.Single(json.GetProperty("problems").EnumerateArray()).GetString(), StringComparison.Ordinal);
        Assert.Contains("ContentGate configuration is invalid:", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "ContentGate": { """, "Could not parse the JSON file")]
    [InlineData("""{ "Logging": { "LogLevel": { "Default": "Information" } } }""", "has no 'ContentGate' section")]
    public void Explain_UnreadableConfigurationFile_ExitsThree(string content, string message)
    {
        using var app = new AppFolder(content, withDatabase: false);

        var result = app.Explain("--ip", Visitors.IPv4("RU"));

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_MissingConfigurationFile_ExitsThree()
    {
        var result = CliResult.Run("explain", "--config", Path.Combine(_app.Root, "nope.json"), "--ip", Visitors.IPv4("RU"));

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("--config: the file", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("nope.json' does not exist", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_MissingDatabase_ExitsFourNamingTheKeyAndTheFile()
    {
        using var app = new AppFolder(withDatabase: false);

        var result = app.Explain("--ip", Visitors.IPv4("RU"));

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.StartsWith("The MaxMind database cannot be used:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"ContentGate:MaxMind:DatabasePath: the file '{app.DatabasePath}' does not exist", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_DatabaseThatIsNotAMaxMindFile_ExitsFourAlsoInJson()
    {
        using var app = new AppFolder(withDatabase: false);
        app.Write("App_Data/GeoLite2-City.mmdb", "network,geoname_id\n1.0.0.0/24,2077456\n");

        var result = app.Explain("--ip", Visitors.IPv4("RU"), "--json");

        Assert.True(result.ExitCode == 4, result.ToString());
        var json = result.Json();
        Assert.Equal("database-unusable", json.GetProperty("error").GetString());
        Assert.Contains("is not a MaxMind DB (.mmdb) file", Assert.Single(json.GetProperty("problems").EnumerateArray()).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_MissingDatabaseAndAnotherProblem_ExitsThreeListingBoth()
    {
        using var app = new AppFolder(AppFolder.ContractConfiguration.Replace("\"KZ\" ]", "\"UK\" ]", StringComparison.Ordinal), withDatabase: false);

        var result = app.Explain("--ip", Visitors.IPv4("RU"));

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("Use 'GB'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("ContentGate:MaxMind:DatabasePath: the file", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_DatabaseWithOneCorruptRecord_ExitsFourNamingTheNetwork()
    {
        CorruptRecordDatabase.WriteTo(_app.DatabasePath);

        var result = _app.Explain("--ip", Visitors.IPv4("KZ"), "--path", "/articles/restricted-in-kazakhstan");

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.StartsWith("The MaxMind database cannot be used:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"ContentGate:MaxMind:DatabasePath: the file '{_app.DatabasePath}' is corrupt: in the record for {CorruptRecordDatabase.Network}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_DatabaseInAnotherProvidersLayout_ExitsFourDescribingItsRecords()
    {
        ForeignLayoutDatabase.WriteTo(_app.DatabasePath);

        var result = _app.Explain("--ip", Visitors.IPv4("RU"), "--json");

        Assert.True(result.ExitCode == 4, result.ToString());
        var problem = Assert.Single(result.Json().GetProperty("problems").EnumerateArray()).GetString();
        Assert.Contains($"ContentGate:MaxMind:DatabasePath: the file '{_app.DatabasePath}' is a 'ip-location-db-city' database, but not in the GeoIP2 format ContentGate reads", problem, StringComparison.Ordinal);
        Assert.Contains("Its records have the keys city, country_code", problem, StringComparison.Ordinal);
    }
}
