namespace ContentGate.MaxMind.Verification;

/// <summary>Where the parts of a database file are, from its metadata: the search tree, the separator, the data section.</summary>
/// <param name="IPVersion">4 (a 32-bit tree) or 6 (a 128-bit tree).</param>
/// <param name="RecordSize">Bits per search tree record: 24, 28 or 32.</param>
/// <param name="NodeCount">Nodes in the search tree.</param>
/// <param name="DatabaseType">The <c>database_type</c>, such as <c>GeoLite2-City</c>.</param>
/// <param name="DataStart">The file offset of the data section (after the tree and the 16-byte separator).</param>
/// <param name="DataLength">The data section's length: up to the metadata marker.</param>
internal sealed record DatabaseLayout(int IPVersion, int RecordSize, long NodeCount, string DatabaseType, int DataStart, int DataLength)
{
    /// <summary>The <c>build_epoch</c> of the metadata, in UTC.</summary>
    public DateTime BuildDate { get; init; }

    /// <summary>The layout of its records, from its type and the configured provider (GeoIP2 until the verifier says otherwise).</summary>
    public RecordSchema Schema { get; init; } = RecordSchema.GeoIP2;

    /// <summary>The zero bytes between the search tree and the data section.</summary>
    public const int SeparatorLength = 16;

    /// <summary>Bytes per node: two records.</summary>
    public int NodeLength => RecordSize / 4;

    /// <summary>The search tree's length in bytes, which is also where the separator starts.</summary>
    public long TreeLength => NodeCount * NodeLength;

    /// <summary>Address bits: how many nodes a lookup may pass at most.</summary>
    public int AddressBits => IPVersion == 6 ? 128 : 32;
}
