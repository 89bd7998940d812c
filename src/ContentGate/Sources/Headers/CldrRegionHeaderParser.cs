using Microsoft.AspNetCore.Http;

namespace ContentGate.Sources.Headers;

/// <summary>
/// Google Cloud load balancer custom headers: a country header carrying <c>{client_region}</c> (a CLDR region code,
/// the ISO 3166-1 alpha-2 code for countries) and an optional subdivision header carrying
/// <c>{client_region_subdivision}</c>, a CLDR subdivision id: the country code and the ISO 3166-2 part without the
/// hyphen, in any case (<c>USCA</c>, <c>ua43</c> → <c>US-CA</c>, <c>UA-43</c>). CLDR's <c>zzzz</c> suffix means an
/// unknown subdivision.
/// </summary>
internal sealed class CldrRegionHeaderParser : RegionHeaderParser
{
    private readonly string? _regionHeader;

    public CldrRegionHeaderParser(string countryHeader, string? regionHeader)
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
        var id = regionValue.AsSpan().Trim();
        if (repeated)
        {
            return HeaderReading.Invalid(_regionHeader, regionValue);
        }

        if (id.IsEmpty)
        {
            return HeaderReading.Found(country!);
        }

        // The prefix must be the country the other header names: a mismatch is a forged or garbled pair.
        if (id.Length < 3 || !id[..2].Equals(country!.CountryCode, StringComparison.OrdinalIgnoreCase))
        {
            return HeaderReading.Invalid(_regionHeader, regionValue);
        }

        var suffix = id[2..];
        if (suffix.Equals("zzzz", StringComparison.OrdinalIgnoreCase))
        {
            return HeaderReading.Found(country);
        }

        return Regions.TryGetSubdivision(country, suffix, out var region)
            ? HeaderReading.Found(region)
            : HeaderReading.Invalid(_regionHeader, regionValue);
    }
}
