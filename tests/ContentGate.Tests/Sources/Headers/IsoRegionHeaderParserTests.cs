using ContentGate.Sources.Headers;
using static ContentGate.Tests.Sources.Headers.HeaderTestData;

namespace ContentGate.Tests.Sources.Headers;

/// <summary>Cloudflare, CloudFront, Vercel, Fastly and Header: an ISO country header and an optional subdivision header.</summary>
public sealed class IsoRegionHeaderParserTests
{
    private static readonly IsoRegionHeaderParser Cloudflare = new(HeaderSourcePresets.CloudflareCountryHeader, HeaderSourcePresets.CloudflareRegionHeader);

    [Theory]
    [InlineData("UA", "43", "UA UA-43")]
    [InlineData("ua", "43", "UA UA-43")]
    [InlineData("US", "CA", "US US-CA")]
    [InlineData("us", "ca", "US US-CA")]
    [InlineData("GB", "ENG", "GB GB-ENG")]
    [InlineData(" UA ", " 43 ", "UA UA-43")]
    [InlineData("UA", "UA-43", "UA UA-43")]
    [InlineData("UA", "ua-43", "UA UA-43")]
    [InlineData("RU", null, "RU")]
    [InlineData("RU", "", "RU")]
    [InlineData("XK", null, "XK")]
    [InlineData("XX", null, "NotFound")]
    [InlineData("xx", "43", "NotFound")]
    [InlineData(null, "43", "NotFound")]
    [InlineData(null, null, "NotFound")]
    [InlineData("", null, "NotFound")]
    [InlineData("T1", null, "Tor")]
    [InlineData("t1", "43", "Tor")]
    [InlineData("UK", null, "Invalid")]
    [InlineData("QQ", null, "Invalid")]
    [InlineData("U1", null, "Invalid")]
    [InlineData("UKR", null, "Invalid")]
    [InlineData("U", null, "Invalid")]
    [InlineData("UA,RU", null, "Invalid")]
    [InlineData("\u0131T", null, "Invalid")]
    [InlineData("\uFF35\uFF21", null, "Invalid")]
    [InlineData("<script>alert(1)</script>", null, "Invalid")]
    [InlineData("UA", "4343", "Invalid")]
    [InlineData("UA", "RU-43", "Invalid")]
    [InlineData("UA", "UA-", "Invalid")]
    [InlineData("UA", "4_", "Invalid")]
    [InlineData("UA", "4\u0131", "Invalid")]
    [InlineData("UA", "UA-4343", "Invalid")]
    public void Cloudflare_ReadsCountryAndRegionCode(string? country, string? region, string expected)
    {
        var reading = Cloudflare.Read(RequestHeaders(("CF-IPCountry", country), ("cf-region-code", region)));

        Assert.Equal(expected, Describe(reading));
    }

    [Fact]
    public void Cloudflare_WithOverlongValue_IsInvalidAndKeepsTheValueForTheLog()
    {
        var value = new string('A', 10_000);

        var reading = Cloudflare.Read(RequestHeaders(("CF-IPCountry", value)));

        Assert.Equal(HeaderVerdict.Invalid, reading.Verdict);
        Assert.Equal("CF-IPCountry", reading.Header);
        Assert.Same(value, reading.Value);
    }

    [Fact]
    public void Cloudflare_WithInvalidRegion_NamesTheRegionHeader()
    {
        var reading = Cloudflare.Read(RequestHeaders(("CF-IPCountry", "UA"), ("cf-region-code", "4343")));

        Assert.Equal(HeaderVerdict.Invalid, reading.Verdict);
        Assert.Equal("cf-region-code", reading.Header);
    }

    [Fact]
    public void Cloudflare_WithRepeatedCountryHeader_IsInvalid()
    {
        var headers = RequestHeaders(("CF-IPCountry", "UA"), ("CF-IPCountry", "RU"));

        Assert.Equal("Invalid", Describe(Cloudflare.Read(headers)));
    }

    [Fact]
    public void Cloudflare_WithRepeatedRegionHeader_IsInvalid()
    {
        var headers = RequestHeaders(("CF-IPCountry", "UA"), ("cf-region-code", "43"), ("cf-region-code", "30"));

        Assert.Equal("Invalid", Describe(Cloudflare.Read(headers)));
    }

