using ContentGate.Cli.Tests.Infrastructure;

namespace ContentGate.Cli.Tests.Explaining;

/// <summary>
/// <c>contentgate explain</c> for a Ukrainian reader whom the database knows only by country, under each
/// <c>UnresolvedSubdivision</c> choice: the text names the setting and why it decided, <c>--json</c> carries it.
/// </summary>
public sealed class ExplainUnresolvedSubdivisionTests
{
    private const string Listed = "the policy lists UA-09, UA-14, UA-23, UA-40, UA-43, UA-65";

    [Theory]
    [InlineData(null, null, "does not apply: region UA has no subdivision, " + Listed + ", and UnresolvedSubdivision is NoMatch", "NoMatch", 0)]
    [InlineData("Match", null, "APPLIES: region UA has no subdivision, " + Listed + ", and UnresolvedSubdivision is Match", "Match", 1)]
    [InlineData("FailMode", null, "APPLIES: fail mode Apply: region UA has no subdivision, " + Listed + ", and UnresolvedSubdivision is FailMode", "FailMode", 1)]
    [InlineData("FailMode", "Skip", "skipped: fail mode Skip: region UA has no subdivision, " + Listed + ", and UnresolvedSubdivision is FailMode", "FailMode", 0)]
    public void Explain_ReaderInUkraineWithoutSubdivision_SaysWhatTheSettingDecided(string? setting, string? failMode, string text, string json, int exitCode)
    {
        using var app = new AppFolder(Configuration(setting, failMode));

        var result = app.Explain("--ip", Visitors.IPv4("UA"));
        var asJson = app.Explain("--ip", Visitors.IPv6("UA"), "--json");

        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Contains("Region: UA (source: maxmind)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("undesirable-organization  Notice  " + text, result.Stdout, StringComparison.Ordinal);
        var policies = asJson.Json().GetProperty("policies").EnumerateArray().ToList();
        var notice = policies.Single(p => p.GetProperty("name").GetString() == "undesirable-organization");
        var block = policies.Single(p => p.GetProperty("name").GetString() == "kz-court-order");
        Assert.Equal(json, notice.GetProperty("unresolvedSubdivision").GetString());
        Assert.Equal(exitCode == 1, notice.GetProperty("applies").GetBoolean());
        Assert.Equal(text[(text.IndexOf(": ", StringComparison.Ordinal) + 2)..], notice.GetProperty("reason").GetString());

        // The key is always there; null for a policy that lists no subdivision of the reader's country.
        Assert.Equal(System.Text.Json.JsonValueKind.Null, block.GetProperty("unresolvedSubdivision").ValueKind);
    }

    [Fact]
    public void Explain_ReaderWithASubdivision_IsNotUnresolved()
    {
        using var app = new AppFolder(Configuration("Match", null));

        var result = app.Explain("--ip", Visitors.IPv4("UA-30"), "--json");

        var notice = result.Json().GetProperty("policies").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "undesirable-organization");
        Assert.Equal("does-not-apply", notice.GetProperty("decision").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, notice.GetProperty("unresolvedSubdivision").ValueKind);
    }

    private static string Configuration(string? setting, string? failMode)
    {
        var extra = (setting is null ? string.Empty : $"\"UnresolvedSubdivision\": \"{setting}\", ")
            + (failMode is null ? string.Empty : $"\"FailMode\": \"{failMode}\", ");
        return AppFolder.ContractConfiguration.Replace("\"Action\": \"Notice\",", extra + "\"Action\": \"Notice\",", StringComparison.Ordinal);
    }
}
