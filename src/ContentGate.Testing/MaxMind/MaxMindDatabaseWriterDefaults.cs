namespace ContentGate.Testing.MaxMind;

/// <summary>
/// The defaults of <see cref="MaxMindDatabaseWriterOptions"/> and <see cref="GeoDatabaseBuilder"/>, kept in one place.
/// </summary>
internal static class MaxMindDatabaseWriterDefaults
{
    public const int IPVersion = 6;

    public const int RecordSize = 28;

    public const bool AliasIPv4InIPv6 = true;

    // A fixed instant rather than "now", so the same inputs always give the same bytes.
    public static readonly DateTimeOffset BuildEpoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Names starting with "GeoIP" are reserved for MaxMind by the format specification; these must contain
    // "City" / "Country" because MaxMind's DatabaseReader checks the type before answering City()/Country().
    public const string CityDatabaseType = "ContentGate-Test-City";

    public const string CountryDatabaseType = "ContentGate-Test-Country";

    public const string Language = "en";

    public const string CityDescription =
        "ContentGate test City database built from code. Synthetic data; not a MaxMind product.";

    public const string CountryDescription =
        "ContentGate test Country database built from code. Synthetic data; not a MaxMind product.";
}
