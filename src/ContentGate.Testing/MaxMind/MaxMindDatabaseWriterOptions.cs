namespace ContentGate.Testing.MaxMind;

/// <summary>
/// The shape and metadata of a database written by <see cref="MaxMindDatabaseWriter"/>.
/// </summary>
/// <remarks>
/// The writer copies these values when it is constructed; changing the options afterwards has no effect on it.
/// </remarks>
public sealed class MaxMindDatabaseWriterOptions
{
    /// <summary>
    /// Gets or sets the <c>database_type</c> metadata value, which readers use to decide what the records mean.
    /// MaxMind's GeoIP2 <c>DatabaseReader</c> for .NET only answers <c>City()</c> for a type containing <c>City</c>
    /// and <c>Country()</c> for one containing <c>Country</c>. Names starting with <c>GeoIP</c> are
    /// reserved for MaxMind by the format specification. Required; there is no default.
    /// </summary>
    public required string DatabaseType { get; set; }

    /// <summary>
    /// Gets or sets the IP version of the search tree: <c>6</c> (128-bit tree that holds both IPv6 networks and
    /// IPv4 networks under <c>::/96</c>) or <c>4</c> (32-bit tree that holds only IPv4 networks).
    /// Defaults to <c>6</c>.
    /// </summary>
    public int IPVersion { get; set; } = MaxMindDatabaseWriterDefaults.IPVersion;

    /// <summary>
    /// Gets or sets the number of bits in each search tree record: <c>24</c>, <c>28</c> or <c>32</c>.
    /// Larger records allow larger databases; writing fails with a message naming this option when the
    /// database does not fit. Defaults to <c>28</c>.
    /// </summary>
    public int RecordSize { get; set; } = MaxMindDatabaseWriterDefaults.RecordSize;

    /// <summary>
    /// Gets the locale codes written as the <c>languages</c> metadata value (for example <c>en</c>), which tells
    /// readers which languages the records carry names in. Defaults to empty.
    /// </summary>
    public IList<string> Languages { get; } = new List<string>();

    /// <summary>
    /// Gets the <c>description</c> metadata value: language code to description text. Defaults to empty.
    /// </summary>
    public IDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets the <c>build_epoch</c> metadata value, the database's build time. It must not be earlier than
    /// the Unix epoch. Defaults to a fixed instant, 2025-01-01T00:00:00Z, so that the same inputs always produce
    /// the same bytes.
    /// </summary>
    public DateTimeOffset BuildEpoch { get; set; } = MaxMindDatabaseWriterDefaults.BuildEpoch;

    /// <summary>
    /// Gets or sets whether, in an IPv6 database, the IPv4-mapped range <c>::ffff:0:0/96</c> and the 6to4 range
    /// <c>2002::/16</c> point at the IPv4 networks stored under <c>::/96</c>, as MaxMind's own GeoIP2 databases do,
    /// so that looking up <c>::ffff:203.0.113.1</c> or <c>2002:cb00:7101::</c> answers like <c>203.0.113.1</c>.
    /// While it is on, inserting a network inside either range is an error (insert the IPv4 network instead).
    /// Ignored for IPv4 databases. Defaults to <see langword="true"/>.
    /// </summary>
    public bool AliasIPv4InIPv6 { get; set; } = MaxMindDatabaseWriterDefaults.AliasIPv4InIPv6;
}
