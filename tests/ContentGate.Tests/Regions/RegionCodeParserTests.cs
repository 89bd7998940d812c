using ContentGate.Regions;

namespace ContentGate.Tests.Regions;

/// <summary>The parser's advice for a subdivision code written with a wrong country code.</summary>
public sealed class RegionCodeParserTests
{
    [Fact]
    public void WrongCountryPrefix_WhoseCorrectedCodeExists_SuggestsIt()
    {
        Assert.False(RegionCodeParser.TryParse("UK-ENG", out _, out var problem));

        Assert.Equal("is not an ISO 3166-2 subdivision code: 'UK' is not a country code. Use 'GB-ENG'", problem);
    }

    [Fact]
    public void WrongCountryPrefix_WhoseCorrectedCodeDoesNotExist_NeverSuggestsIt_ButNamesTheCountryAndItsCodes()
    {
        Assert.False(RegionCodeParser.TryParse("UK-43", out _, out var problem));

        Assert.DoesNotContain("Use 'GB-43'", problem, StringComparison.Ordinal);
        Assert.StartsWith("is not an ISO 3166-2 subdivision code: 'UK' is not a country code (the country is 'GB'), and 'GB-43' is not in the ISO 3166-2 list of 'GB'.", problem, StringComparison.Ordinal);
    }
}
