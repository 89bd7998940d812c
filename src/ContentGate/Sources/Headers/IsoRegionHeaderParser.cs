using ContentGate.Regions;

namespace ContentGate.Sources.Headers;

/// <summary>
/// A country header with an ISO 3166-1 alpha-2 code and an optional subdivision header with the part of the
/// ISO 3166-2 code after the hyphen (<c>43</c>) or the whole code (<c>UA-43</c>): Cloudflare, CloudFront, Vercel,
/// Fastly and any proxy configured with the <c>Header</c> type.
/// </summary>
internal sealed class IsoRegionHeaderParser(string countryHeader, string? regionHeader)
    : CountryAndRegionHeaderParser(countryHeader, regionHeader)
{
    protected override bool TryReadRegion(Region country, ReadOnlySpan<char> value, out Region region)
        => TryReadSubdivision(country, value, out region);
}
