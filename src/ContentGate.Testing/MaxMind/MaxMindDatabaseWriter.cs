using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ContentGate.Testing.MaxMind;

/// <summary>
/// Writes MaxMind DB (<c>.mmdb</c>) files, the format read by MaxMind's readers (<c>MaxMind.Db</c>,
/// <c>MaxMind.GeoIP2</c>, <c>libmaxminddb</c>), from networks and records given in code.
/// </summary>
/// <remarks>
/// <para>
/// Records are maps built from .NET values (see <see cref="Insert"/>). Identical records are stored once, and
/// repeated values inside records (names, keys) are shared through pointers. The same inputs in the same order
/// always produce the same bytes.
/// </para>
/// <para>
/// Networks may overlap: each insert wins for the addresses it covers. A smaller network inserted after a larger
/// one carves its addresses out of it; a larger network inserted after smaller ones replaces them.
/// </para>
/// <para>An instance is not thread-safe.</para>
/// </remarks>
public sealed class MaxMindDatabaseWriter
{
    private const int DataSectionSeparatorSize = 16;
    private const int MaxMetadataSize = 128 * 1024;

    private static readonly byte[] MetadataStartMarker = [0xAB, 0xCD, 0xEF, .. "MaxMind.com"u8];

    // ::ffff:0:0/96 (IPv4-mapped) and 2002::/16 (6to4), left-aligned as (high, low) 64-bit halves.
    private static readonly AliasNetwork[] IPv4Aliases =
    [
        new(0, 0x0000_FFFF_0000_0000, 96),
        new(0x2002_0000_0000_0000, 0, 16),
    ];

    private readonly string _databaseType;
    private readonly int _ipVersion;
    private readonly int _recordSize;
    private readonly string[] _languages;
    private readonly Dictionary<string, object?> _descriptions;
    private readonly ulong _buildEpoch;
    private readonly bool _aliasIPv4;

    private readonly SearchTree _tree;
    private readonly RecordSerializer _serializer = new();
    private readonly List<byte[]> _records = [];
    private readonly Dictionary<byte[], int> _recordIds = new(ByteSequenceComparer.Instance);
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _recordIdsBySpan;

