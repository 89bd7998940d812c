using System.Net;

namespace ContentGate.Testing.MaxMind;

/// <summary>
/// Builds databases in DB-IP's published <c>.mmdb</c> layout for tests: DB-IP Lite City (GeoIP2's City layout in which
/// subdivisions carry an English name and no ISO code) and DB-IP Lite Country. The data is synthetic.
/// </summary>
/// <remarks>
/// The database type is DB-IP's own (<c>DBIP-City-Lite</c>, <c>DBIP-Country-Lite</c>), so that a reader recognising
/// providers from the metadata is tested as it meets the real files; the description says the data is synthetic.
/// <example>
/// <code>
/// DbIpDatabaseBuilder.City()
///     .Add(IPNetwork.Parse("203.0.113.0/29"), "UA", "Crimea")
///     .WriteTo(path);
/// </code>
/// </example>
/// </remarks>
public sealed class DbIpDatabaseBuilder
{
    /// <summary>The database type DB-IP gives its free City file.</summary>
    public const string CityDatabaseType = "DBIP-City-Lite";

    /// <summary>The database type DB-IP gives its free Country file.</summary>
    public const string CountryDatabaseType = "DBIP-Country-Lite";

    private readonly MaxMindDatabaseWriter _writer;
    private readonly bool _isCity;

    private DbIpDatabaseBuilder(bool isCity, Action<MaxMindDatabaseWriterOptions>? configure)
    {
        _isCity = isCity;
        var options = new MaxMindDatabaseWriterOptions
        {
            DatabaseType = isCity ? CityDatabaseType : CountryDatabaseType,
            Languages = { MaxMindDatabaseWriterDefaults.Language },
            Descriptions = { [MaxMindDatabaseWriterDefaults.Language] = "ContentGate test database in DB-IP's layout, built from code. Synthetic data; not a DB-IP product." },
        };
        configure?.Invoke(options);
        _writer = new MaxMindDatabaseWriter(options);
    }

    /// <summary>Returns a builder for a DB-IP Lite City database.</summary>
    /// <param name="configure">Changes the writer options (database type, IP version, …). Defaults to none.</param>
    /// <returns>A new builder.</returns>
    public static DbIpDatabaseBuilder City(Action<MaxMindDatabaseWriterOptions>? configure = null) => new(isCity: true, configure);

    /// <summary>Returns a builder for a DB-IP Lite Country database.</summary>
    /// <param name="configure">Changes the writer options. Defaults to none.</param>
    /// <returns>A new builder.</returns>
    public static DbIpDatabaseBuilder Country(Action<MaxMindDatabaseWriterOptions>? configure = null) => new(isCity: false, configure);

    /// <summary>
    /// Maps a network to a country and, in a City database, subdivisions given by English name as DB-IP gives them
    /// (<c>Crimea</c>, <c>Kyiv City</c>). A later add wins for the addresses it covers.
    /// </summary>
    /// <param name="network">The network, IPv4 or IPv6.</param>
    /// <param name="countryIsoCode">The country, two upper-case letters (ISO 3166-1 alpha-2).</param>
    /// <param name="subdivisionNames">English names of the subdivisions, largest first.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The country is malformed, or a Country database is given subdivisions.</exception>
    public DbIpDatabaseBuilder Add(IPNetwork network, string countryIsoCode, params string[] subdivisionNames)
    {
        var country = RegionCodes.ValidateCountry(countryIsoCode, nameof(countryIsoCode));
        ArgumentNullException.ThrowIfNull(subdivisionNames);
        if (!_isCity && subdivisionNames.Length > 0)
        {
            throw new ArgumentException("A DB-IP Country database has no subdivisions.", nameof(subdivisionNames));
        }

        var record = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["continent"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = "EU", ["geoname_id"] = 6_255_148u, ["names"] = English("Europe") },
            ["country"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["geoname_id"] = 1u,
                ["is_in_european_union"] = false,
                ["iso_code"] = country,
                ["names"] = English(country),
            },
        };
        if (_isCity)
        {
            record["city"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["names"] = English("Synthetic City") };
            record["location"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["latitude"] = 0.0, ["longitude"] = 0.0 };
            if (subdivisionNames.Length > 0)
            {
                record["subdivisions"] = subdivisionNames.Select(name => (object?)new Dictionary<string, object?>(StringComparer.Ordinal) { ["names"] = English(name) }).ToList();
            }
        }

        _writer.Insert(network, record);
        return this;
    }

    /// <summary>Writes the database to a file, replacing the file if it exists.</summary>
    /// <param name="path">The file path. Its directory must exist.</param>
    public void WriteTo(string path) => _writer.WriteTo(path);

    /// <summary>Returns the database as a byte array.</summary>
    /// <returns>The database file's bytes.</returns>
    public byte[] ToArray() => _writer.ToArray();

    private static Dictionary<string, object?> English(string name) => new(StringComparer.Ordinal) { [MaxMindDatabaseWriterDefaults.Language] = name };
}
