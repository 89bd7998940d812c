using ContentGate.Regions;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Sources.Headers;

/// <summary>
/// Akamai's <c>X-Akamai-Edgescape</c>: comma-separated <c>key=value</c> pairs
/// (<c>georegion=…,country_code=UA,region_code=43,city=…</c>). Only <c>country_code</c> and <c>region_code</c> are
/// read; other pairs, whatever they hold, are skipped. A key given twice, or text that is not a pair, is invalid.
/// </summary>
internal sealed class EdgescapeHeaderParser : RegionHeaderParser
{
    public const string HeaderName = "X-Akamai-Edgescape";

    public EdgescapeHeaderParser()
        : base(HeaderName, HeaderName)
    {
    }

    public override HeaderReading Read(IHeaderDictionary headers)
    {
        var raw = SingleValue(headers, HeaderName, out var repeated);
        if (repeated)
        {
            return HeaderReading.Invalid(HeaderName, raw);
        }

        var text = raw.AsSpan();
        ReadOnlySpan<char> countryCode = default;
        ReadOnlySpan<char> regionCode = default;
        var hasCountry = false;
        var hasRegion = false;
        foreach (var range in text.Split(','))
        {
            var pair = text[range];
            var equals = pair.IndexOf('=');
            if (equals < 0)
            {
                // Akamai writes only key=value pairs (a trailing comma aside): anything else is not its header.
                if (!pair.IsWhiteSpace())
                {
                    return HeaderReading.Invalid(HeaderName, raw);
                }

                continue;
            }

            var key = pair[..equals].Trim();
            var value = pair[(equals + 1)..].Trim();
            if (key.Equals("country_code", StringComparison.OrdinalIgnoreCase))
            {
                if (hasCountry)
                {
                    return HeaderReading.Invalid(HeaderName, raw);
                }

                countryCode = value;
                hasCountry = true;
            }
            else if (key.Equals("region_code", StringComparison.OrdinalIgnoreCase))
            {
                if (hasRegion)
                {
                    return HeaderReading.Invalid(HeaderName, raw);
                }

                regionCode = value;
                hasRegion = true;
            }
        }

        var verdict = ReadCountry(countryCode, out var country);
        if (verdict != HeaderVerdict.Found)
        {
            return NotAnswered(verdict, HeaderName, raw);
        }

        return TryReadSubdivision(country!, regionCode, out Region region)
            ? HeaderReading.Found(region)
            : HeaderReading.Invalid(HeaderName, raw);
    }
}