    /// <summary>
    /// Initializes a new instance of the <see cref="MaxMindDatabaseWriter"/> class.
    /// </summary>
    /// <param name="options">The database shape and metadata. The values are copied.</param>
    /// <exception cref="ArgumentException">An option has a value the format does not allow.</exception>
    public MaxMindDatabaseWriter(MaxMindDatabaseWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.DatabaseType))
        {
            throw new ArgumentException(
                $"{nameof(MaxMindDatabaseWriterOptions)}.{nameof(options.DatabaseType)} is required, for example " +
                "\"ContentGate-Test-City\".",
                nameof(options));
        }

        if (options.IPVersion is not (4 or 6))
        {
            throw new ArgumentException(
                $"{nameof(MaxMindDatabaseWriterOptions)}.{nameof(options.IPVersion)} must be 4 or 6, not " +
                $"{options.IPVersion.ToString(CultureInfo.InvariantCulture)}.",
                nameof(options));
        }

        if (options.RecordSize is not (24 or 28 or 32))
        {
            throw new ArgumentException(
                $"{nameof(MaxMindDatabaseWriterOptions)}.{nameof(options.RecordSize)} must be 24, 28 or 32, not " +
                $"{options.RecordSize.ToString(CultureInfo.InvariantCulture)}.",
                nameof(options));
        }

        if (options.BuildEpoch < DateTimeOffset.UnixEpoch)
        {
            throw new ArgumentException(
                $"{nameof(MaxMindDatabaseWriterOptions)}.{nameof(options.BuildEpoch)} must not be earlier than " +
                "1970-01-01T00:00:00Z; the format stores it as unsigned Unix seconds.",
                nameof(options));
        }

        if (options.Languages.Any(language => string.IsNullOrEmpty(language)))
        {
            throw new ArgumentException(
                $"{nameof(MaxMindDatabaseWriterOptions)}.{nameof(options.Languages)} must not contain null or empty codes.",
                nameof(options));
        }

        _databaseType = options.DatabaseType;
        _ipVersion = options.IPVersion;
        _recordSize = options.RecordSize;
        _languages = [.. options.Languages];
        _descriptions = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (language, text) in options.Descriptions)
        {
            _descriptions[language] = text;
        }

        _buildEpoch = (ulong)options.BuildEpoch.ToUnixTimeSeconds();
        _aliasIPv4 = options.AliasIPv4InIPv6 && _ipVersion == 6;
        _tree = new SearchTree(_ipVersion == 6 ? 128 : 32);
        _recordIdsBySpan = _recordIds.GetAlternateLookup<ReadOnlySpan<byte>>();
        if (_aliasIPv4)
        {
            InsertAliases();
        }
    }

    /// <summary>
    /// Stores <paramref name="record"/> for every address in <paramref name="network"/>, replacing whatever earlier
    /// inserts stored for those addresses.
    /// </summary>
    /// <param name="network">
    /// The network. In an IPv6 database an IPv4 network is stored under <c>::/96</c>, where readers look IPv4
    /// addresses up. An IPv4 database accepts only IPv4 networks.
    /// </param>
    /// <param name="record">
    /// The record, a map from string keys to values of these types: <see cref="string"/> (UTF-8 string),
    /// <see cref="bool"/> (boolean), <see cref="int"/> (int32), <see cref="uint"/> (uint32), <see cref="ushort"/>
    /// (uint16), <see cref="ulong"/> (uint64), <see cref="long"/> (uint64 when non-negative, int32 when negative),
    /// <see cref="double"/> (double), <see cref="float"/> (float), <see cref="byte"/>[] (bytes), any dictionary with
    /// string keys (map) and any other sequence (array) of these. <see langword="null"/> map values and array
    /// elements are left out. The record is serialized immediately, so changing it afterwards has no effect.
    /// </param>
    /// <exception cref="ArgumentException">
    /// The network does not fit this database, or the record holds a value the format cannot store; the message
    /// names the offending value's path.
    /// </exception>
    public void Insert(IPNetwork network, IReadOnlyDictionary<string, object?> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var (high, low, prefixLength) = ToTreePrefix(network);
        var bytes = _serializer.Serialize(record, nameof(record));
        if (!_recordIdsBySpan.TryGetValue(bytes, out var dataId))
        {
            var copy = bytes.ToArray();
            dataId = _records.Count;
            _records.Add(copy);
            _recordIds.Add(copy, dataId);
        }

        _tree.Insert(high, low, prefixLength, SearchTree.DataRecord(dataId));
        if (_aliasIPv4 && CoversAnAlias(high, low, prefixLength))
        {
            // The new network covered an alias range and so replaced it: put the alias back.
            InsertAliases();
        }
    }

    /// <summary>
    /// Writes the database to <paramref name="stream"/>, from its current position.
    /// </summary>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="InvalidOperationException">
    /// The database does not fit the configured <see cref="MaxMindDatabaseWriterOptions.RecordSize"/>.
    /// </exception>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Layout().WriteTo(stream);
    }

    /// <summary>
    /// Writes the database to a file, replacing the file if it exists.
    /// </summary>
    /// <param name="path">The file path. Its directory must exist.</param>
    /// <exception cref="InvalidOperationException">
    /// The database does not fit the configured <see cref="MaxMindDatabaseWriterOptions.RecordSize"/>.
    /// </exception>
    public void WriteTo(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var layout = Layout();
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        layout.WriteTo(file);
    }

    /// <summary>
    /// Returns the database as a byte array, for example to open it with <c>new Reader(new MemoryStream(bytes))</c>.
    /// </summary>
    /// <returns>The database file's bytes.</returns>
    /// <exception cref="InvalidOperationException">
    /// The database does not fit the configured <see cref="MaxMindDatabaseWriterOptions.RecordSize"/>.
    /// </exception>
    public byte[] ToArray()
    {
        var layout = Layout();
        var bytes = new byte[checked((int)layout.TotalLength)];
        using var stream = new MemoryStream(bytes, writable: true);
        layout.WriteTo(stream);
        return bytes;
    }

    private static bool SharesPrefix(ulong high1, ulong low1, ulong high2, ulong low2, int bits)
    {
        if (bits == 0)
        {
            return true;
        }

        if (bits <= 64)
        {
            return (high1 ^ high2) >> (64 - bits) == 0;
        }

        return high1 == high2 && (low1 ^ low2) >> (128 - bits) == 0;
    }

    private static bool CoversAnAlias(ulong high, ulong low, int prefixLength)
    {
        foreach (var alias in IPv4Aliases)
        {
            if (prefixLength <= alias.PrefixLength && SharesPrefix(high, low, alias.High, alias.Low, prefixLength))
            {
                return true;
            }
        }

        return false;
    }

    private void InsertAliases()
    {
        foreach (var alias in IPv4Aliases)
        {
            _tree.Insert(alias.High, alias.Low, alias.PrefixLength, SearchTree.AliasRecord);
        }
    }

    private (ulong High, ulong Low, int PrefixLength) ToTreePrefix(IPNetwork network)
    {
        var address = network.BaseAddress;
        var prefixLength = network.PrefixLength;
        if (address is null)
        {
            throw new ArgumentException("The network has no base address (was it default(IPNetwork)?).", nameof(network));
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var length))
        {
            throw new ArgumentException($"The network {network} has an unsupported address.", nameof(network));
        }

        ulong high;
        ulong low;
        if (address.AddressFamily == AddressFamily.InterNetwork && length == 4)
        {
            var value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
            (high, low, prefixLength) = _ipVersion == 4
                ? ((ulong)value << 32, 0UL, prefixLength)
                : (0UL, value, prefixLength + 96);
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && length == 16)
        {
            if (_ipVersion == 4)
            {
                throw new ArgumentException(
                    $"The network {network} is IPv6, but this database has {nameof(MaxMindDatabaseWriterOptions.IPVersion)} 4, " +
                    "which holds only IPv4 networks. Use an IPv6 database (the default) to store both.",
                    nameof(network));
            }

            high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
            low = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
            if (_aliasIPv4)
            {
                foreach (var alias in IPv4Aliases)
                {
                    if (prefixLength >= alias.PrefixLength && SharesPrefix(high, low, alias.High, alias.Low, alias.PrefixLength))
                    {
                        throw new ArgumentException(
                            $"The network {network} lies inside {alias}, which this database aliases to its IPv4 " +
                            "networks. Insert the IPv4 network instead (lookups of the IPv4-mapped and 6to4 forms " +
                            $"then find it), or set {nameof(MaxMindDatabaseWriterOptions)}." +
                            $"{nameof(MaxMindDatabaseWriterOptions.AliasIPv4InIPv6)} to false.",
                            nameof(network));
                    }
                }
            }
        }
        else
        {
            throw new ArgumentException($"The network {network} is neither IPv4 nor IPv6.", nameof(network));
        }

        if (!SharesPrefix(high, low, high & Mask(prefixLength, 0), low & Mask(prefixLength, 64), 128))
        {
            throw new ArgumentException(
                $"The network {network} has bits set after its prefix length.", nameof(network));
        }

        return (high, low, prefixLength);
    }

    private static ulong Mask(int prefixLength, int offset)
    {
        var bits = Math.Clamp(prefixLength - offset, 0, 64);
        return bits == 0 ? 0 : ulong.MaxValue << (64 - bits);
    }

    private DatabaseLayout Layout()
    {
        // Pass 1: number the reachable nodes in preorder (the root is node 0) and find the records in use.
        var numbering = new NodeNumbering(new int[_tree.NodeCapacity], new bool[_records.Count]);
        _tree.VisitPreorder(ref numbering);
        var nodeCount = numbering.Count;

        var ipv4Root = _aliasIPv4 ? _tree.FollowZeroBits(96) : SearchTree.EmptyRecord;
        if (SearchTree.IsData(ipv4Root))
        {
            numbering.UsedData[SearchTree.DataId(ipv4Root)] = true;
        }

        var data = new DataSectionBuilder();
        var dataOffsets = new int[_records.Count];
        for (var id = 0; id < _records.Count; id++)
        {
            if (numbering.UsedData[id])
            {
                dataOffsets[id] = data.Append(_records[id]);
            }
        }

        var dataLength = data.Data.Length;
        var largestRecord = (ulong)nodeCount + DataSectionSeparatorSize + (ulong)Math.Max(dataLength - 1, 0);
        if (largestRecord >= 1UL << _recordSize)
        {
            throw new InvalidOperationException(
                $"The database has {nodeCount.ToString(CultureInfo.InvariantCulture)} search tree nodes and a " +
                $"{dataLength.ToString(CultureInfo.InvariantCulture)}-byte data section, which do not fit " +
                $"{_recordSize.ToString(CultureInfo.InvariantCulture)}-bit records. Set " +
                $"{nameof(MaxMindDatabaseWriterOptions)}.{nameof(MaxMindDatabaseWriterOptions.RecordSize)} to a larger value.");
        }

        var metadata = new RecordSerializer().Serialize(BuildMetadata(nodeCount), "metadata").ToArray();
        if (MetadataStartMarker.Length + metadata.Length > MaxMetadataSize)
        {
            throw new InvalidOperationException(
                "The metadata (database type, languages and descriptions) exceeds the format's 128 KiB limit.");
        }

        var records = new RecordMapping(numbering.NewIndex, nodeCount, dataOffsets, ipv4Root);
        return new DatabaseLayout(_tree, _recordSize, records, nodeCount, data.Data.ToArray(), metadata);
    }

    private Dictionary<string, object?> BuildMetadata(int nodeCount) => new(StringComparer.Ordinal)
    {
        ["binary_format_major_version"] = (ushort)2,
        ["binary_format_minor_version"] = (ushort)0,
        ["build_epoch"] = _buildEpoch,
        ["database_type"] = _databaseType,
        ["description"] = _descriptions,
        ["ip_version"] = (ushort)_ipVersion,
        ["languages"] = _languages,
        ["node_count"] = (uint)nodeCount,
        ["record_size"] = (ushort)_recordSize,
    };

    private readonly record struct AliasNetwork(ulong High, ulong Low, int PrefixLength)
    {
        public override string ToString() => PrefixLength == 96 ? "::ffff:0:0/96" : "2002::/16";
    }

    private struct NodeNumbering(int[] newIndex, bool[] usedData) : ISearchTreeVisitor
    {
        public int[] NewIndex { get; } = newIndex;

        public bool[] UsedData { get; } = usedData;

        public int Count { get; private set; }

        public void Visit(int node, int left, int right)
        {
            NewIndex[node] = Count++;
            if (SearchTree.IsData(left))
            {
                UsedData[SearchTree.DataId(left)] = true;
            }

            if (SearchTree.IsData(right))
            {
                UsedData[SearchTree.DataId(right)] = true;
            }
        }
    }

    /// <summary>Turns trie records into the numbers stored in the file.</summary>
    private sealed class RecordMapping(int[] newIndex, int nodeCount, int[] dataOffsets, int ipv4Root)
    {
        public uint Map(int record)
        {
            if (record == SearchTree.AliasRecord)
            {
                record = ipv4Root;
            }

            return record switch
            {
                > 0 => (uint)newIndex[record],
                SearchTree.EmptyRecord => (uint)nodeCount,
                _ => (uint)(nodeCount + DataSectionSeparatorSize + dataOffsets[SearchTree.DataId(record)]),
            };
        }
    }

    /// <summary>A database ready to be written: the numbered tree, the data section and the metadata.</summary>
    private sealed class DatabaseLayout(
        SearchTree tree, int recordSize, RecordMapping records, int nodeCount, byte[] data, byte[] metadata)
    {
        private int NodeSize => recordSize / 4;

        public long TotalLength =>
            ((long)nodeCount * NodeSize) + DataSectionSeparatorSize + data.Length + MetadataStartMarker.Length +
            metadata.Length;

        public void WriteTo(Stream stream)
        {
            // Pass 2: the same preorder walk meets the nodes in the order they were numbered.
            var emitter = new NodeEmitter(stream, recordSize, records);
            tree.VisitPreorder(ref emitter);
            emitter.Flush();
            stream.Write(new byte[DataSectionSeparatorSize]);
            stream.Write(data);
            stream.Write(MetadataStartMarker);
            stream.Write(metadata);
        }
    }

    private struct NodeEmitter(Stream stream, int recordSize, RecordMapping records) : ISearchTreeVisitor
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _length;

        public void Visit(int node, int left, int right)
        {
            var nodeSize = recordSize / 4;
            if (_length + nodeSize > _buffer.Length)
            {
                Flush();
            }

            var span = _buffer.AsSpan(_length, nodeSize);
            var leftValue = records.Map(left);
            var rightValue = records.Map(right);
            switch (recordSize)
            {
                case 24:
                    Write24(span, leftValue);
                    Write24(span[3..], rightValue);
                    break;
                case 28:
                    // The middle byte holds the top four bits of the left record, then those of the right.
                    Write24(span, leftValue);
                    span[3] = (byte)(((leftValue >> 20) & 0xF0) | ((rightValue >> 24) & 0x0F));
                    Write24(span[4..], rightValue);
                    break;
                default:
                    BinaryPrimitives.WriteUInt32BigEndian(span, leftValue);
                    BinaryPrimitives.WriteUInt32BigEndian(span[4..], rightValue);
                    break;
            }

            _length += nodeSize;
        }

        public void Flush()
        {
            stream.Write(_buffer, 0, _length);
            _length = 0;
        }

        private static void Write24(Span<byte> span, uint value)
        {
            span[0] = (byte)(value >> 16);
            span[1] = (byte)(value >> 8);
            span[2] = (byte)value;
        }
    }
}
