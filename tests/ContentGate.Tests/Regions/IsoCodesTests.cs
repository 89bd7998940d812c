using ContentGate.Regions;

namespace ContentGate.Tests.Regions;

public sealed class IsoCodesTests
{
    [Fact]
    public void CountryList_HasEveryAssignedCodePlusKosovo() => Assert.Equal(250, IsoCodes.CountryCount);

    [Theory]
    [InlineData("RU", "RU")]
    [InlineData("ua", "UA")]
    [InlineData("Kz", "KZ")]
    [InlineData("XK", "XK")]
    public void TryNormalizeCountry_WithAssignedCode_ReturnsUpperCase(string value, string expected)
    {
        Assert.True(IsoCodes.TryNormalizeCountry(value, out var country));
        Assert.Equal(expected, country);
    }

    [Theory]
    [InlineData("UK")]
    [InlineData("EU")]
    [InlineData("R")]
    [InlineData("RUS")]
    [InlineData(null)]
    public void TryNormalizeCountry_WithUnassignedCode_Fails(string? value)
        => Assert.False(IsoCodes.TryNormalizeCountry(value, out _));

    [Theory]
    [InlineData("UA-43", "UA-43")]
    [InlineData("us-ca", "US-CA")]
    [InlineData("GB-ENG", "GB-ENG")]
    [InlineData("FR-75C", "FR-75C")]
    public void TryNormalizeSubdivision_WithWellFormedCode_ReturnsUpperCase(string value, string expected)
    {
        Assert.True(IsoCodes.TryNormalizeSubdivision(value, out var subdivision));
        Assert.Equal(expected, subdivision);
    }

    [Theory]
    [InlineData("UA43")]
    [InlineData("UA-")]
    [InlineData("UA-ABCD")]
    [InlineData("UK-ENG")]
    [InlineData("UA-4_")]
    public void TryNormalizeSubdivision_WithMalformedCode_Fails(string value)
        => Assert.False(IsoCodes.TryNormalizeSubdivision(value, out _));

    [Theory]
    [InlineData("UK", "GB")]
    [InlineData("uk", "GB")]
    [InlineData("EL", "GR")]
    [InlineData("RUS", "RU")]
    [InlineData("QQ", null)]
    public void SuggestCountry_ForCommonMistake_ReturnsIntendedCode(string value, string? expected)
        => Assert.Equal(expected, IsoCodes.SuggestCountry(value));

    [Theory]
    [InlineData("UA", "43", "UA-43")]
    [InlineData("US", "ca", "US-CA")]
    [InlineData("UA", "", null)]
    [InlineData("UA", "1234", null)]
    [InlineData("UA", "4-3", null)]
    public void ComposeSubdivision_JoinsCountryAndLocalCode(string country, string local, string? expected)
        => Assert.Equal(expected, IsoCodes.ComposeSubdivision(country, local));
}
