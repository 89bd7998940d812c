using System.Net;

namespace ContentGate.Testing.MaxMind;

/// <summary>
/// Builds autonomous system databases in the layout of GeoLite2-ASN (which GeoIP2-ISP and DB-IP's ASN Lite share):
/// records with <c>autonomous_system_number</c> and <c>autonomous_system_organization</c>. The data is synthetic.
/// </summary>
public sealed class AsnDatabaseBuilder
{
    /// <summary>The default database type: ContentGate's own, with the word <c>ASN</c> readers recognise.</summary>
    public const string DefaultDatabaseType = "ContentGate-Test-ASN";

    private readonly MaxMindDatabaseWriter _writer;

    /// <summary>Initializes a new instance of the <see cref="AsnDatabaseBuilder"/> class.</summary>
    /// <param name="configure">Changes the writer options (database type, such as <c>DBIP-ASN-Lite</c>; IP version …). Defaults to none.</param>
    public AsnDatabaseBuilder(Action<MaxMindDatabaseWriterOptions>? configure = null)
    {
        var options = new MaxMindDatabaseWriterOptions
        {
            DatabaseType = DefaultDatabaseType,
            Languages = { MaxMindDatabaseWriterDefaults.Language },
            Descriptions = { [MaxMindDatabaseWriterDefaults.Language] = "ContentGate test autonomous system database built from code. Synthetic data." },
        };
        configure?.Invoke(options);
        _writer = new MaxMindDatabaseWriter(options);
    }

    /// <summary>Maps a network to an autonomous system. A later add wins for the addresses it covers.</summary>
    /// <param name="network">The network, IPv4 or IPv6.</param>
    /// <param name="autonomousSystemNumber">The number, from 1 to 4294967295.</param>
    /// <param name="organization">The organization's name. Defaults to a synthetic one.</param>
    /// <returns>This builder.</returns>
    public AsnDatabaseBuilder Add(IPNetwork network, long autonomousSystemNumber, string organization = "Example Networks")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(autonomousSystemNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(autonomousSystemNumber, uint.MaxValue);
        _writer.Insert(network, new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["autonomous_system_number"] = (uint)autonomousSystemNumber,
            ["autonomous_system_organization"] = organization,
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
