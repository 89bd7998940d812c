using ContentGate.Regions;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Sources.Headers;

/// <summary>
/// A country header plus an optional subdivision header. Subclasses say only how a subdivision value reads; the
/// rest (one value per header, the country first, an absent subdivision meaning the country alone) is shared.
/// </summary>
internal abstract class CountryAndRegionHeaderParser : RegionHeaderParser
{
    protected CountryAndRegionHeaderParser(string countryHeader, string? regionHeader)
        : base(countryHeader, regionHeader is null ? countryHeader : countryHeader + ", " + regionHeader)
        => RegionHeader = regionHeader;

    public string? RegionHeader { get; }

    public sealed override HeaderReading Read(IHeaderDictionary headers)
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

        if (RegionHeader is null)
        {
            return HeaderReading.Found(country!);
        }

        var regionValue = SingleValue(headers, RegionHeader, out repeated);
        return !repeated && TryReadRegion(country!, regionValue.AsSpan().Trim(), out var region)
            ? HeaderReading.Found(region)
            : HeaderReading.Invalid(RegionHeader, regionValue);
    }

    /// <summary>Reads a trimmed subdivision value of <paramref name="country"/>; an empty value is the country alone.</summary>
    protected abstract bool TryReadRegion(Region country, ReadOnlySpan<char> value, out Region region);
}
