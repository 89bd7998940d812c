namespace ContentGate.Sources.Headers;

/// <summary>
/// What each header source type reads, and the checks of its configuration keys: presets have fixed header names,
/// and <c>Fastly</c>, <c>GoogleCloud</c> and <c>Header</c> take configured ones.
/// </summary>
internal static class HeaderSourcePresets
{
    public const string CloudflareCountryHeader = "CF-IPCountry";
    public const string CloudflareRegionHeader = "cf-region-code";
    public const string CloudFrontCountryHeader = "CloudFront-Viewer-Country";
    public const string CloudFrontRegionHeader = "CloudFront-Viewer-Country-Region";
    public const string VercelCountryHeader = "x-vercel-ip-country";
    public const string VercelRegionHeader = "x-vercel-ip-country-region";

    /// <summary>Returns the source name the region feature, logs and metrics report: the type in lower case.</summary>
    public static string NameOf(RegionSourceType type) => type switch
    {
        RegionSourceType.Cloudflare => "cloudflare",
        RegionSourceType.CloudFront => "cloudfront",
        RegionSourceType.Fastly => "fastly",
        RegionSourceType.Akamai => "akamai",
        RegionSourceType.Vercel => "vercel",
        RegionSourceType.GoogleCloud => "googlecloud",
        RegionSourceType.Header => "header",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a header source type."),
    };

    /// <summary>Checks the keys of one header source entry and builds its parser; reports every problem.</summary>
    public static RegionHeaderParser? TryCreateParser(RegionSourceType type, RegionSourceOptions options, string key, List<string> problems)
    {
        var before = problems.Count;
        RegionHeaderParser? parser = type switch
        {
            RegionSourceType.Cloudflare => Preset(type, options, key, problems, new IsoRegionHeaderParser(CloudflareCountryHeader, CloudflareRegionHeader)),
            RegionSourceType.CloudFront => Preset(type, options, key, problems, new IsoRegionHeaderParser(CloudFrontCountryHeader, CloudFrontRegionHeader)),
            RegionSourceType.Vercel => Preset(type, options, key, problems, new IsoRegionHeaderParser(VercelCountryHeader, VercelRegionHeader)),
            RegionSourceType.Akamai => Preset(type, options, key, problems, new EdgescapeHeaderParser()),
            RegionSourceType.Fastly or RegionSourceType.Header or RegionSourceType.GoogleCloud => Configured(type, options, key, problems),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a header source type."),
        };
        return problems.Count > before ? null : parser;
    }

    private static RegionHeaderParser Preset(RegionSourceType type, RegionSourceOptions options, string key, List<string> problems, RegionHeaderParser parser)
    {
        var reads = parser is IsoRegionHeaderParser { RegionHeader: { } region } ? $"{parser.CountryHeader} and {region}" : parser.CountryHeader;
        foreach (var (name, value) in new[] { ("CountryHeader", options.CountryHeader), ("RegionHeader", options.RegionHeader) })
        {
            if (value is not null)
            {
                problems.Add($"{key}:{name}: '{value}' does not apply to a {type} source, which always reads {reads}. Remove it, or use Type Header to read other header names.");
            }
        }

        return parser;
    }

    private static RegionHeaderParser? Configured(RegionSourceType type, RegionSourceOptions options, string key, List<string> problems)
    {
        var (example, carries) = type switch
        {
            RegionSourceType.Fastly => ("Fastly-Geo-Country", "your VCL sets from client.geo.country_code"),
            RegionSourceType.GoogleCloud => ("X-Client-Region", "the load balancer's custom request header sets to {client_region}"),
            _ => ("X-Geo-Country", "your proxy sets to the visitor's ISO 3166-1 alpha-2 country code"),
        };

        var country = options.CountryHeader?.Trim();
        var region = options.RegionHeader?.Trim();
        var valid = true;
        if (string.IsNullOrEmpty(country))
        {
            problems.Add($"{key}:CountryHeader is not set. A {type} source reads the header {carries}: name it, for example \"{example}\".");
            valid = false;
        }
        else if (!IsHeaderName(country))
        {
            problems.Add($"{key}:CountryHeader: '{options.CountryHeader}' is not a valid HTTP header name. Use letters, digits and hyphens, for example \"{example}\".");
            valid = false;
        }

        if (options.RegionHeader is not null)
        {
            if (string.IsNullOrEmpty(region) || !IsHeaderName(region))
            {
                problems.Add($"{key}:RegionHeader: '{options.RegionHeader}' is not a valid HTTP header name. Use letters, digits and hyphens, or remove RegionHeader to read the country alone.");
                valid = false;
            }
            else if (string.Equals(region, country, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{key}:RegionHeader: '{options.RegionHeader}' is the same header as CountryHeader. Name the header that carries the subdivision, or remove RegionHeader.");
                valid = false;
            }
        }

        if (!valid)
        {
            return null;
        }

        return type == RegionSourceType.GoogleCloud
            ? new CldrRegionHeaderParser(country!, region)
            : new IsoRegionHeaderParser(country!, region);
    }

    /// <summary>Whether the name is an RFC 9110 token, the only form a header field name can take.</summary>
    private static bool IsHeaderName(string name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && "!#$%&'*+-.^_`|~".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }

        return name.Length > 0;
    }
}
