using ContentGate.Sources;
using ContentGate.Sources.Headers;

namespace ContentGate.Tests.Sources.Headers;

public sealed class HeaderSourcePresetsTests
{
    private const string Key = "ContentGate:Sources:0";

    private static (RegionHeaderParser? Parser, List<string> Problems) Create(RegionSourceType type, Action<RegionSourceOptions>? configure = null)
    {
        var options = new RegionSourceOptions { Type = type.ToString() };
        configure?.Invoke(options);
        var problems = new List<string>();
        return (HeaderSourcePresets.TryCreateParser(type, options, Key, problems), problems);
    }

    [Theory]
    [InlineData(RegionSourceType.Cloudflare, "cloudflare")]
    [InlineData(RegionSourceType.CloudFront, "cloudfront")]
    [InlineData(RegionSourceType.Fastly, "fastly")]
    [InlineData(RegionSourceType.Akamai, "akamai")]
    [InlineData(RegionSourceType.Vercel, "vercel")]
    [InlineData(RegionSourceType.GoogleCloud, "googlecloud")]
    [InlineData(RegionSourceType.Header, "header")]
    public void NameOf_IsTheTypeInLowerCase(RegionSourceType type, string name)
    {
        Assert.Equal(name, HeaderSourcePresets.NameOf(type));
    }

    [Theory]
    [InlineData(RegionSourceType.Cloudflare, "CF-IPCountry, cf-region-code")]
    [InlineData(RegionSourceType.CloudFront, "CloudFront-Viewer-Country, CloudFront-Viewer-Country-Region")]
    [InlineData(RegionSourceType.Vercel, "x-vercel-ip-country, x-vercel-ip-country-region")]
    [InlineData(RegionSourceType.Akamai, "X-Akamai-Edgescape")]
    public void Preset_ReadsItsOwnHeaders(RegionSourceType type, string vary)
    {
        var (parser, problems) = Create(type);

        Assert.Empty(problems);
        Assert.Equal(vary, parser!.VaryHeader);
    }

    [Theory]
    [InlineData(RegionSourceType.Fastly, typeof(IsoRegionHeaderParser))]
    [InlineData(RegionSourceType.Header, typeof(IsoRegionHeaderParser))]
    [InlineData(RegionSourceType.GoogleCloud, typeof(CldrRegionHeaderParser))]
    public void Configured_ReadsTheConfiguredHeaders(RegionSourceType type, Type parserType)
    {
        var (parser, problems) = Create(type, o => (o.CountryHeader, o.RegionHeader) = (" X-Geo-Country ", "X-Geo-Region"));

        Assert.Empty(problems);
        Assert.IsType(parserType, parser);
        Assert.Equal("X-Geo-Country", parser!.CountryHeader);
        Assert.Equal("X-Geo-Country, X-Geo-Region", parser.VaryHeader);
    }

    [Theory]
    [InlineData(RegionSourceType.Cloudflare, "CountryHeader", "which always reads CF-IPCountry and cf-region-code")]
    [InlineData(RegionSourceType.CloudFront, "RegionHeader", "which always reads CloudFront-Viewer-Country and CloudFront-Viewer-Country-Region")]
    [InlineData(RegionSourceType.Akamai, "CountryHeader", "which always reads X-Akamai-Edgescape")]
    [InlineData(RegionSourceType.Vercel, "RegionHeader", "which always reads x-vercel-ip-country and x-vercel-ip-country-region")]
    public void Preset_WithHeaderName_IsAProblem(RegionSourceType type, string key, string reads)
    {
        var (parser, problems) = Create(type, o =>
        {
            if (key == "CountryHeader")
            {
                o.CountryHeader = "X-Country";
            }
            else
            {
                o.RegionHeader = "X-Country";
            }
        });

        Assert.Null(parser);
        var problem = Assert.Single(problems);
        Assert.StartsWith($"{Key}:{key}: 'X-Country' does not apply to a {type} source", problem, StringComparison.Ordinal);
        Assert.Contains(reads, problem, StringComparison.Ordinal);
        Assert.Contains("use Type Header", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RegionSourceType.Fastly, "client.geo.country_code")]
    [InlineData(RegionSourceType.GoogleCloud, "{client_region}")]
    [InlineData(RegionSourceType.Header, "ISO 3166-1 alpha-2")]
    public void Configured_WithoutCountryHeader_IsAProblem(RegionSourceType type, string hint)
    {
        var (parser, problems) = Create(type, o => o.RegionHeader = "X-Geo-Region");

        Assert.Null(parser);
        var problem = Assert.Single(problems);
        Assert.StartsWith($"{Key}:CountryHeader is not set.", problem, StringComparison.Ordinal);
        Assert.Contains(hint, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CountryHeader", "X Geo", "is not a valid HTTP header name")]
    [InlineData("CountryHeader", "X-Geo:", "is not a valid HTTP header name")]
    [InlineData("RegionHeader", "X-Géo", "is not a valid HTTP header name")]
    [InlineData("RegionHeader", "x-geo-country", "is the same header as CountryHeader")]
    public void Configured_WithBadHeaderName_NamesKeyAndValue(string key, string value, string fix)
    {
        var (parser, problems) = Create(RegionSourceType.Header, o =>
        {
            o.CountryHeader = key == "CountryHeader" ? value : "X-Geo-Country";
            o.RegionHeader = key == "RegionHeader" ? value : null;
        });

        Assert.Null(parser);
        var problem = Assert.Single(problems);
        Assert.StartsWith($"{Key}:{key}: '{value}'", problem, StringComparison.Ordinal);
        Assert.Contains(fix, problem, StringComparison.Ordinal);
    }
}
