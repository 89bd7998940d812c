using System.Globalization;
using System.Net;

namespace ContentGate.Testing.MaxMind;

/// <summary>
/// Builds databases in IPinfo Lite's published <c>.mmdb</c> layout for tests: flat records with <c>country_code</c>,
/// <c>country</c> (the name), <c>continent_code</c>, <c>continent</c>, <c>asn</c> (<c>"AS12389"</c>), <c>as_name</c> and
/// <c>as_domain</c>, and an empty string for a value IPinfo does not know. The data is synthetic.
/// </summary>
/// <remarks>
/// The database type is IPinfo's own (<c>ipinfo bundle_location_lite.mmdb</c>), so that a reader recognising providers
/// from the metadata is tested as it meets the real file.
/// </remarks>
public sealed class IPinfoDatabaseBuilder
{
    /// <summary>The database type IPinfo gives its free Lite file.</summary>
    public const string LiteDatabaseType = "ipinfo bundle_location_lite.mmdb";

    private readonly MaxMindDatabaseWriter _writer;

    /// <summary>Initializes a new instance of the <see cref="IPinfoDatabaseBuilder"/> class.</summary>
    /// <param name="configure">Changes the writer options (database type, IP version, …). Defaults to none.</param>
    public IPinfoDatabaseBuilder(Action<MaxMindDatabaseWriterOptions>? configure = null)
    {
        var options = new MaxMindDatabaseWriterOptions
        {
            DatabaseType = LiteDatabaseType,
            Languages = { MaxMindDatabaseWriterDefaults.Language },
            Descriptions = { [MaxMindDatabaseWriterDefaults.Language] = "ContentGate test database in IPinfo Lite's layout, built from code. Synthetic data; not an IPinfo product." },
        };
        configure?.Invoke(options);
        _writer = new MaxMindDatabaseWriter(options);
    }

    /// <summary>Maps a network to a country and an autonomous system. A later add wins for the addresses it covers.</summary>
    /// <param name="network">The network, IPv4 or IPv6.</param>
    /// <param name="countryIsoCode">The country, two upper-case letters, or <see langword="null"/> for IPinfo's empty value.</param>
    /// <param name="autonomousSystemNumber">The autonomous system, such as <c>12389</c>, or <see langword="null"/> for IPinfo's empty value.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The country is malformed.</exception>
    public IPinfoDatabaseBuilder Add(IPNetwork network, string? countryIsoCode, long? autonomousSystemNumber = null)
    {
        var country = countryIsoCode is null ? string.Empty : RegionCodes.ValidateCountry(countryIsoCode, nameof(countryIsoCode));
        ArgumentOutOfRangeException.ThrowIfLessThan(autonomousSystemNumber ?? 1, 1, nameof(autonomousSystemNumber));
        _writer.Insert(network, new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["as_domain"] = autonomousSystemNumber is null ? string.Empty : "example.net",
            ["as_name"] = autonomousSystemNumber is null ? string.Empty : "Example Networks",
            ["asn"] = autonomousSystemNumber is { } number ? "AS" + number.ToString(CultureInfo.InvariantCulture) : string.Empty,
            ["continent"] = country.Length == 0 ? string.Empty : "Europe",
            ["continent_code"] = country.Length == 0 ? string.Empty : "EU",
            ["country"] = country.Length == 0 ? string.Empty : "Synthetic " + country,
            ["country_code"] = country,
        });
        return this;
    }

    /// <summary>Writes the database to a file, replacing the file if it exists.</summary>
    /// <param name="path">The file path. Its directory must exist.</param>
    public void WriteTo(string path) => _writer.WriteTo(path);

    /// <summary>Returns the database as a byte array.</summary>
    /// <returns>The database file's bytes.</returns>
    public byte[] ToArray() => _writer.ToArray();
}
