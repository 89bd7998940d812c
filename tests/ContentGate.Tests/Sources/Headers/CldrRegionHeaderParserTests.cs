using ContentGate.Sources.Headers;
using static ContentGate.Tests.Sources.Headers.HeaderTestData;

namespace ContentGate.Tests.Sources.Headers;

/// <summary>Google Cloud load balancer headers: <c>{client_region}</c> and the CLDR <c>{client_region_subdivision}</c>.</summary>
public sealed class CldrRegionHeaderParserTests
{
    private static readonly CldrRegionHeaderParser Parser = new("X-Client-Region", "X-Client-Subdivision");

    [Theory]
    [InlineData("US", "USCA", "US US-CA")]
    [InlineData("us", "usca", "US US-CA")]
    [InlineData("UA", "ua43", "UA UA-43")]
    [InlineData("UA", "UA43", "UA UA-43")]
    [InlineData("GB", "gbeng", "GB GB-ENG")]
    [InlineData("CA", "CAON", "CA CA-ON")]
    [InlineData("US", "uszzzz", "US")]
    [InlineData("US", "", "US")]
    [InlineData("US", null, "US")]
    [InlineData("ZZ", null, "NotFound")]
    [InlineData("XX", "XXCA", "NotFound")]
    [InlineData(null, "USCA", "NotFound")]
    [InlineData("", "USCA", "NotFound")]
    [InlineData("US", "CAON", "Invalid")]
    [InlineData("UA", "RU43", "Invalid")]
    [InlineData("US", "US-CA", "Invalid")]
    [InlineData("US", "USCALI", "Invalid")]
    [InlineData("US", "US", "Invalid")]
    [InlineData("US", "U", "Invalid")]
    [InlineData("US", "US C", "Invalid")]
    [InlineData("USA", "USCA", "Invalid")]
    [InlineData("840", null, "Invalid")]
    public void GoogleCloud_ReadsRegionAndCldrSubdivision(string? country, string? subdivision, string expected)
    {
        var reading = Parser.Read(RequestHeaders(("X-Client-Region", country), ("X-Client-Subdivision", subdivision)));

        Assert.Equal(expected, Describe(reading));
    }

    [Fact]
    public void GoogleCloud_WithMismatchedCldrPrefix_NamesTheSubdivisionHeader()
    {
        var reading = Parser.Read(RequestHeaders(("X-Client-Region", "US"), ("X-Client-Subdivision", "CAON")));

        Assert.Equal(HeaderVerdict.Invalid, reading.Verdict);
        Assert.Equal("X-Client-Subdivision", reading.Header);
        Assert.Equal("CAON", reading.Value);
    }

    [Fact]
    public void GoogleCloud_VariesOnBothHeaders()
    {
        Assert.Equal("X-Client-Region, X-Client-Subdivision", Parser.VaryHeader);
    }
}
