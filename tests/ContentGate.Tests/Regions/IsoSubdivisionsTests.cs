using ContentGate.Regions;
using ContentGate.Tests.Infrastructure;

namespace ContentGate.Tests.Regions;

public sealed class IsoSubdivisionsTests
{
    [Theory]
    [InlineData("UA-43", "Avtonomna Respublika Krym")]
    [InlineData("ua-40", "Sevastopol")]
    [InlineData("UA-14", "Donetska oblast")]
    [InlineData("GB-ENG", "England")]
    public void GetSubdivisionName_WithListedCode_ReturnsIsoName(string code, string name)
        => Assert.Equal(name, Region.GetSubdivisionName(code));

    [Theory]
    [InlineData("UA-34")]
    [InlineData("UA")]
    [InlineData("XK-01")]
    [InlineData("")]
    public void GetSubdivisionName_WithCodeOutsideTheList_ReturnsNull(string code)
        => Assert.Null(Region.GetSubdivisionName(code));

    [Fact]
    public void GetSubdivisionName_AllocatesNothing()
    {
        var code = new string("UA-43".AsSpan());
        Region.GetSubdivisionName(code);

        Assert.Equal(0, Allocations.Fewest(() => Region.GetSubdivisionName(code)));
    }

    [Fact]
    public void Closest_WithSwappedDigits_PutsTheSwapFirst_ThenOtherSingleEdits()
    {
        var closest = IsoSubdivisions.Closest("UA-34").Select(s => s.Code).ToList();

        Assert.Equal(["UA-43", "UA-14", "UA-30", "UA-32"], closest);
    }

    [Fact]
    public void Closest_StaysInTheCountry()
        => Assert.All(IsoSubdivisions.Closest("RU-MOX"), s => Assert.StartsWith("RU-", s.Code, StringComparison.Ordinal));

    [Theory]
    [InlineData("UA-XYZ")]
    [InlineData("AQ-01")]
    public void Closest_WithNothingNear_IsEmpty(string code) => Assert.Empty(IsoSubdivisions.Closest(code));

    [Fact]
    public void CountOf_Ukraine_IsItsOblastsCitiesAndCrimea() => Assert.Equal(27, IsoSubdivisions.CountOf("UA"));
}
