using ContentGate.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using static ContentGate.Tests.Infrastructure.StartupErrors;

namespace ContentGate.Tests.Configuration;

/// <summary>
/// Subdivision codes in configuration are checked against the ISO 3166-2 list, not only for shape: a code that does not
/// exist would be a rule that protects no one.
/// </summary>
public sealed class SubdivisionValidationTests
{
    private static async Task<string?> StartupError(Action<Dictionary<string, string?>> change)
    {
        var config = GateServer.ContractConfiguration();
        change(config);
        using var host = GateServer.Build(config, null, null, out _);
        try
        {
            await host.StartAsync();
            await host.StopAsync();
            return null;
        }
        catch (OptionsValidationException error)
        {
            return error.Message;
        }
    }

    [Theory]
    [InlineData("ContentGate:RegionSets:russia-controlled:1")]
    [InlineData("ContentGate:Policies:kz-court-order:Regions:0")]
    public async Task Startup_WithUnlistedSubdivision_NamesKeyValueAndClosestCodesWithNames(string key)
    {
        var message = await StartupError(c => c[key] = "UA-34");

        AssertMentions(
            message,
            $"{key}: 'UA-34' is not in the ISO 3166-2 list of 'UA'.",
            "Did you mean 'UA-43' (Avtonomna Respublika Krym), ",
            "https://www.iso.org/obp/ui/#iso:code:3166:UA");
    }

    [Fact]
    public async Task Startup_WithUnlistedSubdivisionInLanguages_NamesKey()
    {
        var message = await StartupError(c => c["ContentGate:Languages:ByRegion:UA-99"] = "uk");

        AssertMentions(message, "ContentGate:Languages:ByRegion:UA-99: 'UA-99' is not in the ISO 3166-2 list of 'UA'.");
    }

    [Fact]
    public async Task Startup_WithSubdivisionOfCountryIsoListsNoneOf_AsksForTheCountry()
    {
        var message = await StartupError(c => c["ContentGate:RegionSets:russia-controlled:1"] = "AQ-01");

        AssertMentions(message, "'AQ-01' is not an ISO 3166-2 subdivision code: ISO 3166-2 lists no subdivisions of 'AQ'. Use the country code 'AQ'.");
    }

    [Fact]
    public async Task Startup_WithSubdivisionFarFromEveryCode_PointsAtTheList()
    {
        var message = await StartupError(c => c["ContentGate:RegionSets:russia-controlled:1"] = "UA-XYZ");

        AssertMentions(message, "'UA-XYZ' is not in the ISO 3166-2 list of 'UA'. Pick one of the 27 codes of 'UA' listed by ISO");
        Assert.DoesNotContain("Did you mean", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ua-43")]
    [InlineData("GB-ENG")]
    [InlineData("US-CA")]
    [InlineData("FR-2A")]
    [InlineData("XK-01")] // Kosovo: outside ISO 3166, so ISO 3166-2 has no list for it; providers' codes stay accepted.
    public async Task Startup_WithListedSubdivisionOrKosovo_Starts(string code)
        => Assert.Null(await StartupError(c => c["ContentGate:RegionSets:russia-controlled:1"] = code));
}
