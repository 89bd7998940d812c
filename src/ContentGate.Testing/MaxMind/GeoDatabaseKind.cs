namespace ContentGate.Testing.MaxMind;

/// <summary>
/// The GeoIP2 record shape a <see cref="GeoDatabaseBuilder"/> writes.
/// </summary>
public enum GeoDatabaseKind
{
    /// <summary>
    /// City records, read with MaxMind's <c>DatabaseReader.City()</c>: continent, country, registered country,
    /// subdivisions, city and location.
    /// </summary>
    City,

    /// <summary>
    /// Country records, read with MaxMind's <c>DatabaseReader.Country()</c>: continent, country and registered
    /// country only.
    /// </summary>
    Country,
}
