using System.Collections.Frozen;
using ContentGate.Regions;

namespace ContentGate.Tests.Regions;

/// <summary>Autonomous systems as configuration writes them (<c>AS12389</c>) and as a region carries them.</summary>
public sealed class AutonomousSystemTests
{
    [Theory]
    [InlineData("AS12389", "AS12389")]
    [InlineData(" as12389 ", "AS12389")]
    [InlineData("AS012389", "AS12389")]
    [InlineData("AS1", "AS1")]
    [InlineData("AS4294967295", "AS4294967295")]
    public void Parser_ReadsAutonomousSystems(string entry, string expected)
    {
        Assert.True(RegionCodeParser.TryParse(entry, out var code, out var problem));
        Assert.Equal(expected, code);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("AS0")]
    [InlineData("AS4294967296")]
    [InlineData("AS99999999999")]
    public void Parser_RefusesNumbersOutOfRange_SayingTheRange(string entry)
    {
        Assert.False(RegionCodeParser.TryParse(entry, out _, out var problem));
        Assert.Equal("is not an autonomous system number: write 'AS' and a number from 1 to 4294967295, for example 'AS12389'", problem);
    }

    [Fact]
    public void Parser_StillReadsAmericanSamoa_AndItsSubdivisionCodes()
    {
        Assert.True(RegionCodeParser.TryParse("AS", out var country, out _));
        Assert.Equal("AS", country);
        Assert.False(RegionCodeParser.TryParse("AS-X1", out _, out var problem));
        Assert.Contains("ISO 3166-2", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Region_WithAutonomousSystem_KeepsItsPlace_AndMatchesTheNetworkCode()
    {
        var crimea = Region.Create("UA", "UA-43");
        var withNetwork = crimea.WithAutonomousSystem(12389);

        Assert.Equal("UA", withNetwork.CountryCode);
        Assert.Equal(["UA-43"], withNetwork.SubdivisionCodes);
        Assert.Equal(12389, withNetwork.AutonomousSystemNumber);
        Assert.Null(crimea.AutonomousSystemNumber);
        Assert.True(withNetwork.IsIn("as12389"));
        Assert.True(withNetwork.IsIn("UA-43"));
        Assert.False(crimea.IsIn("AS12389"));
        Assert.False(withNetwork.IsIn("AS1238"));
        Assert.Equal("UA UA-43 AS12389", withNetwork.ToString());
        Assert.NotEqual(crimea, withNetwork);
        Assert.Equal(withNetwork, Region.Create("UA", "UA-43").WithAutonomousSystem(12389));
        Assert.Equal(withNetwork.GetHashCode(), Region.Create("UA", "UA-43").WithAutonomousSystem(12389).GetHashCode());
        Assert.NotEqual(withNetwork, crimea.WithAutonomousSystem(12390));
        Assert.Equal(13, crimea.WithAutonomousSystem(12).WithAutonomousSystem(13).AutonomousSystemNumber);
    }

    [Fact]
    public void Region_MatchesASetByItsNetwork_OnTheHotPath()
    {
        var codes = new[] { "RU", "AS12389" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

        Assert.True(Region.Create("UA").WithAutonomousSystem(12389).IsInAny(codes));
        Assert.False(Region.Create("UA").WithAutonomousSystem(12390).IsInAny(codes));
        Assert.False(Region.Create("UA").IsInAny(codes));
    }

    [Fact]
    public void Region_WithAutonomousSystem_RefusesAnUnknownRegionAndNumbersOutOfRange()
    {
        Assert.Throws<InvalidOperationException>(() => Region.Unknown.WithAutonomousSystem(12389));
        Assert.Throws<ArgumentOutOfRangeException>(() => Region.Create("RU").WithAutonomousSystem(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Region.Create("RU").WithAutonomousSystem(4_294_967_296));
    }
}
