using System.Buffers.Binary;

namespace ContentGate.MaxMind.Verification;

/// <summary>
/// The header of one data field: its type and size, where its payload starts and, for a pointer, where it points.
/// Decoded with every read checked against the section's end, so a damaged header is reported, never read past.
/// </summary>
/// <param name="Type">The field's type (an extended type already resolved).</param>
/// <param name="Size">
/// Payload bytes for strings, bytes and numbers; entries for maps and arrays; the value (0 or 1) for booleans; for a
/// pointer, how many bytes the pointer takes after its control byte.
/// </param>
/// <param name="PayloadStart">Where the payload starts; for a pointer, the position right after the pointer.</param>
/// <param name="Target">For a pointer, the offset it points at within its section; otherwise -1.</param>
internal readonly record struct DataField(DataFieldType Type, int Size, int PayloadStart, long Target)
{
    // Added to 2-, 3- and 4-byte pointer values, so each length starts where the shorter one ends (the specification).
    private const int SecondPointerBase = 2_048;
    private const int ThirdPointerBase = 526_336;

    /// <summary>
    /// Decodes the header at <paramref name="position"/>, or returns a description of what is wrong with it (a
    /// header that runs past the end, an extended type that does not exist).
    /// </summary>
    public static string? TryRead(ReadOnlySpan<byte> section, int position, out DataField field)
    {
        field = default;
        if ((uint)position >= (uint)section.Length)
        {
            return "a value starts past the end of the section";
        }

        var control = section[position];
        var next = position + 1;
        var type = (DataFieldType)(control >> 5);
        if (type == DataFieldType.Pointer)
        {
            // 001SSVVV: SS + 1 more bytes follow; VVV are the value's top bits except in the 4-byte form.
            var length = ((control >> 3) & 0x3) + 1;
            if (next + length > section.Length)
            {
                return "a pointer runs past the end of the section";
            }

            var bytes = section.Slice(next, length);
            var high = control & 0x7;
            long target = length switch
            {
                1 => (high << 8) | bytes[0],
                2 => ((high << 16) | BinaryPrimitives.ReadUInt16BigEndian(bytes)) + SecondPointerBase,
                3 => ((long)high << 24 | (uint)((bytes[0] << 16) | BinaryPrimitives.ReadUInt16BigEndian(bytes[1..]))) + ThirdPointerBase,
                _ => BinaryPrimitives.ReadUInt32BigEndian(bytes),
            };
            field = new DataField(DataFieldType.Pointer, length, next + length, target);
            return null;
        }

        if (type == DataFieldType.Extended)
        {
            if (next >= section.Length)
            {
                return "an extended type byte is missing at the end of the section";
            }

            var extended = section[next++];
            if (extended is 0 or > 8)
            {
                return $"the extended type byte {extended} names no type (valid: 1 to 8, for types 8 to 15)";
            }

            type = (DataFieldType)(extended + 7);
        }

        var size = control & 0x1F;
        if (size >= 29)
        {
            // 29: one more size byte (+29); 30: two (+285); 31: three (+65,821).
            var extra = size - 28;
            if (next + extra > section.Length)
            {
                return "a size runs past the end of the section";
            }

            var bytes = section.Slice(next, extra);
            size = extra switch
            {
                1 => 29 + bytes[0],
                2 => 285 + BinaryPrimitives.ReadUInt16BigEndian(bytes),
                _ => 65_821 + ((bytes[0] << 16) | (bytes[1] << 8) | bytes[2]),
            };
            next += extra;
        }

        field = new DataField(type, size, next, -1);
        return null;
    }
}
