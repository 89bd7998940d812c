using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using ContentGate.MaxMind.Verification;
using ContentGate.Regions;

namespace ContentGate.MaxMind;

/// <summary>
/// One load of a database file: the region index compiled from a private in-memory copy, verified and checked exactly as
/// at start-up, and the file's metadata. Immutable managed memory, so a lookup needs no lease: a replacement is published
/// by writing one reference, and this load is collected once no lookup reads it any more.
/// </summary>
/// <remarks>
/// The file's bytes are freed as soon as the index is compiled: nothing is decoded at lookup time, so MaxMind's reader
/// (which kept its own copy of the file) is no longer built. What a load keeps is the index's tree (8 bytes per node)
/// and one <see cref="Region"/> per distinct answer.
/// </remarks>
internal sealed class MaxMindDatabaseGeneration
{
    private readonly RegionIndex _index;
    private readonly bool _isIPv6;
    private readonly NetworkCache _ipv4Networks = new(bucketPrefix: 24);
    private readonly NetworkCache _ipv6Networks = new(bucketPrefix: 48);

    private MaxMindDatabaseGeneration(string path, DatabaseLayout layout, RegionIndex index, MaxMindDatabaseFileStamp stamp, int number)
    {
        Path = path;
        _index = index;
        _isIPv6 = index.IsIPv6;
        DatabaseType = layout.DatabaseType;
        BuildDate = layout.BuildDate;
        Schema = layout.Schema;
        HasAutonomousSystems = index.HasAutonomousSystems;
        Stamp = stamp;
        Number = number;
        LoadedAt = DateTimeOffset.UtcNow;
    }

    public string Path { get; }

    public string DatabaseType { get; }

    /// <summary>The <c>build_epoch</c> of the file's metadata, in UTC.</summary>
    public DateTime BuildDate { get; }

