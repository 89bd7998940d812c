using System.Text.RegularExpressions;
using ContentGate.Cli.Tests.Infrastructure;

namespace ContentGate.Cli.Tests.CommandLine;

/// <summary>
/// Help (System.CommandLine's, with the tool's notes and exit codes after it), version and every kind of usage error,
/// through the tool's entry point.
/// </summary>
public sealed class UsageTests
{
    [Fact]
    public void NoArguments_PrintsTheCommandsToStderrAndExitsTwo()
    {
        var result = CliResult.Run();

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Empty(result.Stdout);
        Assert.Contains("Required command was not provided.", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("contentgate [command] [options]", result.Stderr, StringComparison.Ordinal);
        foreach (var command in new[] { "explain", "lookup", "check" })
        {
            Assert.Matches($@"(?m)^  {command} +\S", result.Stderr);
        }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void Help_ListsCommandsAndExitCodes(string help)
    {
        var result = CliResult.Run(help);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("explain         Explain which policies apply to a request from an address, and why.", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("lookup          Look an address up in a MaxMind DB file, as ContentGate reads it.", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("check           Check a configuration as the host checks it at start-up", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--version", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("4  database unusable", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Theory]
    [InlineData("explain", "--help")]
    [InlineData("help", "explain")]
    [InlineData("explain", "--ip", "nonsense", "-h")]
    public void ExplainHelp_DescribesEveryOptionAndWhatIpMeans(params string[] args)
    {
        var result = CliResult.Run(args);

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertOptions(result.Stdout,
            ("--config <file> (REQUIRED)", "The app's appsettings.json (its ContentGate section is read)."),
            ("--ip <address> (REQUIRED)", "The connection's remote address as the app sees it (after UseForwardedHeaders), IPv4 or IPv6."),
            ("--path <path>", "The request path, or a whole URL (the query string is ignored). Defaults to /."),
            ("--header <name:value>", "A request header, for header region sources (CDN geolocation headers). Repeat for several."),
            ("--environment <name>", "Also read <config name>.<name>.json beside --config. Defaults to Production, as the host does when no environment is set."),
            ("--json", "Write the result as JSON."),
            ("-?, -h, --help", "Show help and usage information"));
        Assert.Contains("contentgate explain [options]", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("How it works:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--ip is the connection's peer as the app sees it", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("contentgate explain --config appsettings.json --ip 203.0.113.81 --path /articles/restricted-in-kazakhstan", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void LookupHelp_DescribesEveryOption()
    {
        var result = CliResult.Run("lookup", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("contentgate lookup [options]", result.Stdout, StringComparison.Ordinal);
        AssertOptions(result.Stdout,
            ("--db <file.mmdb> (REQUIRED)", "A Country or City database: MaxMind GeoIP2/GeoLite2, DB-IP or IPinfo."),
            ("--ip <address> (REQUIRED)", "The address to look up, IPv4 or IPv6."),
            ("--asn-db <file.mmdb>", "An autonomous system database (GeoLite2-ASN, GeoIP2-ISP, DB-IP ASN Lite, IPinfo Lite), as MaxMind:AsnDatabasePath."),
            ("--provider <Auto|MaxMind|DbIp|IPinfo>", "Whose layout the files follow, as MaxMind:Provider (default: recognised from each file's type)."),
            ("--json", "Write the result as JSON."));
        Assert.Contains("contentgate lookup --db App_Data/GeoLite2-City.mmdb --ip 203.0.113.9", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckHelp_DescribesEveryOptionWhatIsCheckedAndTheExitCodes()
    {
        var result = CliResult.Run("check", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("contentgate check [options]", result.Stdout, StringComparison.Ordinal);
        AssertOptions(result.Stdout,
            ("--config <file> (REQUIRED)", "The app's appsettings.json. Repeat for files read after it"),
            ("--environment <name>", "The host's environment: <config name>.<name>.json beside the first --config is read after it when it exists."),
            ("--json", "Write the result as JSON: valid, error, problems, configuration, sources, policies."));
        Assert.Contains("the configuration binder (unknown keys, enum values,", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("opened and verified whole", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("check: the host would start", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_PrintsTheToolVersion()
    {
        var result = CliResult.Run("--version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^contentgate \d+\.\d+\.\d+", result.Stdout);
    }

    [Theory]
    [InlineData(new[] { "expalin" }, "Unrecognized command or argument 'expalin'.", "Did you mean one of the following?\nexplain")]
    [InlineData(new[] { "help", "nothing" }, "Unrecognized command or argument 'nothing'.", null)]
    [InlineData(new[] { "explain", "--conifg", "a.json", "--ip", "203.0.113.1" }, "Unrecognized command or argument '--conifg'.", "'--conifg' was not matched. Did you mean one of the following?\n--config")]
    [InlineData(new[] { "explain", "--config", "a.json" }, "Option '--ip' is required.", null)]
    [InlineData(new[] { "explain", "--ip", "203.0.113.1" }, "Option '--config' is required.", null)]
    [InlineData(new[] { "explain", "--config", "a.json", "--ip" }, "Required argument missing for option: '--ip'.", null)]
    [InlineData(new[] { "explain", "--config", "a.json", "--ip", "--json" }, "--ip: '--json' is not an IPv4 or IPv6 address", null)]
    [InlineData(new[] { "explain", "--config", "a.json", "--ip", "203.0.113.1", "--ip", "203.0.113.2" }, "Option '--ip' expects a single argument but 2 were provided.", null)]
    [InlineData(new[] { "explain", "--config", "a.json", "--ip", "not-an-address" }, "--ip: 'not-an-address' is not an IPv4 or IPv6 address", null)]
    [InlineData(new[] { "explain", "--config", "a.json", "--ip", "12" }, "--ip: '12' is not an IPv4 or IPv6 address", null)]
    [InlineData(new[] { "explain", "--config", "a.json", "--ip", "203.0.113.1", "--path", "articles" }, "--path: 'articles' must start with '/'", null)]
    [InlineData(new[] { "explain", "--config", "a.json", "--ip", "203.0.113.1", "--header", "no-colon" }, "--header: 'no-colon' is not NAME:VALUE", null)]
    [InlineData(new[] { "explain", "--config", "a.json", "--ip", "203.0.113.1", "--environment", "../etc" }, "--environment: '../etc' is not an environment name", null)]
    [InlineData(new[] { "explain", "--config", "a.json", "--ip", "203.0.113.1", "--json=yes" }, "Unrecognized command or argument 'yes'.", null)]
    [InlineData(new[] { "explain", "a.json" }, "Unrecognized command or argument 'a.json'.", null)]
    [InlineData(new[] { "lookup", "--db", "x.mmdb", "--ip", "1.2.3.999" }, "--ip: '1.2.3.999' is not an IPv4 or IPv6 address", null)]
    [InlineData(new[] { "check" }, "Option '--config' is required.", null)]
    [InlineData(new[] { "check", "--config", "a.json", "--environment", "../etc" }, "--environment: '../etc' is not an environment name", null)]
    [InlineData(new[] { "check", "--config", "" }, "--config needs a value.", null)]
    [InlineData(new[] { "check", "--cnofig", "a.json" }, "Unrecognized command or argument '--cnofig'.", "Did you mean one of the following?\n--config")]
    public void UsageError_ExitsTwoAndSaysWhatIsWrongOnStderr(string[] args, string message, string? suggestion)
    {
        var result = CliResult.Run(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        var stderr = result.Stderr.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        if (suggestion is not null)
        {
            Assert.Contains(suggestion, stderr, StringComparison.Ordinal);
        }

        Assert.Contains("--help", stderr, StringComparison.Ordinal);
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

    private static void AssertOptions(string help, params (string Option, string Description)[] options)
    {
        foreach (var (option, description) in options)
        {
            Assert.Matches($@"(?m)^  {Regex.Escape(option)} +{Regex.Escape(description)}", help);
        }
    }
}
