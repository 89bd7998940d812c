using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using ContentGate.MaxMind.Verification;
using ContentGate.Regions;
using MaxMind.Db;

namespace ContentGate.MaxMind;

/// <summary>
/// One load of a database file: the reader over a private in-memory copy, verified and checked exactly as at start-up, and a
/// reference count so it is disposed only after the last lookup that started on it has finished.
/// </summary>
/// <remarks>
/// The count starts at one, the owning <see cref="MaxMindDatabase"/>'s reference, which it gives up with
/// <see cref="Retire"/> when a newer load replaces this one. Every lookup adds one with <see cref="TryAcquire"/> and
/// removes it with <see cref="Release"/>; whoever takes the count to zero disposes the reader. Once at zero the count
/// never rises again, so a lookup can never start on a disposed reader.
/// </remarks>
internal sealed class MaxMindDatabaseGeneration
{
    private readonly Reader _reader;
    private readonly RegionIndex _index;
    private readonly bool _isIPv6;
    private readonly NetworkCache _ipv4Networks = new(bucketPrefix: 24);
    private readonly NetworkCache _ipv6Networks = new(bucketPrefix: 48);
    private int _references = 1;

    private MaxMindDatabaseGeneration(string path, Reader reader, RegionIndex index, RecordSchema schema, MaxMindDatabaseFileStamp stamp, int number)
    {
        Path = path;
        _reader = reader;
        _index = index;
        _isIPv6 = index.IsIPv6;
        Schema = schema;
        HasAutonomousSystems = index.HasAutonomousSystems;
        Stamp = stamp;
        Number = number;
        LoadedAt = DateTimeOffset.UtcNow;
    }

    public string Path { get; }

    public string DatabaseType => _reader.Metadata.DatabaseType ?? string.Empty;

    /// <summary>The <c>build_epoch</c> of the file's metadata, in UTC.</summary>
    public DateTime BuildDate => _reader.Metadata.BuildDate;

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

    /// <summary>Whether the reader has been disposed (the last reference is gone). For tests.</summary>
    internal bool IsDisposed => Volatile.Read(ref _references) == 0;

    public static bool HasSubdivisionsByType(string databaseType)
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

        Reader reader;
        RegionIndex index;
        RecordSchema schema;
        using (bytes)
        {
            verifying?.Invoke();

            // Every node and every record, before anything is served: MaxMind's reader would only fail (or not at
            // all, for a file in another layout) when a visitor from the damaged network arrives.
            if (MaxMindDatabaseVerifier.Verify(bytes.Span, out var layout, out var records, reading.Provider) is { } defect)
            {
                throw new MaxMindDatabaseException(defect.ToMessage(key, path));
            }

            // Each distinct record decoded once, the tree rewritten to point at the answers: lookups decode nothing.
            index = RegionIndexCompiler.Compile(bytes.Span, layout!, records!);
            schema = layout!.Schema;

            try
            {
                // From the verified bytes, not the file: the file may have changed since it was read.
                reader = bytes.CreateReader();
            }
            catch (Exception ex) when (ex is InvalidDatabaseException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException or InvalidCastException or DeserializationException)
            {
                throw new MaxMindDatabaseException(
                    $"{key}: the file '{path}' is not a MaxMind DB (.mmdb) file or is truncated ({ex.Message}). " +
                    "Point the key at a GeoIP2 or GeoLite2 Country or City .mmdb file, not a CSV, archive or partial download.", ex);
            }
            catch (IOException ex)
            {
                throw new MaxMindDatabaseException($"{key}: the file '{path}' cannot be loaded into memory ({ex.Message}).", ex);
            }
        }

        var generation = new MaxMindDatabaseGeneration(path, reader, index, schema, stamp, number);
        try
        {
            generation.Check(key, reading.Role);
        }
        catch
        {
            generation.Retire();
            throw;
        }

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

    /// <summary>Adds a reference for one lookup; <see langword="false"/> once the reader has been disposed.</summary>
    public bool TryAcquire()
    {
        var count = Volatile.Read(ref _references);
        while (count > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, count + 1, count);
            if (seen == count)
            {
                return true;
            }

            count = seen;
        }

        return false;
    }

    /// <summary>Gives back a lookup's reference; the last one disposes the reader.</summary>
    public void Release()
    {
        var count = Interlocked.Decrement(ref _references);
        if (count == 0)
        {
            _reader.Dispose();
        }
        else if (count < 0)
        {
            throw new InvalidOperationException("A MaxMind database lease was released twice.");
        }
    }

    /// <summary>Gives back the owner's reference: the reader is disposed now, or when the last lookup on it ends.</summary>
    public void Retire() => Release();

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
    /// Answers from the network cache alone. <see langword="false"/> when the address's network is not cached (then
    /// <see cref="TryFind"/> must look it up); otherwise <paramref name="found"/> is what <see cref="TryFind"/> would
    /// return. Needs no reference: it reads no reader memory.
    /// </summary>
    public bool TryFindCached(IPAddress address, out Region region, out bool found)
    {
        if (!TryKey(address, out var key, out var isIPv4, out _))
        {
            region = Region.Unknown;
            found = false;
            return true;
        }

        if ((isIPv4 ? _ipv4Networks : _ipv6Networks).TryGet(key, out region))
        {
            found = region.IsKnown;
            return true;
        }

        found = false;
        return false;
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
