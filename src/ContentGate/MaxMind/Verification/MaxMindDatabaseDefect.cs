using System.Globalization;

namespace ContentGate.MaxMind.Verification;

/// <summary>What keeps a database file from being used, in the order they are checked and reported.</summary>
internal enum MaxMindDatabaseDefectKind
{
    /// <summary>No metadata, unreadable metadata, or a search tree longer than the file: not a (whole) MaxMind DB.</summary>
    NotMaxMindDb,

    /// <summary>A structure that does not decode: the tree, the separator, or a value in the data section.</summary>
    Corrupt,

    /// <summary>A well-formed file whose records are not GeoIP2 records: every visitor would be Unknown.</summary>
    ForeignSchema,

    /// <summary>A GeoIP2 file with a record whose country or subdivision codes ContentGate cannot read.</summary>
    InvalidRecord,
}

/// <summary>One reason a file is refused, with everything its message needs: what is wrong and where.</summary>
internal sealed record MaxMindDatabaseDefect(MaxMindDatabaseDefectKind Kind, string What, string? Where = null)
{
    private const string UseGeoIP2 = "Use a GeoIP2 or GeoLite2 Country or City database (City for subdivisions such as UA-43).";

    /// <summary>The database type, record count and look of a file in another layout (for <see cref="MaxMindDatabaseDefectKind.ForeignSchema"/>).</summary>
    public ForeignLayout? Foreign { get; init; }

    /// <summary>The message for the person configuring <paramref name="key"/>: the file, what is wrong, where, and what to do.</summary>
    public string ToMessage(string key, string path) => Kind switch
    {
        MaxMindDatabaseDefectKind.NotMaxMindDb =>
            $"{key}: the file '{path}' is not a MaxMind DB (.mmdb) file or is truncated ({What}). " +
            "Point the key at a GeoIP2 or GeoLite2 Country or City .mmdb file, not a CSV, archive or partial download.",
        MaxMindDatabaseDefectKind.Corrupt =>
            $"{key}: the file '{path}' is corrupt: {Where}, {What}. Download the database again (geoipupdate checks what it downloads); " +
            "ContentGate does not serve from a damaged file: its visitors in the damaged networks would be Unknown.",
        MaxMindDatabaseDefectKind.InvalidRecord =>
            $"{key}: the file '{path}' has a record ContentGate cannot read: {Where}, {What}. GeoIP2 records carry country.iso_code " +
            "as two letters and subdivisions[].iso_code as one to three letters or digits; this file is damaged or not a GeoIP2 " +
            "database. Download it again. " + UseGeoIP2,
        _ => ForeignMessage(key, path, Foreign!),
    };

    // ContentGate:MaxMind:DatabasePath → ContentGate:MaxMind:Provider; a CLI option keeps its own name.
    private static string ProviderKey(string key)
        => key.EndsWith(":DatabasePath", StringComparison.Ordinal) || key.EndsWith(":AsnDatabasePath", StringComparison.Ordinal)
            ? key[..key.LastIndexOf(':')] + ":Provider"
            : "ContentGate:MaxMind:Provider";

    private static string ForeignMessage(string key, string path, ForeignLayout foreign)
    {
        var type = foreign.DatabaseType;
        var claimsCountries = type.Contains("City", StringComparison.OrdinalIgnoreCase)
            || type.Contains("Country", StringComparison.OrdinalIgnoreCase)
            || type.Contains("Enterprise", StringComparison.OrdinalIgnoreCase);
        if (foreign.Records == 0)
        {
            return $"{key}: the file '{path}' is a '{type}' database without a single record: every visitor would be Unknown. {UseGeoIP2}";
        }

        var look = foreign.Keys.Count > 0
            ? $"Its records have the keys {string.Join(", ", foreign.Keys)}; for example {foreign.Example}."
            : $"Its records look like {foreign.Example}.";
        if (foreign.Schema != RecordSchema.GeoIP2)
        {
            var expected = foreign.Schema switch
            {
                RecordSchema.IPinfo => "a country_code (or a two-letter country)",
                RecordSchema.AutonomousSystems => "an autonomous_system_number",
                _ => "a country with an iso_code",
            };
            var records = foreign.Records == 1 ? "its only record lacks" : $"none of its {foreign.Records.ToString("N0", CultureInfo.InvariantCulture)} records has";
            return $"{key}: the file '{path}' is a '{type}' database, read in {RecordSchemas.Describe(foreign.Schema)}'s layout, but {records} {expected}, " +
                $"so every visitor would be Unknown. {look} If the file is another provider's, set {ProviderKey(key)} to MaxMind, DbIp or IPinfo; otherwise download it again.";
        }

        var none = foreign.Records == 1
            ? "its only record has no country"
            : $"none of its {foreign.Records.ToString("N0", CultureInfo.InvariantCulture)} records has a country";
        var hint = foreign.Keys.Contains("country_code") && foreign.Keys.Contains("asn")
            ? $" Its records look like IPinfo's: if it is an IPinfo file, set {ProviderKey(key)} to IPinfo."
            : " Other providers' .mmdb files have layouts of their own: ContentGate also reads DB-IP's and IPinfo's, recognised by their " +
              $"database type (DBIP-…, ipinfo …) or named in {ProviderKey(key)}.";
        return claimsCountries
            ? $"{key}: the file '{path}' is a '{type}' database, but not in the GeoIP2 format ContentGate reads: {none} " +
              $"with an iso_code (GeoIP2's country.iso_code), so every visitor would be Unknown. {look}{hint} {UseGeoIP2}"
            : $"{key}: the file '{path}' is a '{type}' database, which has no countries: {none} " +
              $"with an iso_code (GeoIP2's country.iso_code). {look} {UseGeoIP2}";
    }
}

/// <summary>What a file in another layout looks like.</summary>
/// <param name="DatabaseType">Its <c>database_type</c>.</param>
/// <param name="Records">How many distinct records it has.</param>
/// <param name="Keys">The top-level keys of its records (the first few met).</param>
/// <param name="Example">One record, written out (shortened).</param>
internal sealed record ForeignLayout(string DatabaseType, int Records, IReadOnlyList<string> Keys, string Example)
{
    /// <summary>The layout it was read in.</summary>
    public RecordSchema Schema { get; init; } = RecordSchema.GeoIP2;
}
