using System.Buffers.Binary;
using System.Text;

namespace ContentGate.MaxMind.Verification;

/// <summary>
/// Reads values that <see cref="DataValueVerifier"/> has already accepted: headers, pointers followed one step (the
/// format forbids pointers to pointers), values skipped, keys compared without decoding them to strings.
/// </summary>
internal static class VerifiedData
{
    /// <summary>The header of the value at <paramref name="position"/>, following a pointer to its target.</summary>
    /// <param name="section">The section.</param>
    /// <param name="position">Where the value (or a pointer to it) starts.</param>
    /// <param name="start">Where the value itself starts: the pointer's target, or <paramref name="position"/>.</param>
    /// <param name="viaPointer">Whether it was reached through a pointer (so other records may share it).</param>
    public static DataField Resolve(ReadOnlySpan<byte> section, int position, out int start, out bool viaPointer)
    {
        _ = DataField.TryRead(section, position, out var field);
        viaPointer = field.Type == DataFieldType.Pointer;
        if (!viaPointer)
        {
            start = position;
            return field;
        }

        start = (int)field.Target;
        _ = DataField.TryRead(section, start, out field);
        return field;
    }

    /// <summary>The position right after the value at <paramref name="position"/> (a pointer counts as its own bytes).</summary>
    public static int Skip(ReadOnlySpan<byte> section, int position)
    {
        // Counts the values still to skip instead of recursing: a map adds its keys and values, an array its elements.
        var pending = 1L;
        while (pending > 0)
        {
            _ = DataField.TryRead(section, position, out var field);
            switch (field.Type)
            {
                case DataFieldType.Pointer:
                case DataFieldType.Boolean:
                    position = field.PayloadStart;
                    break;
                case DataFieldType.Map:
                    pending += 2L * field.Size;
                    position = field.PayloadStart;
                    break;
                case DataFieldType.Array:
                    pending += field.Size;
                    position = field.PayloadStart;
                    break;
                default:
                    position = field.PayloadStart + field.Size;
                    break;
            }

            pending--;
        }

        return position;
    }

    /// <summary>The UTF-8 bytes of the string at <paramref name="position"/> (through a pointer if need be), or empty if it is no string.</summary>
    public static ReadOnlySpan<byte> Utf8(ReadOnlySpan<byte> section, int position)
    {
        var field = Resolve(section, position, out _, out _);
        return field.Type == DataFieldType.Utf8String ? section.Slice(field.PayloadStart, field.Size) : default;
    }

    public static string String(ReadOnlySpan<byte> section, int position) => Encoding.UTF8.GetString(Utf8(section, position));

    /// <summary>An unsigned integer of any width up to 64 bits, or <see langword="null"/> for another type or a larger value.</summary>
    public static ulong? Unsigned(ReadOnlySpan<byte> section, int position)
    {
        var field = Resolve(section, position, out _, out _);
        if (field.Type is not (DataFieldType.UInt16 or DataFieldType.UInt32 or DataFieldType.UInt64 or DataFieldType.UInt128))
        {
            return null;
        }

        var bytes = section.Slice(field.PayloadStart, field.Size);
        var significant = bytes.TrimStart((byte)0);
        if (significant.Length > 8)
        {
            return null;
        }

        Span<byte> padded = stackalloc byte[8];
        padded.Clear();
        significant.CopyTo(padded[(8 - significant.Length)..]);
        return BinaryPrimitives.ReadUInt64BigEndian(padded);
    }

    /// <summary>
    /// Finds <paramref name="key"/> in <paramref name="map"/>: the position of its
    /// value, or -1. Keys are compared as bytes, so nothing is allocated.
    /// </summary>
    public static int Find(ReadOnlySpan<byte> section, DataField map, ReadOnlySpan<byte> key)
    {
        var position = map.PayloadStart;
        for (var i = 0; i < map.Size; i++)
        {
            var matches = Utf8(section, position).SequenceEqual(key);
            position = Skip(section, position);
            if (matches)
            {
                return position;
            }

            position = Skip(section, position);
        }

        return -1;
    }
}
