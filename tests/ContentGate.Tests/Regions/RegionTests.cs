using ContentGate.Regions;

namespace ContentGate.Tests.Regions;

public sealed class RegionTests
{
    [Fact]
    public void Create_WithLowerCaseCodes_NormalizesToUpperCase()
    {
        var region = Region.Create("ua", "ua-43");

        Assert.Equal("UA", region.CountryCode);
        Assert.Equal(["UA-43"], region.SubdivisionCodes);
        Assert.True(region.IsKnown);
        Assert.Equal("UA UA-43", region.ToString());
    }

    [Theory]
    [InlineData("UK")]
    [InlineData("RUS")]
    [InlineData("")]
    public void Create_WithInvalidCountry_Throws(string country)
        => Assert.Throws<ArgumentException>(() => Region.Create(country));

    [Theory]
    [InlineData("RU-43")]
    [InlineData("43")]
    [InlineData("UA-ABCD")]
    public void Create_WithSubdivisionOfAnotherCountryOrMalformed_Throws(string subdivision)
        => Assert.Throws<ArgumentException>(() => Region.Create("UA", subdivision));

    [Theory]
    [InlineData("UA", true)]
    [InlineData("ua-43", true)]
    [InlineData("UA-40", false)]
    [InlineData("RU", false)]
    public void IsIn_MatchesCountryOrAnySubdivision(string code, bool expected)
        => Assert.Equal(expected, Region.Create("UA", "UA-43").IsIn(code));

    [Fact]
    public void Unknown_IsInNothingAndPrintsUnknown()
    {
        Assert.False(Region.Unknown.IsKnown);
        Assert.Null(Region.Unknown.CountryCode);
        Assert.False(Region.Unknown.IsIn("RU"));
        Assert.Equal("Unknown", Region.Unknown.ToString());
    }

    [Fact]
    public void Equals_ComparesCodes()
    {
        Assert.Equal(Region.Create("UA", "UA-43"), Region.Create("ua", "UA-43"));
        Assert.Equal(Region.Create("UA", "UA-43").GetHashCode(), Region.Create("ua", "UA-43").GetHashCode());
        Assert.NotEqual(Region.Create("UA", "UA-43"), Region.Create("UA"));
        Assert.NotEqual(Region.Create("UA"), Region.Unknown);
    }
}
