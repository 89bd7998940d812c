using ContentGate.Cli.Tests.Infrastructure;

namespace ContentGate.Cli.Tests.Commands;

/// <summary>
/// <c>contentgate check</c> and a real host (WebApplication, AddContentGate, UseContentGate, started on Kestrel) on the
/// same app folder: the host starts exactly when the check exits 0, and refuses with exactly the problems the check
/// lists, in the same order and words.
/// </summary>
public sealed class CheckAgreesWithHostTests
{
    public static TheoryData<string> Broken => [.. BrokenConfiguration.All.Select(b => b.Name)];

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task BrokenConfiguration_HostRefusesToStartWithTheProblemsCheckLists(string name)
    {
        var broken = BrokenConfiguration.Named(name);
        using var app = broken.CreateApp();

        var check = CliResult.Run("check", "--config", app.ConfigPath, "--json");
        var host = await RealHost.TryStartAsync(app.Root);

        Assert.True(check.ExitCode == broken.ExitCode, check.ToString());
        Assert.True(host is not null, "The host started with a configuration the check refuses.");
        Assert.Equal(check.Json().GetProperty("problems").EnumerateArray().Select(p => p.GetString()), host);
    }

    [Fact]
    public async Task ReadmeConfiguration_HostStartsAndCheckExitsZero()
    {
        using var app = new AppFolder(Repository.ReadmeConfiguration());

        var check = CliResult.Run("check", "--config", app.ConfigPath);
        var host = await RealHost.TryStartAsync(app.Root);

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Null(host);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Cloudflare")]
    public async Task SampleConfiguration_HostStartsAndCheckExitsZero(string environment)
    {
        var check = CliResult.Run("check", "--config", Path.Combine(Repository.SampleFolder, "appsettings.json"), "--environment", environment);
        var host = await RealHost.TryStartAsync(Repository.SampleFolder, environment);

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Null(host);
    }

    [Fact]
    public async Task SampleWebServiceConfiguration_WithoutSecretsBothRefuseAlikeAndWithThemBothStart()
    {
        using var secrets = new AppFolder("""{ "ContentGate": { "Sources": [ {}, { "AccountId": "12345", "LicenseKey": "not-a-real-key" } ] } }""", withDatabase: false);
        var config = Path.Combine(Repository.SampleFolder, "appsettings.json");

        var checkWithout = CliResult.Run("check", "--config", config, "--environment", "WebService", "--json");
        var hostWithout = await RealHost.TryStartAsync(Repository.SampleFolder, "WebService");
        var checkWith = CliResult.Run("check", "--config", config, "--config", secrets.ConfigPath, "--environment", "WebService");
        var hostWith = await RealHost.TryStartAsync(Repository.SampleFolder, "WebService", secrets.ConfigPath);

        Assert.True(checkWithout.ExitCode == 3, checkWithout.ToString());
        Assert.Equal(checkWithout.Json().GetProperty("problems").EnumerateArray().Select(p => p.GetString()), hostWithout);
        Assert.True(checkWith.ExitCode == 0, checkWith.ToString());
        Assert.Null(hostWith);
    }
}
