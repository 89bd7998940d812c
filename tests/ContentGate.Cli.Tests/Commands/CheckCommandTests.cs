using System.Text.Json;
using ContentGate.Cli.Tests.Infrastructure;

namespace ContentGate.Cli.Tests.Commands;

/// <summary>
/// <c>contentgate check</c>: exit 0 for the configurations users start from (the sample's, the README's), and for each
/// broken configuration a non-zero exit naming the key, the value and the fix, in text and in JSON.
/// </summary>
public sealed class CheckCommandTests
{
    public static TheoryData<string> Broken => [.. BrokenConfiguration.All.Select(b => b.Name)];

    [Theory]
    [InlineData("Production", "maxmind")]
    [InlineData("Development", "maxmind")]
    [InlineData("Cloudflare", "cloudflare, maxmind")]
    public void Check_SampleConfiguration_ExitsZero(string environment, string sources)
    {
        var config = Path.Combine(Repository.SampleFolder, "appsettings.json");

        var result = CliResult.Run("check", "--config", config, "--environment", environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Region sources: {sources}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Policies: frontline-acknowledgment (Acknowledge), kz-court-order (Block), no-donations-from-russia (Redirect), undesirable-organization (Notice)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("OK: the host would start with this configuration.", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void Check_SampleWebServiceConfigurationWithoutItsSecrets_NamesThemAndWithThemExitsZero()
    {
        using var secrets = new AppFolder("""{ "ContentGate": { "Sources": [ {}, { "AccountId": "12345", "LicenseKey": "not-a-real-key" } ] } }""", withDatabase: false);
        var config = Path.Combine(Repository.SampleFolder, "appsettings.json");

        var without = CliResult.Run("check", "--config", config, "--environment", "WebService");
        var with = CliResult.Run("check", "--config", config, "--config", secrets.ConfigPath, "--environment", "WebService", "--json");

        Assert.True(without.ExitCode == 3, without.ToString());
        Assert.Contains("ContentGate:Sources:1:LicenseKey is not set.", without.Stderr, StringComparison.Ordinal);
        Assert.True(with.ExitCode == 0, with.ToString());
        var json = with.Json();
        Assert.True(json.GetProperty("valid").GetBoolean());
        Assert.Equal(["maxmind", "maxmind-web-service"], json.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(3, json.GetProperty("configuration").GetProperty("files").GetArrayLength());
    }

    [Fact]
    public void Check_ReadmeConfiguration_ExitsZero()
    {
        using var app = new AppFolder(Repository.ReadmeConfiguration());

        var result = CliResult.Run("check", "--config", app.ConfigPath);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Policies: kz-court-order (Block), undesirable-organization (Notice)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ValidConfigurationWithJson_WritesEveryKey()
    {
        using var app = new AppFolder();

        var result = CliResult.Run("check", "--config", app.ConfigPath, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.True(json.GetProperty("valid").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("error").ValueKind);
        Assert.Equal(0, json.GetProperty("problems").GetArrayLength());
        Assert.Equal([app.ConfigPath], json.GetProperty("configuration").GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("Production", json.GetProperty("configuration").GetProperty("environment").GetString());
        Assert.Equal(app.Root, json.GetProperty("configuration").GetProperty("contentRoot").GetString());
        Assert.Equal(["maxmind"], json.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["kz-court-order:Block", "undesirable-organization:Notice"],
            json.GetProperty("policies").EnumerateArray().Select(p => $"{p.GetProperty("name").GetString()}:{p.GetProperty("action").GetString()}"));
        Assert.Empty(result.Stderr);
    }

    [Theory]
    [MemberData(nameof(Broken))]
    public void Check_BrokenConfiguration_ExitsNonZeroNamingKeyValueAndFix(string name)
    {
        var broken = BrokenConfiguration.Named(name);
        using var app = broken.CreateApp();

        var result = CliResult.Run("check", "--config", app.ConfigPath);

        Assert.True(result.ExitCode == broken.ExitCode, result.ToString());
        Assert.Empty(result.Stdout);
        Assert.StartsWith(broken.ExitCode == 4 ? "The MaxMind database cannot be used:" : "ContentGate configuration is invalid:", result.Stderr, StringComparison.Ordinal);
        var problem = result.Stderr.Split('\n').FirstOrDefault(line => line.StartsWith("  - " + broken.Key, StringComparison.Ordinal));
        Assert.True(problem is not null, $"No problem names {broken.Key}:\n{result}");
        Assert.Contains(broken.Value, result.Stderr, StringComparison.Ordinal);
        Assert.Contains(broken.Fix, result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Broken))]
    public void Check_BrokenConfigurationWithJson_WritesTheProblemsToStdout(string name)
    {
        var broken = BrokenConfiguration.Named(name);
        using var app = broken.CreateApp();

        var result = CliResult.Run("check", "--config", app.ConfigPath, "--json");

        Assert.True(result.ExitCode == broken.ExitCode, result.ToString());
        var json = result.Json();
        Assert.False(json.GetProperty("valid").GetBoolean());
        Assert.Equal(broken.ExitCode == 4 ? "database-unusable" : "configuration-invalid", json.GetProperty("error").GetString());
        var problems = json.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Contains(problems, p => p.StartsWith(broken.Key, StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains(broken.Value, StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains(broken.Fix, StringComparison.Ordinal));
        Assert.Equal(0, json.GetProperty("policies").GetArrayLength());
    }

    [Fact]
    public void Check_SeveralMistakes_ListsEveryOne()
    {
        using var app = BrokenConfiguration.Named("several mistakes and no database").CreateApp();

        var result = CliResult.Run("check", "--config", app.ConfigPath, "--json");

        Assert.True(result.ExitCode == 3, result.ToString());
        var problems = result.Json().GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("Did you mean 'ExcludePaths'?", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Use 'GB'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("ContentGate:MaxMind:DatabasePath: the file", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_EnvironmentFile_IsReadAfterTheBaseFile()
    {
        using var app = new AppFolder();
        app.Write("appsettings.Staging.json", """{ "ContentGate": { "Policies": { "kz-court-order": { "Regions": [ "UK" ] } } } }""");

        var production = CliResult.Run("check", "--config", app.ConfigPath);
        var staging = CliResult.Run("check", "--config", app.ConfigPath, "--environment", "Staging");

        Assert.True(production.ExitCode == 0, production.ToString());
        Assert.True(staging.ExitCode == 3, staging.ToString());
        Assert.Contains("ContentGate:Policies:kz-court-order:Regions:0: 'UK'", staging.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LaterConfigFile_OverridesEarlierOnes()
    {
        using var app = new AppFolder(AppFolder.ContractConfiguration.Replace("\"KZ\" ]", "\"UK\" ]", StringComparison.Ordinal));
        var fix = app.Write("fix.json", """{ "ContentGate": { "Policies": { "kz-court-order": { "Regions": [ "KZ" ] } } } }""");

        var broken = CliResult.Run("check", "--config", app.ConfigPath);
        var fixedUp = CliResult.Run("check", "--config", app.ConfigPath, "--config", fix);

        Assert.True(broken.ExitCode == 3, broken.ToString());
        Assert.True(fixedUp.ExitCode == 0, fixedUp.ToString());
        Assert.Contains($"Configuration: {app.ConfigPath}, {fix} (environment Production)", fixedUp.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MissingAndUnreadableFiles_AreAllReported()
    {
        using var app = new AppFolder();
        var notJson = app.Write("broken.json", """{ "ContentGate": """);
        var missing = Path.Combine(app.Root, "missing.json");

        var result = CliResult.Run("check", "--config", app.ConfigPath, "--config", notJson, "--config", missing);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains($"Failed to load configuration from file '{notJson}'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"--config: the file '{missing}' does not exist.", result.Stderr, StringComparison.Ordinal);
    }
}
