using ContentGate.Sources.Headers;

namespace ContentGate.Tests.Sources.Headers;

public sealed class RegionTableTests
{
    [Theory]
    [InlineData("UA", "UA")]
    [InlineData("ua", "UA")]
    [InlineData("Xk", "XK")]
    public void TryGetCountry_WithAssignedCode_ReturnsSharedRegion(string code, string expected)
    {
        Assert.True(RegionTable.TryGetCountry(code, out var region));
        Assert.True(RegionTable.TryGetCountry(expected, out var again));

        Assert.Equal(expected, region.CountryCode);
        Assert.Empty(region.SubdivisionCodes);
        Assert.Same(region, again);
    }

    [Theory]
    [InlineData("UK")]
    [InlineData("XX")]
    [InlineData("U")]
    [InlineData("UKR")]
    [InlineData("")]
    [InlineData("\u0131T")]
    [InlineData("U1")]
    public void TryGetCountry_WithUnassignedOrMalformedCode_Fails(string code)
    {
        Assert.False(RegionTable.TryGetCountry(code, out _));
    }

    [Theory]
    [InlineData("43", "UA-43")]
    [InlineData("a", "UA-A")]
    [InlineData("abc", "UA-ABC")]
    public void TryGetSubdivision_ComposesCountryAndLocalCode(string local, string expected)
    {
        RegionTable.TryGetCountry("UA", out var ukraine);
        var table = new RegionTable();

        Assert.True(table.TryGetSubdivision(ukraine!, local, out var region));

        Assert.Equal("UA", region.CountryCode);
        Assert.Equal([expected], region.SubdivisionCodes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4343")]
    [InlineData("4-")]
    [InlineData("4\u0131")]
    [InlineData("\uFF14\uFF13")]
    public void TryGetSubdivision_WithMalformedLocalCode_FailsAndCachesNothing(string local)
    {
        RegionTable.TryGetCountry("UA", out var ukraine);
        var table = new RegionTable();

        Assert.False(table.TryGetSubdivision(ukraine!, local, out _));
        Assert.Equal(0, table.CachedSubdivisions);
    }

    [Fact]
    public void TryGetSubdivision_StopsCachingAtTheBound_ButKeepsAnswering()
    {
        RegionTable.TryGetCountry("UA", out var ukraine);
        var table = new RegionTable();
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        var codes = (from a in Alphabet from b in Alphabet from c in Alphabet select $"{a}{b}{c}").Take(RegionTable.MaxSubdivisions + 100).ToList();

        foreach (var code in codes)
        {
            Assert.True(table.TryGetSubdivision(ukraine!, code, out _));
        }

        Assert.Equal(RegionTable.MaxSubdivisions, table.CachedSubdivisions);
        Assert.True(table.TryGetSubdivision(ukraine!, codes[^1], out var last));
        Assert.Equal(["UA-" + codes[^1]], last.SubdivisionCodes);
    }
}
