using ContentGate.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace ContentGate.Tests.Configuration;

/// <summary>
/// A start-up that fails lists every problem at once, including those behind a problem the binder finds (an unknown
/// key, an enum name, a value that does not convert): fixing a configuration never takes one restart per mistake.
/// </summary>
public sealed class EveryProblemTests
{
    private static async Task<IReadOnlyList<string>> StartupProblems(Action<Dictionary<string, string?>> change)
    {
        var config = GateServer.ContractConfiguration();
        change(config);
        using var host = GateServer.Build(config, null, null, out _);
        var error = await Assert.ThrowsAnyAsync<OptionsValidationException>(() => host.StartAsync());
        return [.. error.Failures];
    }

    [Fact]
    public async Task Startup_WithMisspeltKeyAndBadRegionCode_ReportsBoth()
    {
        var problems = await StartupProblems(c =>
        {
            c["ContentGate:Policies:undesirable-organization:ExludePaths:0"] = "/api";
            c["ContentGate:Policies:kz-court-order:Regions:0"] = "UK";
        });

        Assert.Contains(problems, p => p.StartsWith("ContentGate:Policies:undesirable-organization:ExludePaths: 'ExludePaths' is not a ContentGate setting. Did you mean 'ExcludePaths'?", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("ContentGate:Policies:kz-court-order:Regions:0: 'UK' is not an ISO 3166-1 alpha-2 country code. Use 'GB'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ContentGate:Caching:CdnCacheKeyIncludesRegion", "yes", "Use true or false.")]
    [InlineData("ContentGate:Policies:read-first:Acknowledge:Lifetime", "300ms", "Use a duration as hours:minutes:seconds")]
    public async Task Startup_WithValueThatDoesNotConvert_NamesKeyValueAndFixAndStillReportsTheRest(string key, string value, string fix)
    {
        var problems = await StartupProblems(c =>
        {
            c[key] = value;
            if (key.Contains(":read-first:", StringComparison.Ordinal))
            {
                // The web service's Timeout was the case here; its keys now belong to its own package, which checks them.
                c["ContentGate:Policies:read-first:Regions:0"] = "RU";
                c["ContentGate:Policies:read-first:Paths:0"] = "/investigations";
                c["ContentGate:Policies:read-first:Action"] = "Acknowledge";
                c["ContentGate:Policies:read-first:Acknowledge:Html"] = "<p>Read this first.</p>";
            }

            c["ContentGate:Policies:kz-court-order:Block:BlockedBy"] = "not a url";
        });

        Assert.Contains($"{key}: '{value}' is not valid. {fix}", string.Join('\n', problems), StringComparison.Ordinal);
        Assert.Contains(problems, p => p.StartsWith("ContentGate:Policies:kz-court-order:Block:BlockedBy: 'not a url'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Startup_WithUnknownActionName_SaysSoOnceAndNotThatActionIsMissing()
    {
        var problems = await StartupProblems(c => c["ContentGate:Policies:kz-court-order:Action"] = "Blok");

        var problem = Assert.Single(problems);
        Assert.StartsWith("ContentGate:Policies:kz-court-order:Action: 'Blok' is not valid. Use one of: Notice, Block", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_WithoutAction_StillChecksRegionsAndPaths()
    {
        var problems = await StartupProblems(c =>
        {
            c.Remove("ContentGate:Policies:kz-court-order:Action");
            c["ContentGate:Policies:kz-court-order:Regions:0"] = "KZZ";
            c["ContentGate:Policies:kz-court-order:Paths:0"] = "articles";
        });

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("ContentGate:Policies:kz-court-order:Action is not set.", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("ContentGate:Policies:kz-court-order:Regions:0: 'KZZ'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("ContentGate:Policies:kz-court-order:Paths:0: 'articles'", StringComparison.Ordinal));
    }
}
