using ContentGate.Cli.Tests.Infrastructure;

namespace ContentGate.Cli.Tests.CommandLine;

/// <summary>Help, version and every kind of usage error, through the tool's entry point.</summary>
public sealed class UsageTests
{
    [Fact]
    public void NoArguments_PrintsUsageToStderrAndExitsTwo()
    {
        var result = CliResult.Run();

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Empty(result.Stdout);
        Assert.Contains("contentgate explain --config <file> --ip <address>", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void Help_ListsCommandsAndExitCodes(string help)
    {
        var result = CliResult.Run(help);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("explain", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("lookup", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("4  database unusable", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Theory]
    [InlineData("explain", "--help")]
    [InlineData("help", "explain")]
    [InlineData("explain", "--ip", "nonsense", "-h")]
    public void ExplainHelp_DescribesOptionsAndWhatIpMeans(params string[] args)
    {
        var result = CliResult.Run(args);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("--header <name:value>", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--ip is the connection's peer as the app sees it", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void LookupHelp_DescribesOptions()
    {
        var result = CliResult.Run("lookup", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("contentgate lookup --db <file.mmdb> --ip <address> [--json]", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_PrintsTheToolVersion()
    {
        var result = CliResult.Run("--version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^contentgate \d+\.\d+\.\d+", result.Stdout);
    }

    [Theory]
    [InlineData(new[] { "expalin" }, "unknown command 'expalin'. Did you mean 'explain'?")]
    [InlineData(new[] { "help", "nothing" }, "unknown command 'nothing'")]
    [InlineData(new[] { "explain", "--conifg", "a.json", "--ip", "203.0.113.1" }, "unknown option '--conifg'. Did you mean '--config'?")]
    [InlineData(new[] { "explain", "--config", "a.json" }, "--ip is required: --ip <address>.")]
    [InlineData(new[] { "explain", "--ip", "203.0.113.1" }, "--config is required")]
    [InlineData(new[] { "explain", "--config", "a.json", "--ip" }, "--ip needs a value")]
    [InlineData(new[] { "explain", "--config", "a.json", "--ip", "--json" }, "--ip needs a value")]
    [InlineData(new[] { "explain", "--config", "a.json", "--ip", "203.0.113.1", "--ip", "203.0.113.2" }, "--ip is given more than once")]
    [InlineData(new[] { "explain", "--config", "a.json", "--ip", "not-an-address" }, "--ip: 'not-an-address' is not an IPv4 or IPv6 address")]
    [InlineData(new[] { "explain", "--config", "a.json", "--ip", "12" }, "--ip: '12' is not an IPv4 or IPv6 address")]
    [InlineData(new[] { "explain", "--config", "a.json", "--ip", "203.0.113.1", "--path", "articles" }, "--path: 'articles' must start with '/'")]
    [InlineData(new[] { "explain", "--config", "a.json", "--ip", "203.0.113.1", "--header", "no-colon" }, "--header: 'no-colon' is not NAME:VALUE")]
    [InlineData(new[] { "explain", "--config", "a.json", "--ip", "203.0.113.1", "--environment", "../etc" }, "--environment: '../etc' is not an environment name")]
    [InlineData(new[] { "explain", "--config", "a.json", "--ip", "203.0.113.1", "--json=yes" }, "--json takes no value")]
    [InlineData(new[] { "explain", "a.json" }, "unexpected argument 'a.json'")]
    [InlineData(new[] { "lookup", "--db", "x.mmdb", "--ip", "1.2.3.999" }, "--ip: '1.2.3.999' is not an IPv4 or IPv6 address")]
    public void UsageError_ExitsTwoAndSaysWhatIsWrong(string[] args, string message)
    {
        var result = CliResult.Run(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--help", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void OptionsWithEquals_AreAccepted()
    {
        using var app = new AppFolder();

        var result = CliResult.Run("explain", $"--config={app.ConfigPath}", $"--ip={Visitors.IPv4("KZ")}", "--path=/articles/restricted-in-kazakhstan");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Outcome: 451 by kz-court-order", result.Stdout, StringComparison.Ordinal);
    }
}
