using System.Buffers.Binary;
using System.Text;

namespace ContentGate.Tests.MaxMind.Verification;

/// <summary>
/// Hand-written data section bytes for records no writer would produce: wrong sizes, loops, invalid types. Each
/// method appends one field (or a header) and returns the builder.
/// </summary>
internal sealed class DataBytes
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public byte[] ToArray() => [.. _bytes];

    /// <summary>A control byte (with the extended type byte for types 8 and up) and the size bytes.</summary>
    public DataBytes Header(int type, int size)
    {
        var typeBits = type >= 8 ? 0 : type << 5;
        var extended = type >= 8 ? new[] { (byte)(type - 7) } : [];
        if (size < 29)
        {
            _bytes.Add((byte)(typeBits | size));
            _bytes.AddRange(extended);
        }
        else if (size < 285)
        {
            _bytes.Add((byte)(typeBits | 29));
            _bytes.AddRange(extended);
            _bytes.Add((byte)(size - 29));
        }
        else if (size < 65_821)
        {
            _bytes.Add((byte)(typeBits | 30));
            _bytes.AddRange(extended);
            _bytes.Add((byte)((size - 285) >> 8));
            _bytes.Add((byte)(size - 285));
        }
        else
        {
            var rest = size - 65_821;
            _bytes.Add((byte)(typeBits | 31));
            _bytes.AddRange(extended);
            _bytes.Add((byte)(rest >> 16));
            _bytes.Add((byte)(rest >> 8));
            _bytes.Add((byte)rest);
        }

        return this;
    }

    public DataBytes Map(int entries) => Header(7, entries);

    public DataBytes Array(int elements) => Header(11, elements);

    public DataBytes String(string value) => Utf8(Encoding.UTF8.GetBytes(value));

    public DataBytes Utf8(byte[] value)
    {
        Header(2, value.Length);
        _bytes.AddRange(value);
        return this;
    }

    public DataBytes UInt16(ushort value)
    {
        Header(5, 2);
        _bytes.Add((byte)(value >> 8));
        _bytes.Add((byte)value);
        return this;
    }

    public DataBytes Double(double value)
    {
        Header(3, 8);
        var bytes = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(bytes, value);
        _bytes.AddRange(bytes);
        return this;
    }

    public DataBytes Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    /// <summary>A pointer to a data section offset, in the 4-byte form (which holds any 32-bit value).</summary>
    public DataBytes Pointer(uint offset)
    {
        _bytes.Add(0x38);
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, offset);
        _bytes.AddRange(bytes);
        return this;
    }

    /// <summary>A GeoIP2 country: <c>"country": {"iso_code": code}</c> (a key and its value).</summary>
    public DataBytes Country(string code) => String("country").Map(1).String("iso_code").String(code);
}