    /// <summary>
    /// Whether records can carry subdivisions: GeoIP2 City databases and the City-shaped Enterprise ones, DB-IP City and
    /// Location databases; not IPinfo's, not Country files, not autonomous system files.
    /// </summary>
    public bool HasSubdivisions => Schema switch
    {
        RecordSchema.GeoIP2 => HasSubdivisionsByType(DatabaseType),
        RecordSchema.DbIp => DatabaseType.Contains("City", StringComparison.OrdinalIgnoreCase) || DatabaseType.Contains("Location", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>The layout its records were read in.</summary>
    public RecordSchema Schema { get; }

    /// <summary>Whether some answer carries an autonomous system.</summary>
    public bool HasAutonomousSystems { get; }

    /// <summary>DB-IP subdivision names that could not be mapped to ISO 3166-2 codes at load.</summary>
    public UnmappedSubdivisionNames UnmappedNames => _index.UnmappedNames;

    /// <summary>The file as it was when this load started reading it.</summary>
    public MaxMindDatabaseFileStamp Stamp { get; }

    /// <summary>1 for the load at start-up, one more for each accepted replacement.</summary>
    public int Number { get; }

    public DateTimeOffset LoadedAt { get; }

    /// <summary>The search tree and answers compiled at load, which lookups read.</summary>
    internal RegionIndex Index => _index;

    private static bool HasSubdivisionsByType(string databaseType)
        => databaseType.Contains("City", StringComparison.OrdinalIgnoreCase)
            || databaseType.Contains("Enterprise", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads, verifies and checks the file, or throws <see cref="MaxMindDatabaseException"/> saying what to fix.</summary>
    /// <param name="path">The full path of the file.</param>
    /// <param name="key">The configuration key (or command-line option) that names the file, for messages.</param>
    /// <param name="number">1 at start-up, one more for each replacement.</param>
    /// <param name="verifying">Called once the file is in memory, before it is verified; for tests of reloads.</param>
    /// <param name="reading">Whose layout the records follow and what the file is for.</param>
    public static MaxMindDatabaseGeneration Load(string path, string key, int number, Action? verifying = null, DatabaseReading reading = default)
    {
        // Taken before reading, so a change during the read shows up as a different stamp afterwards.
        var stamp = MaxMindDatabaseFileStamp.Read(path);
        if (!stamp.Exists)
        {
            throw new MaxMindDatabaseException(
                $"{key}: the file '{path}' does not exist. Download a GeoIP2 or GeoLite2 Country or City database " +
                "(for example with geoipupdate) and set the key to its path; a relative path is resolved against the content root.");
        }

        if (stamp.Length > MaxMindDatabaseBytes.MaxLength)
        {
            throw new MaxMindDatabaseException(
                string.Create(CultureInfo.InvariantCulture, $"{key}: the file '{path}' has {stamp.Length:N0} bytes; ContentGate reads database files of up to 2 GiB. ") +
                "GeoIP2 and GeoLite2 Country and City databases are far smaller: check that the key names the right file.");
        }

        MaxMindDatabaseBytes bytes;
        try
        {
            bytes = MaxMindDatabaseBytes.Read(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new MaxMindDatabaseException($"{key}: the file '{path}' does not exist (it disappeared while being opened).", ex);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new MaxMindDatabaseException($"{key}: the file '{path}' cannot be read ({ex.Message}). Give the app's user read access to it.", ex);
        }

        DatabaseLayout verified;
        RegionIndex index;
        using (bytes)
        {
            verifying?.Invoke();

            // Every node and every record, before anything is served: MaxMind's reader would only fail (or not at
            // all, for a file in another layout) when a visitor from the damaged network arrives.
            if (MaxMindDatabaseVerifier.Verify(bytes.Span, out var layout, out var records, reading.Provider) is { } defect)
            {
                throw new MaxMindDatabaseException(defect.ToMessage(key, path));
            }

            // Each distinct record decoded once, the tree rewritten to point at the answers: lookups decode nothing,
            // so the bytes are freed here (from the verified bytes, not the file: the file may have changed since).
            verified = layout!;
            index = RegionIndexCompiler.Compile(bytes.Span, verified, records!);
        }

        var generation = new MaxMindDatabaseGeneration(path, verified, index, stamp, number);
        generation.Check(key, reading.Role);
        return generation;
    }

    private void Check(string key, DatabaseRole role)
    {
        // Verification has read every record; what is left is the type's promise (a City file has subdivisions).
        var type = DatabaseType;
        if (role == DatabaseRole.AutonomousSystems)
        {
            if (!HasAutonomousSystems)
            {
                throw new MaxMindDatabaseException(
                    $"{key}: the file '{Path}' is a '{type}' database, read in {RecordSchemas.Describe(Schema)}'s layout, whose records carry no autonomous system. " +
                    "Use an autonomous system database: GeoLite2-ASN, GeoIP2-ISP, DB-IP's ASN Lite, or IPinfo Lite (whose records carry one).");
            }

            return;
        }

        if (Schema == RecordSchema.AutonomousSystems)
        {
            throw new MaxMindDatabaseException(
                $"{key}: the file '{Path}' is a '{type}' database of autonomous systems (networks), which has no countries. " +
                "Set it as ContentGate:MaxMind:AsnDatabasePath, and this key to a Country or City database. Use a GeoIP2 or GeoLite2 Country or City database (City for subdivisions such as UA-43), or DB-IP's or IPinfo's.");
        }

        if (Schema == RecordSchema.GeoIP2 && !(type.Contains("City", StringComparison.OrdinalIgnoreCase)
            || type.Contains("Country", StringComparison.OrdinalIgnoreCase)
            || type.Contains("Enterprise", StringComparison.OrdinalIgnoreCase)))
        {
            throw new MaxMindDatabaseException(
                $"{key}: the file '{Path}' is a '{type}' database, which has no countries. " +
                "Use a GeoIP2 or GeoLite2 Country or City database (City for subdivisions such as UA-43).");
        }
    }

    /// <summary>
    /// Looks an address up in the compiled index. Returns <see langword="false"/> when the database has no record for
    /// it or the record has no usable country.
    /// </summary>
    /// <remarks>
    /// An IPv4-mapped IPv6 address (<c>::ffff:203.0.113.9</c>, what a dual-stack socket reports for an IPv4 client)
    /// is looked up as the IPv4 address it carries. The answer for the address's network is remembered (see
    /// <see cref="NetworkCache"/>), so the next visitor from that network costs a hash and a compare.
    /// </remarks>
    public bool TryFind(IPAddress address, out Region region)
    {
        region = Find(address);
        return region.IsKnown;
    }

    /// <summary>
    /// The answer for an address as compiled: a known region, <see cref="Region.Unknown"/>, or in an autonomous system
    /// file a region that only carries the autonomous system.
    /// </summary>
    public Region Find(IPAddress address)
    {
        if (!TryKey(address, out var key, out var isIPv4, out _))
        {
            return Region.Unknown;
        }

        var cache = isIPv4 ? _ipv4Networks : _ipv6Networks;
        if (cache.TryGet(key, out var region))
        {
            return region;
        }

        int prefixLength;
        region = isIPv4
            ? _index.FindIPv4((uint)(key >> 96), out prefixLength)
            : _index.FindIPv6(key, out prefixLength);
        cache.Add(key, prefixLength, region);
        return region;
    }

    /// <summary>
    /// The address as a 128-bit cache key (IPv4 in the top 32 bits, also for IPv4-mapped IPv6); <see langword="false"/>
    /// when the database cannot hold it (IPv6 in an IPv4-only database).
    /// </summary>
    private bool TryKey(IPAddress address, out UInt128 key, out bool isIPv4, out bool isMapped)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        isMapped = false;
        if (written == 4)
        {
            isIPv4 = true;
            key = (UInt128)BinaryPrimitives.ReadUInt32BigEndian(bytes) << 96;
            return true;
        }

        if (IsIPv4Mapped(bytes))
        {
            isIPv4 = true;
            isMapped = true;
            key = (UInt128)BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]) << 96;
            return true;
        }

        isIPv4 = false;
        key = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        return _isIPv6;
    }

    private static bool IsIPv4Mapped(ReadOnlySpan<byte> address)
        => BinaryPrimitives.ReadUInt64LittleEndian(address) == 0 && BinaryPrimitives.ReadUInt32BigEndian(address[8..]) == 0x0000FFFF;
}
