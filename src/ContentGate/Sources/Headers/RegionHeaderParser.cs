using ContentGate.Regions;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Sources.Headers;

/// <summary>
/// Reads a CDN's geolocation headers into a region. Parsers never throw and never trust their input: a value that
/// is not exactly what the CDN sends is <see cref="HeaderVerdict.Invalid"/>. They work on spans over the header
/// strings the server already holds, so reading allocates nothing once a region has been seen (see
/// <see cref="RegionTable"/>).
/// </summary>
internal abstract class RegionHeaderParser
{
    protected RegionHeaderParser(string countryHeader, string varyHeader)
    {
        CountryHeader = countryHeader;
        VaryHeader = varyHeader;
    }

    /// <summary>Gets the header that carries the country (for Akamai, the one header that carries everything).</summary>
    public string CountryHeader { get; }

    /// <summary>
    /// Gets the value for <c>Vary</c> on responses this source's answer decided: every header the answer depends on,
    /// comma-separated (<c>CF-IPCountry, cf-region-code</c>), so a cache never hands one subdivision's page to another.
    /// </summary>
    public string VaryHeader { get; }

    /// <summary>Gets the regions this parser has built, shared by every request it reads.</summary>
    protected RegionTable Regions { get; } = new();

    public abstract HeaderReading Read(IHeaderDictionary headers);

    /// <summary>
    /// Returns the header's value, or <see langword="null"/> when it is absent. A header sent more than once is
    /// <paramref name="repeated"/>: CDNs set these headers, they never append to them, so a second value means
    /// someone else supplied one.
    /// </summary>
    protected static string? SingleValue(IHeaderDictionary headers, string name, out bool repeated)
    {
        var values = headers[name];
        repeated = values.Count > 1;
        return values.Count == 0 ? null : values[0];
    }

    /// <summary>
    /// Reads an ISO 3166-1 alpha-2 country code in any case. <c>XX</c> (Cloudflare), <c>ZZ</c> (CLDR) and <c>**</c>
    /// (Fastly), the ways CDNs say "unknown", and an empty value are <see cref="HeaderVerdict.NotFound"/>;
    /// <c>T1</c> (Cloudflare's Tor code) is <see cref="HeaderVerdict.Tor"/>. These codes are never assigned to a
    /// country, so reading them the same way for every CDN cannot misread a real code.
    /// </summary>
    protected static HeaderVerdict ReadCountry(ReadOnlySpan<char> value, out Region? country)
    {
        country = null;
        if (value.IsEmpty)
        {
            return HeaderVerdict.NotFound;
        }

        if (value.Length != 2)
        {
            return HeaderVerdict.Invalid;
        }

        if (value.Equals("XX", StringComparison.OrdinalIgnoreCase) || value.Equals("ZZ", StringComparison.OrdinalIgnoreCase) || value.SequenceEqual("**"))
        {
            return HeaderVerdict.NotFound;
        }

        if (value.Equals("T1", StringComparison.OrdinalIgnoreCase))
        {
            return HeaderVerdict.Tor;
        }

        return RegionTable.TryGetCountry(value, out country) ? HeaderVerdict.Found : HeaderVerdict.Invalid;
    }

    /// <summary>
    /// Reads a subdivision of <paramref name="country"/> written as the part after the hyphen (<c>43</c>, <c>ca</c>)
    /// or as a full ISO 3166-2 code of the same country (<c>UA-43</c>). Empty, and Fastly's <c>NO REGION</c> and
    /// <c>?</c>, mean the country alone. Returns <see langword="false"/> for anything else.
    /// </summary>
    protected bool TryReadSubdivision(Region country, ReadOnlySpan<char> value, out Region region)
    {
        region = country;
        if (value.IsEmpty || value.SequenceEqual("?") || value.Equals("NO REGION", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (value.Length > 3 && value[2] == '-')
        {
            if (!value[..2].Equals(country.CountryCode, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            value = value[3..];
        }

        if (!Regions.TryGetSubdivision(country, value, out var subdivision))
        {
            return false;
        }

        region = subdivision;
        return true;
    }

    /// <summary>The reading for a country value that was not found.</summary>
    protected static HeaderReading NotAnswered(HeaderVerdict verdict, string header, string? value) => verdict switch
    {
        HeaderVerdict.Tor => HeaderReading.Tor,
        HeaderVerdict.Invalid => HeaderReading.Invalid(header, value),
        _ => HeaderReading.NotFound,
    };
}
