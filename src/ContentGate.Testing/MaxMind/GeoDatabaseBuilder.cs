using System.Net;

namespace ContentGate.Testing.MaxMind;

/// <summary>
/// Builds GeoIP2-shaped City or Country databases (<c>.mmdb</c>) for tests, readable by MaxMind's
/// <c>DatabaseReader</c> and by ContentGate's MaxMind region source.
/// </summary>
/// <remarks>
/// <para>
/// The database type defaults to <c>ContentGate-Test-City</c> or <c>ContentGate-Test-Country</c>: it contains
/// the word MaxMind's reader checks for, and it does not pretend to be a MaxMind product. Records carry English
/// (<c>en</c>) names only.
/// </para>
/// <example>
/// <code>
/// GeoDatabaseBuilder.City()
///     .Add(IPNetwork.Parse("203.0.113.0/29"), "RU")
///     .Add(IPNetwork.Parse("203.0.113.8/29"), "UA", "UA-43")
///     .WriteTo(path);
/// </code>
/// </example>
/// </remarks>
public sealed class GeoDatabaseBuilder
{
    private readonly MaxMindDatabaseWriter _writer;

    /// <summary>
    /// Initializes a new instance of the <see cref="GeoDatabaseBuilder"/> class.
    /// </summary>
    /// <param name="kind">Whether to write City or Country records.</param>
    /// <param name="configure">
    /// Changes the writer options, which start with the defaults for <paramref name="kind"/>: database type
    /// <c>ContentGate-Test-City</c> or <c>ContentGate-Test-Country</c>, languages <c>en</c>, an English description
    /// saying the data is synthetic, and the <see cref="MaxMindDatabaseWriterOptions"/> defaults for everything
    /// else. Defaults to <see langword="null"/> (keep the defaults).
    /// </param>
    /// <exception cref="ArgumentException">
    /// The configured database type would make MaxMind's reader refuse <c>City()</c> or <c>Country()</c> lookups.
    /// </exception>
    public GeoDatabaseBuilder(GeoDatabaseKind kind, Action<MaxMindDatabaseWriterOptions>? configure = null)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Use GeoDatabaseKind.City or GeoDatabaseKind.Country.");
        }

        var isCity = kind == GeoDatabaseKind.City;
        var options = new MaxMindDatabaseWriterOptions
        {
            DatabaseType = isCity
                ? MaxMindDatabaseWriterDefaults.CityDatabaseType
                : MaxMindDatabaseWriterDefaults.CountryDatabaseType,
            Languages = { MaxMindDatabaseWriterDefaults.Language },
            Descriptions =
            {
                [MaxMindDatabaseWriterDefaults.Language] = isCity
                    ? MaxMindDatabaseWriterDefaults.CityDescription
                    : MaxMindDatabaseWriterDefaults.CountryDescription,
            },
        };
        configure?.Invoke(options);

        var requiredWord = isCity ? "City" : "Country";
        if (options.DatabaseType is null || !options.DatabaseType.Contains(requiredWord, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The database type '{options.DatabaseType}' must contain '{requiredWord}', or MaxMind's " +
                $"DatabaseReader refuses {requiredWord}() lookups on the file.",
                nameof(configure));
        }

        Kind = kind;
        DatabaseType = options.DatabaseType;
        _writer = new MaxMindDatabaseWriter(options);
    }

    /// <summary>Gets whether this builder writes City or Country records.</summary>
    public GeoDatabaseKind Kind { get; }

    /// <summary>Gets the <c>database_type</c> written to the file's metadata.</summary>
    public string DatabaseType { get; }

    /// <summary>
    /// Returns a builder for a City database with the default options.
    /// </summary>
    /// <returns>A new builder.</returns>
    public static GeoDatabaseBuilder City() => new(GeoDatabaseKind.City);

    /// <summary>
    /// Returns a builder for a Country database with the default options.
    /// </summary>
    /// <returns>A new builder.</returns>
    public static GeoDatabaseBuilder Country() => new(GeoDatabaseKind.Country);

    /// <summary>
    /// Maps a network to a country and, in City databases, subdivisions. A later add wins for the addresses it
    /// covers.
    /// </summary>
    /// <param name="network">The network, IPv4 or IPv6.</param>
    /// <param name="countryIsoCode">The country, two upper-case letters (ISO 3166-1 alpha-2), like <c>UA</c>.</param>
    /// <param name="subdivisionIsoCodes">Full ISO 3166-2 codes of that country, like <c>UA-43</c>, largest first.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">A code is malformed, or a subdivision belongs to another country.</exception>
    public GeoDatabaseBuilder Add(IPNetwork network, string countryIsoCode, params string[] subdivisionIsoCodes) =>
        Add(network, new GeoRecord(countryIsoCode, subdivisionIsoCodes));

    /// <summary>
    /// Maps a network to a record with optional names, city and location details. A later add wins for the
    /// addresses it covers.
    /// </summary>
    /// <param name="network">The network, IPv4 or IPv6.</param>
    /// <param name="record">What the database says about the network.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">A value of <paramref name="record"/> is invalid.</exception>
    public GeoDatabaseBuilder Add(IPNetwork network, GeoRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _writer.Insert(network, GeoRecordFormat.ToMap(record, Kind));
        return this;
    }

    /// <summary>
    /// Maps a network to a raw record, for shapes <see cref="GeoRecord"/> cannot express, such as a record with no
    /// country or with extra fields. See <see cref="MaxMindDatabaseWriter.Insert"/> for the value types allowed.
    /// </summary>
    /// <param name="network">The network, IPv4 or IPv6.</param>
    /// <param name="record">The record, written as given.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The record holds a value the format cannot store.</exception>
    public GeoDatabaseBuilder AddRecord(IPNetwork network, IReadOnlyDictionary<string, object?> record)
    {
        _writer.Insert(network, record);
        return this;
    }

    /// <summary>Writes the database to a file, replacing the file if it exists.</summary>
    /// <param name="path">The file path. Its directory must exist.</param>
    public void WriteTo(string path) => _writer.WriteTo(path);

    /// <summary>Writes the database to <paramref name="stream"/>, from its current position.</summary>
    /// <param name="stream">A writable stream.</param>
    public void WriteTo(Stream stream) => _writer.WriteTo(stream);

    /// <summary>Returns the database as a byte array.</summary>
    /// <returns>The database file's bytes.</returns>
    public byte[] ToArray() => _writer.ToArray();
}
