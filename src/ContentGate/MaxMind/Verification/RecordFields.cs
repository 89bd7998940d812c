using System.Buffers.Text;

namespace ContentGate.MaxMind.Verification;

/// <summary>Reads the values of the fields ContentGate uses, in every layout, from verified data; shared by the checks and the index compiler.</summary>
internal static class RecordFields
{
    /// <summary>
    /// An autonomous system number at <paramref name="position"/>: an unsigned integer (MaxMind, DB-IP) from 1 to
    /// 4294967295, or 0 for "none"; <see langword="null"/> for anything else.
    /// </summary>
    public static uint? AutonomousSystemNumber(ReadOnlySpan<byte> data, int position)
        => VerifiedData.Unsigned(data, position) is { } value && value <= uint.MaxValue ? (uint)value : null;

    /// <summary>
    /// IPinfo's <c>asn</c>: <c>"AS12389"</c> → 12389; <c>""</c> (IPinfo's "none") → 0; <see langword="null"/> for anything else.
    /// </summary>
    public static uint? AutonomousSystemCode(ReadOnlySpan<byte> data, int position)
    {
        var field = VerifiedData.Resolve(data, position, out _, out _);
        if (field.Type != DataFieldType.Utf8String)
        {
            return null;
        }

        var text = data.Slice(field.PayloadStart, field.Size);
        if (text.IsEmpty)
        {
            return 0;
        }

        return text.Length > 2 && (text[0] | 0x20) == 'a' && (text[1] | 0x20) == 's'
            && Utf8Parser.TryParse(text[2..], out uint number, out var consumed) && consumed == text.Length - 2
            && char.IsAsciiDigit((char)text[2])
            ? number
            : null;
    }

    /// <summary>A two-letter string at <paramref name="position"/> as upper-case text, or <see langword="null"/>.</summary>
    public static string? TwoLetters(ReadOnlySpan<byte> data, int position)
    {
        var field = VerifiedData.Resolve(data, position, out _, out _);
        if (field.Type != DataFieldType.Utf8String || field.Size != 2)
        {
            return null;
        }

        var text = data.Slice(field.PayloadStart, 2);
        return char.IsAsciiLetter((char)text[0]) && char.IsAsciiLetter((char)text[1])
            ? string.Create(2, (text[0], text[1]), static (span, s) =>
            {
                span[0] = char.ToUpperInvariant((char)s.Item1);
                span[1] = char.ToUpperInvariant((char)s.Item2);
            })
            : null;
    }
}