    [Fact]
    public void Cloudflare_HeaderNames_AreCaseInsensitive()
    {
        var reading = Cloudflare.Read(RequestHeaders(("cf-ipcountry", "UA"), ("CF-REGION-CODE", "43")));

        Assert.Equal("UA UA-43", Describe(reading));
    }

    [Theory]
    [InlineData("UA", "43", "UA UA-43")]
    [InlineData("US", "WA", "US US-WA")]
    [InlineData("US", null, "US")]
    [InlineData("USA", "WA", "Invalid")]
    [InlineData("US", "WASH", "Invalid")]
    public void CloudFront_ReadsViewerCountryAndRegion(string? country, string? region, string expected)
    {
        var parser = new IsoRegionHeaderParser(HeaderSourcePresets.CloudFrontCountryHeader, HeaderSourcePresets.CloudFrontRegionHeader);

        var reading = parser.Read(RequestHeaders(("CloudFront-Viewer-Country", country), ("CloudFront-Viewer-Country-Region", region)));

        Assert.Equal(expected, Describe(reading));
    }

    [Theory]
    [InlineData("UA", "43", "UA UA-43")]
    [InlineData("de", "be", "DE DE-BE")]
    [InlineData("DE", null, "DE")]
    [InlineData("DE", "Berlin", "Invalid")]
    public void Vercel_ReadsIpCountryAndRegion(string? country, string? region, string expected)
    {
        var parser = new IsoRegionHeaderParser(HeaderSourcePresets.VercelCountryHeader, HeaderSourcePresets.VercelRegionHeader);

        var reading = parser.Read(RequestHeaders(("x-vercel-ip-country", country), ("x-vercel-ip-country-region", region)));

        Assert.Equal(expected, Describe(reading));
    }

    [Theory]
    [InlineData("UA", "43", "UA UA-43")]
    [InlineData("UA", "UA-43", "UA UA-43")]
    [InlineData("GB", "BNH", "GB GB-BNH")]
    [InlineData("AX", "NO REGION", "AX")]
    [InlineData("US", "?", "US")]
    [InlineData("**", "?", "NotFound")]
    [InlineData("UA", "RU-43", "Invalid")]
    [InlineData("UA", "43,30", "Invalid")]
    public void Fastly_ReadsConfiguredHeaders_WithFastlysSpecialValues(string? country, string? region, string expected)
    {
        var parser = new IsoRegionHeaderParser("Fastly-Geo-Country", "Fastly-Geo-Region");

        var reading = parser.Read(RequestHeaders(("Fastly-Geo-Country", country), ("Fastly-Geo-Region", region)));

        Assert.Equal(expected, Describe(reading));
    }

    [Fact]
    public void Header_WithoutRegionHeader_ReadsTheCountryAlone_AndVariesOnIt()
    {
        var parser = new IsoRegionHeaderParser("X-Geo-Country", null);

        var reading = parser.Read(RequestHeaders(("X-Geo-Country", "KZ"), ("X-Geo-Region", "ALA")));

        Assert.Equal("KZ", Describe(reading));
        Assert.Equal("X-Geo-Country", parser.VaryHeader);
    }

    [Fact]
    public void VaryHeader_NamesCountryAndRegionHeaders()
    {
        Assert.Equal("CF-IPCountry, cf-region-code", Cloudflare.VaryHeader);
    }

    [Fact]
    public void Read_SameCodesTwice_ReturnsTheSameRegionInstance()
    {
        var first = Cloudflare.Read(RequestHeaders(("CF-IPCountry", "UA"), ("cf-region-code", "43"))).Region;
        var second = Cloudflare.Read(RequestHeaders(("CF-IPCountry", "ua"), ("cf-region-code", "UA-43"))).Region;
        var country = Cloudflare.Read(RequestHeaders(("CF-IPCountry", "UA"))).Region;
        var countryAgain = new IsoRegionHeaderParser("X-Geo-Country", null).Read(RequestHeaders(("X-Geo-Country", "ua"))).Region;

        Assert.Same(first, second);
        Assert.Same(country, countryAgain);
    }
}
