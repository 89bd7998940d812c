using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace ContentGate.Tests.MaxMind.Verification;

/// <summary>
/// A database file's bytes, opened for surgery: where the tree, the data section and the metadata values are, and
/// how to read and write tree records. Written from the format specification, independently of the verifier it tests
/// (sharing its code would let one misreading of the format pass both), and only for files ContentGate.Testing writes.
/// </summary>
internal sealed class MmdbFile
{
    public static readonly byte[] MetadataMarker = [0xAB, 0xCD, 0xEF, .. "MaxMind.com"u8];

    public MmdbFile(byte[] bytes)
    {
        Bytes = bytes;
        MetadataStart = bytes.AsSpan().LastIndexOf(MetadataMarker) + MetadataMarker.Length;
        Assert.True(MetadataStart > MetadataMarker.Length, "no metadata marker");
        NodeCount = (long)MetadataNumber("node_count");
        RecordSize = (int)MetadataNumber("record_size");
        IPVersion = (int)MetadataNumber("ip_version");
    }

    public byte[] Bytes { get; }

    public long NodeCount { get; }

    public int RecordSize { get; }

    public int IPVersion { get; }

    public int NodeLength => RecordSize / 4;

    public int TreeLength => (int)(NodeCount * NodeLength);

    public int DataStart => TreeLength + 16;

    /// <summary>Where the metadata map starts (right after the marker).</summary>
    public int MetadataStart { get; }

    public int DataLength => MetadataStart - MetadataMarker.Length - DataStart;

    /// <summary>The record value that points at data section offset <paramref name="offset"/>.</summary>
    public long DataRecord(long offset) => NodeCount + 16 + offset;

    public long ReadRecord(long node, int side)
    {
        var at = (int)(node * NodeLength);
        var b = Bytes;
        return RecordSize switch
        {
            24 => side == 0 ? (b[at] << 16) | (b[at + 1] << 8) | b[at + 2] : (b[at + 3] << 16) | (b[at + 4] << 8) | b[at + 5],
            28 => side == 0
                ? ((long)(b[at + 3] >> 4) << 24) | (uint)((b[at] << 16) | (b[at + 1] << 8) | b[at + 2])
                : ((long)(b[at + 3] & 0x0F) << 24) | (uint)((b[at + 4] << 16) | (b[at + 5] << 8) | b[at + 6]),
            _ => BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at + (side * 4))),
        };
    }

    public void WriteRecord(long node, int side, long value)
    {
        var at = (int)(node * NodeLength);
        var b = Bytes;
        switch (RecordSize)
        {
            case 24:
                Assert.InRange(value, 0, (1L << 24) - 1);
                at += side * 3;
                b[at] = (byte)(value >> 16);
                b[at + 1] = (byte)(value >> 8);
                b[at + 2] = (byte)value;
                break;
            case 28:
                Assert.InRange(value, 0, (1L << 28) - 1);
                var low = at + (side == 0 ? 0 : 4);
                b[low] = (byte)(value >> 16);
                b[low + 1] = (byte)(value >> 8);
                b[low + 2] = (byte)value;
                b[at + 3] = side == 0
                    ? (byte)((b[at + 3] & 0x0F) | (int)((value >> 20) & 0xF0))
                    : (byte)((b[at + 3] & 0xF0) | (int)((value >> 24) & 0x0F));
                break;
            default:
                BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at + (side * 4)), (uint)value);
                break;
        }
    }

    /// <summary>The nodes a lookup of <paramref name="address"/> passes, with the side taken at each, ending with the record that is not a node.</summary>
    public List<(long Node, int Side)> PathTo(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (IPVersion == 6 && bytes.Length == 4)
        {
            bytes = [.. new byte[12], .. bytes];
        }

        var path = new List<(long, int)>();
        long node = 0;
        for (var bit = 0; bit < bytes.Length * 8; bit++)
        {
            var side = (bytes[bit >> 3] >> (7 - (bit & 7))) & 1;
            path.Add((node, side));
            var record = ReadRecord(node, side);
            if (record >= NodeCount)
            {
                return path;
            }

            node = record;
        }

        throw new InvalidOperationException("the lookup did not end");
    }

    /// <summary>The data section offset of the record a lookup of <paramref name="address"/> finds.</summary>
    public int DataOffsetOf(IPAddress address)
    {
        var (node, side) = PathTo(address)[^1];
        var record = ReadRecord(node, side);
        Assert.True(record > NodeCount, $"{address} has no data");
        return (int)(record - NodeCount - 16);
    }

    /// <summary>The file position of the payload of metadata key <paramref name="key"/>'s value, and the value's type and size.</summary>
    public (int Payload, int Type, int Size) MetadataValue(string key)
    {
        var position = MetadataStart;
        var (type, count, next) = Header(position);
        Assert.Equal(7, type);
        position = next;
        for (var i = 0; i < count; i++)
        {
            var (keyType, keyLength, keyPayload) = Header(position);
            Assert.Equal(2, keyType);
            var name = Encoding.UTF8.GetString(Bytes, keyPayload, keyLength);
            position = keyPayload + keyLength;
            var value = Header(position);
            if (name == key)
            {
                return (value.Payload, value.Type, value.Size);
            }

            position = Skip(position);
        }

        throw new InvalidOperationException($"metadata key {key} not found");
    }

    public ulong MetadataNumber(string key)
    {
        var (payload, _, size) = MetadataValue(key);
        ulong value = 0;
        for (var i = 0; i < size; i++)
        {
            value = (value << 8) | Bytes[payload + i];
        }

        return value;
    }

    /// <summary>Overwrites a metadata number in place; it must fit in the bytes the writer used for it.</summary>
    public void SetMetadataNumber(string key, ulong value)
    {
        var (payload, _, size) = MetadataValue(key);
        Assert.True(size == 8 || value >> (8 * size) == 0, $"{value} does not fit the {size} bytes of {key}");
        for (var i = size - 1; i >= 0; i--)
        {
            Bytes[payload + i] = (byte)value;
            value >>= 8;
        }
    }

    /// <summary>A header (control byte, extended type, size bytes): type, size, where the payload starts.</summary>
    public (int Type, int Size, int Payload) Header(int position)
    {
        var control = Bytes[position++];
        var type = control >> 5;
        if (type == 0)
        {
            type = Bytes[position++] + 7;
        }

        var size = control & 0x1F;
        if (size == 29)
        {
            size = 29 + Bytes[position++];
        }
        else if (size == 30)
        {
            size = 285 + ((Bytes[position] << 8) | Bytes[position + 1]);
            position += 2;
        }
        else if (size == 31)
        {
            size = 65_821 + ((Bytes[position] << 16) | (Bytes[position + 1] << 8) | Bytes[position + 2]);
            position += 3;
        }

        return (type, size, position);
    }

    /// <summary>Skips a pointer-free value (the metadata has none).</summary>
    private int Skip(int position)
    {
        var (type, size, payload) = Header(position);
        switch (type)
        {
            case 7:
                for (var i = 0; i < 2 * size; i++)
                {
                    payload = Skip(payload);
                }

                return payload;
            case 11:
                for (var i = 0; i < size; i++)
                {
                    payload = Skip(payload);
                }

                return payload;
            case 14:
                return payload;
            default:
                return payload + size;
        }
    }
}
