using ContentGate.Regions;

namespace ContentGate.Sources.Headers;

/// <summary>
/// Google Cloud load balancer custom headers: a country header carrying <c>{client_region}</c> (a CLDR region code,
/// the ISO 3166-1 alpha-2 code for countries) and an optional subdivision header carrying
/// <c>{client_region_subdivision}</c>, a CLDR subdivision id: the country code and the ISO 3166-2 part without the
/// hyphen, in any case (<c>USCA</c>, <c>ua43</c> → <c>US-CA</c>, <c>UA-43</c>). CLDR's <c>zzzz</c> suffix means an
/// unknown subdivision.
/// </summary>
internal sealed class CldrRegionHeaderParser(string countryHeader, string? regionHeader)
    : CountryAndRegionHeaderParser(countryHeader, regionHeader)
{
    protected override bool TryReadRegion(Region country, ReadOnlySpan<char> value, out Region region)
    {
        region = country;
        if (value.IsEmpty)
        {
            return true;
        }

        // The prefix must be the country the other header names: a mismatch is a forged or garbled pair.
        if (value.Length < 3 || !value[..2].Equals(country.CountryCode, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var suffix = value[2..];
        if (suffix.Equals("zzzz", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!Regions.TryGetSubdivision(country, suffix, out var subdivision))
        {
            return false;
        }

        region = subdivision;
        return true;
    }
}
