namespace ContentGate.Testing.MaxMind;

/// <summary>
/// What a GeoIP2-shaped test database says about a network: a country, its subdivisions and, optionally, the
/// details that make a City record look like one from a real database.
/// </summary>
/// <remarks>
/// Every optional value left <see langword="null"/> is left out of the record, as real databases do when they
/// do not know it. A <see cref="GeoDatabaseKind.Country"/> database keeps only the continent, country and
/// registered country.
/// </remarks>
public sealed class GeoRecord
{
    /// <summary>
    /// Initializes a new instance of the <see cref="GeoRecord"/> class.
    /// </summary>
    /// <param name="countryIsoCode">The country, two upper-case letters (ISO 3166-1 alpha-2), like <c>UA</c>.</param>
    /// <param name="subdivisionIsoCodes">
    /// The subdivisions, largest first, as full ISO 3166-2 codes of that country, like <c>UA-43</c>. The record
    /// stores them as MaxMind does, without the country prefix (<c>43</c>).
    /// </param>
    /// <exception cref="ArgumentException">A code is malformed or a subdivision belongs to another country.</exception>
    public GeoRecord(string countryIsoCode, params string[] subdivisionIsoCodes)
    {
        ArgumentNullException.ThrowIfNull(subdivisionIsoCodes);
        CountryIsoCode = RegionCodes.ValidateCountry(countryIsoCode, nameof(countryIsoCode));
        foreach (var subdivision in subdivisionIsoCodes)
        {
            var (country, _) = RegionCodes.ParseSubdivision(subdivision, nameof(subdivisionIsoCodes));
            if (!string.Equals(country, CountryIsoCode, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"The subdivision '{subdivision}' belongs to '{country}', not to the record's country " +
                    $"'{CountryIsoCode}'.",
                    nameof(subdivisionIsoCodes));
            }
        }

        SubdivisionIsoCodes = [.. subdivisionIsoCodes];
    }

    /// <summary>Gets the country code (ISO 3166-1 alpha-2), like <c>UA</c>.</summary>
    public string CountryIsoCode { get; }

    /// <summary>Gets the full subdivision codes (ISO 3166-2), like <c>UA-43</c>, largest first.</summary>
    public IReadOnlyList<string> SubdivisionIsoCodes { get; }

    /// <summary>Gets the country's English name (<c>country.names.en</c>). Defaults to <see langword="null"/>.</summary>
    public string? CountryName { get; init; }

    /// <summary>Gets the country's GeoNames id (<c>country.geoname_id</c>). Defaults to <see langword="null"/>.</summary>
    public uint? CountryGeoNameId { get; init; }

    /// <summary>
    /// Gets the code of the country the network is registered to (<c>registered_country</c>), when it differs from
    /// <see cref="CountryIsoCode"/>. Defaults to <see langword="null"/>: the same as the country, with its name
    /// and GeoNames id.
    /// </summary>
    public string? RegisteredCountryIsoCode { get; init; }

    /// <summary>
    /// Gets the English name of <see cref="RegisteredCountryIsoCode"/>. Defaults to <see langword="null"/>.
    /// </summary>
    public string? RegisteredCountryName { get; init; }

    /// <summary>
    /// Gets the continent code (<c>continent.code</c>): <c>AF</c>, <c>AN</c>, <c>AS</c>, <c>EU</c>, <c>NA</c>,
    /// <c>OC</c> or <c>SA</c>. Defaults to <see langword="null"/> (no continent).
    /// </summary>
    public string? ContinentCode { get; init; }

    /// <summary>
    /// Gets the continent's English name (<c>continent.names.en</c>); needs <see cref="ContinentCode"/>.
    /// Defaults to <see langword="null"/>.
    /// </summary>
    public string? ContinentName { get; init; }

    /// <summary>
    /// Gets the English names of the subdivisions, in the order of <see cref="SubdivisionIsoCodes"/> and with the
    /// same count; a <see langword="null"/> entry leaves that name out. City databases only. Defaults to
    /// <see langword="null"/> (no names).
    /// </summary>
    public IReadOnlyList<string?>? SubdivisionNames { get; init; }

    /// <summary>Gets the city's English name (<c>city.names.en</c>). City databases only. Defaults to <see langword="null"/>.</summary>
    public string? CityName { get; init; }

    /// <summary>Gets the city's GeoNames id (<c>city.geoname_id</c>). City databases only. Defaults to <see langword="null"/>.</summary>
    public uint? CityGeoNameId { get; init; }

    /// <summary>
    /// Gets the latitude (<c>location.latitude</c>), from -90 to 90; set it together with <see cref="Longitude"/>.
    /// City databases only. Defaults to <see langword="null"/>.
    /// </summary>
    public double? Latitude { get; init; }

    /// <summary>
    /// Gets the longitude (<c>location.longitude</c>), from -180 to 180; set it together with
    /// <see cref="Latitude"/>. City databases only. Defaults to <see langword="null"/>.
    /// </summary>
    public double? Longitude { get; init; }

    /// <summary>
    /// Gets the accuracy radius in kilometres (<c>location.accuracy_radius</c>). City databases only.
    /// Defaults to <see langword="null"/>.
    /// </summary>
    public ushort? AccuracyRadius { get; init; }

    /// <summary>
    /// Gets the IANA time zone (<c>location.time_zone</c>), like <c>Europe/Kyiv</c>. City databases only.
    /// Defaults to <see langword="null"/>.
    /// </summary>
    public string? TimeZone { get; init; }
}
