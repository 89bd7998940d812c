using Microsoft.AspNetCore.Http;

namespace ContentGate.Sources.Headers;

/// <summary>
/// A country header with an ISO 3166-1 alpha-2 code and an optional subdivision header with the part of the
/// ISO 3166-2 code after the hyphen (<c>43</c>) or the whole code (<c>UA-43</c>): Cloudflare, CloudFront, Vercel,
/// Fastly and any proxy configured with the <c>Header</c> type.
/// </summary>
internal sealed class IsoRegionHeaderParser : RegionHeaderParser
{
    private readonly string? _regionHeader;

    public IsoRegionHeaderParser(string countryHeader, string? regionHeader)
        : base(countryHeader, regionHeader is null ? countryHeader : countryHeader + ", " + regionHeader)
        => _regionHeader = regionHeader;

    public string? RegionHeader => _regionHeader;

    public override HeaderReading Read(IHeaderDictionary headers)
    {
        var countryValue = SingleValue(headers, CountryHeader, out var repeated);
        if (repeated)
        {
            return HeaderReading.Invalid(CountryHeader, countryValue);
        }

        var verdict = ReadCountry(countryValue.AsSpan().Trim(), out var country);
        if (verdict != HeaderVerdict.Found)
        {
            return NotAnswered(verdict, CountryHeader, countryValue);
        }

        if (_regionHeader is null)
        {
            return HeaderReading.Found(country!);
        }

        var regionValue = SingleValue(headers, _regionHeader, out repeated);
        return !repeated && TryReadSubdivision(country!, regionValue.AsSpan().Trim(), out var region)
            ? HeaderReading.Found(region)
            : HeaderReading.Invalid(_regionHeader, regionValue);
    }
}
