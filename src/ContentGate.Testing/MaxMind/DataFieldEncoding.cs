using System.Buffers;
using System.Buffers.Binary;

namespace ContentGate.Testing.MaxMind;

/// <summary>
/// The low-level pieces of the data section format: control bytes, sizes and pointers.
/// </summary>
internal static class DataFieldEncoding
{
    /// <summary>The largest payload size (or map/array count) a control byte can express.</summary>
    public const int MaxSize = 65_821 + 0xFF_FFFF;

    private const int FirstExtendedType = 8;

    public static int HeaderLength(MaxMindDataType type, int size)
    {
        var length = (int)type >= FirstExtendedType ? 2 : 1;
        return length + size switch
        {
            < 29 => 0,
            < 285 => 1,
            < 65_821 => 2,
            _ => 3,
        };
    }

    /// <summary>
    /// Writes a control byte (and the extended type byte and size bytes that follow it) for a field.
    /// For maps and arrays <paramref name="size"/> is the number of entries; for booleans it is the value.
    /// </summary>
    public static void WriteHeader(IBufferWriter<byte> output, MaxMindDataType type, int size)
    {
        if ((uint)size > MaxSize)
        {
            throw new ArgumentOutOfRangeException(
                nameof(size), size, $"The MaxMind DB format cannot express a size above {MaxSize}.");
        }

        var length = HeaderLength(type, size);
        var span = output.GetSpan(length);
        var typeBits = (int)type >= FirstExtendedType ? 0 : (int)type << 5;
        var position = 1;
        if ((int)type >= FirstExtendedType)
        {
            span[position++] = (byte)((int)type - 7);
        }

        switch (size)
        {
            case < 29:
                span[0] = (byte)(typeBits | size);
                break;
            case < 285:
                span[0] = (byte)(typeBits | 29);
                span[position] = (byte)(size - 29);
                break;
            case < 65_821:
                span[0] = (byte)(typeBits | 30);
                BinaryPrimitives.WriteUInt16BigEndian(span[position..], (ushort)(size - 285));
                break;
            default:
                var rest = size - 65_821;
                span[0] = (byte)(typeBits | 31);
                span[position] = (byte)(rest >> 16);
                span[position + 1] = (byte)(rest >> 8);
                span[position + 2] = (byte)rest;
                break;
        }

        output.Advance(length);
    }

    /// <summary>
    /// Reads the header of the field at <paramref name="position"/> and returns where its payload starts.
    /// </summary>
    public static int ReadHeader(ReadOnlySpan<byte> data, int position, out MaxMindDataType type, out int size)
    {
        var control = data[position++];
        type = (MaxMindDataType)(control >> 5);
        if (type == 0)
        {
            type = (MaxMindDataType)(data[position++] + 7);
        }

        if (type == MaxMindDataType.Pointer)
        {
            // Pointers keep their size bits for the pointer value; callers here never read pointers back.
            throw new InvalidOperationException("Pointers are not expected in canonical record bytes.");
        }

        size = control & 0x1F;
        switch (size)
        {
            case 29:
                size = 29 + data[position];
                position += 1;
                break;
            case 30:
                size = 285 + BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
                position += 2;
                break;
            case 31:
                size = 65_821 + ((data[position] << 16) | (data[position + 1] << 8) | data[position + 2]);
                position += 3;
                break;
        }

        return position;
    }

    /// <summary>
    /// Returns the position just after the (pointer-free) field that starts at <paramref name="position"/>.
    /// </summary>
    public static int SkipValue(ReadOnlySpan<byte> data, int position)
    {
        var payload = ReadHeader(data, position, out var type, out var size);
        switch (type)
        {
            case MaxMindDataType.Boolean:
                return payload;
            case MaxMindDataType.Map:
                for (var i = 0; i < size * 2; i++)
                {
                    payload = SkipValue(data, payload);
                }

                return payload;
            case MaxMindDataType.Array:
                for (var i = 0; i < size; i++)
                {
                    payload = SkipValue(data, payload);
                }

                return payload;
            default:
                return payload + size;
        }
    }

    /// <summary>The number of bytes a pointer to <paramref name="offset"/> takes.</summary>
    public static int PointerLength(int offset) => offset switch
    {
        < 2_048 => 2,
        < 526_336 => 3,
        < 134_744_064 => 4,
        _ => 5,
    };

    /// <summary>
    /// Writes a pointer to <paramref name="offset"/> (from the start of the data section) in its shortest form.
    /// </summary>
    public static void WritePointer(IBufferWriter<byte> output, int offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var length = PointerLength(offset);
        var span = output.GetSpan(length);
        const int pointerBits = (int)MaxMindDataType.Pointer << 5;
        switch (length)
        {
            case 2:
                span[0] = (byte)(pointerBits | (offset >> 8));
                span[1] = (byte)offset;
                break;
            case 3:
                var value19 = offset - 2_048;
                span[0] = (byte)(pointerBits | (1 << 3) | (value19 >> 16));
                span[1] = (byte)(value19 >> 8);
                span[2] = (byte)value19;
                break;
            case 4:
                var value27 = offset - 526_336;
                span[0] = (byte)(pointerBits | (2 << 3) | (value27 >> 24));
                span[1] = (byte)(value27 >> 16);
                span[2] = (byte)(value27 >> 8);
                span[3] = (byte)value27;
                break;
            default:
                span[0] = pointerBits | (3 << 3);
                BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)offset);
                break;
        }

        output.Advance(length);
    }
}
