using ContentGate.Sources.Headers;
using static ContentGate.Tests.Sources.Headers.HeaderTestData;

namespace ContentGate.Tests.Sources.Headers;

/// <summary>Akamai's <c>X-Akamai-Edgescape</c>: comma-separated key=value pairs.</summary>
public sealed class EdgescapeHeaderParserTests
{
    private static readonly EdgescapeHeaderParser Parser = new();

    [Theory]
    [InlineData("georegion=246,country_code=UA,region_code=43,city=SIMFEROPOL,lat=44.95,long=34.10,timezone=GMT+3,continent=EU", "UA UA-43")]
    [InlineData("georegion=246,country_code=US,region_code=CA,city=SANJOSE,zip=95101-95142+95148+95150-95161,areacode=408", "US US-CA")]
    [InlineData("country_code=us,region_code=ca", "US US-CA")]
    [InlineData(" country_code = UA , region_code = 43 ", "UA UA-43")]
    [InlineData("country_code=UA,region_code=UA-43", "UA UA-43")]
    [InlineData("region_code=43,country_code=UA", "UA UA-43")]
    [InlineData("country_code=UA", "UA")]
    [InlineData("country_code=UA,region_code=", "UA")]
    [InlineData("country_code=UA,", "UA")]
    [InlineData("georegion=246,city=SIMFEROPOL", "NotFound")]
    [InlineData("country_code=,region_code=43", "NotFound")]
    [InlineData("country_code=XX", "NotFound")]
    [InlineData("", "NotFound")]
    [InlineData(null, "NotFound")]
    [InlineData("country_code=T1", "Tor")]
    [InlineData("garbage", "Invalid")]
    [InlineData("country_code=UA;region_code=43", "Invalid")]
    [InlineData("country_code=UKR,region_code=43", "Invalid")]
    [InlineData("country_code=QQ", "Invalid")]
    [InlineData("country_code=UA,country_code=RU", "Invalid")]
    [InlineData("country_code=UA,region_code=43,region_code=30", "Invalid")]
    [InlineData("country_code=UA,region_code=4343", "Invalid")]
    [InlineData("country_code=UA,region_code=RU-43", "Invalid")]
    [InlineData("country_code=UA,region_code=4=3", "Invalid")]
    public void Akamai_ReadsCountryAndRegionCodes(string? edgescape, string expected)
    {
        var reading = Parser.Read(RequestHeaders(("X-Akamai-Edgescape", edgescape)));

        Assert.Equal(expected, Describe(reading));
    }

    [Fact]
    public void Akamai_WithRepeatedHeader_IsInvalid()
    {
        var reading = Parser.Read(RequestHeaders(("X-Akamai-Edgescape", "country_code=UA"), ("X-Akamai-Edgescape", "country_code=RU")));

        Assert.Equal("Invalid", Describe(reading));
    }

    [Fact]
    public void Akamai_WithOverlongHeader_IsInvalidWithoutThrowing()
    {
        var value = "country_code=UA," + string.Concat(Enumerable.Repeat("x", 64 * 1024));

        Assert.Equal("Invalid", Describe(Parser.Read(RequestHeaders(("X-Akamai-Edgescape", value)))));
    }

    [Fact]
    public void Akamai_VariesOnTheEdgescapeHeader()
    {
        Assert.Equal("X-Akamai-Edgescape", Parser.VaryHeader);
    }
}
