using MaxMind.Db;

namespace ContentGate.MaxMind;

// The smallest model of a GeoIP2 Country/City record that answers "which country and subdivisions": the
// decoder skips every other field (names in many languages, location, postal, traits), which is most of the
// cost of DatabaseReader.City().
internal sealed class CountryAndSubdivisions
{
    [Constructor]
    public CountryAndSubdivisions(
        [MapKey("country")] IsoCodeRecord? country,
        [MapKey("subdivisions")] List<IsoCodeRecord>? subdivisions)
    {
        Country = country;
        Subdivisions = subdivisions;
    }

    public IsoCodeRecord? Country { get; }

    public List<IsoCodeRecord>? Subdivisions { get; }
}

internal sealed class IsoCodeRecord
{
    [Constructor]
    public IsoCodeRecord([MapKey("iso_code")] string? isoCode) => IsoCode = isoCode;

    public string? IsoCode { get; }
}
