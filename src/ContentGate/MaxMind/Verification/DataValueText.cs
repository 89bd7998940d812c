using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ContentGate.MaxMind.Verification;

/// <summary>
/// Writes a verified value in a JSON-like form for messages, so the person reading a start-up error sees what the
/// file's records look like: <c>{"country_code": "DE", "city": "Berlin", …}</c>. Long strings, large maps and deep
/// nesting are cut short.
/// </summary>
internal static class DataValueText
{
    private const int MaxStringLength = 40;
    private const int MaxEntries = 10;
    private const int MaxNesting = 3;

    public static string Render(ReadOnlySpan<byte> section, int position, int maxLength = 400)
    {
        var text = new StringBuilder();
        Write(section, position, text, nesting: 0);
        return text.Length <= maxLength ? text.ToString() : string.Concat(text.ToString(0, maxLength - 1), "…");
    }

    private static void Write(ReadOnlySpan<byte> section, int position, StringBuilder text, int nesting)
    {
        var field = VerifiedData.Resolve(section, position, out _, out _);
        var payload = section.Slice(field.PayloadStart, field.Type is DataFieldType.Map or DataFieldType.Array or DataFieldType.Boolean ? 0 : field.Size);
        switch (field.Type)
        {
            case DataFieldType.Map:
            case DataFieldType.Array:
                WriteContainer(section, field, text, nesting);
                break;
            case DataFieldType.Utf8String:
                var value = Encoding.UTF8.GetString(payload);
                text.Append('"').Append(value.Length <= MaxStringLength ? value : string.Concat(value.AsSpan(0, MaxStringLength - 1), "…")).Append('"');
                break;
            case DataFieldType.Boolean:
                text.Append(field.Size == 1 ? "true" : "false");
                break;
            case DataFieldType.Double:
                text.Append(BinaryPrimitives.ReadDoubleBigEndian(payload).ToString("R", CultureInfo.InvariantCulture));
                break;
            case DataFieldType.Float:
                text.Append(BinaryPrimitives.ReadSingleBigEndian(payload).ToString("R", CultureInfo.InvariantCulture));
                break;
            case DataFieldType.Int32:
                Span<byte> padded = stackalloc byte[4];
                padded.Clear();
                payload.CopyTo(padded[(4 - payload.Length)..]);
                text.Append(BinaryPrimitives.ReadInt32BigEndian(padded).ToString(CultureInfo.InvariantCulture));
                break;
            case DataFieldType.Bytes:
                text.Append(CultureInfo.InvariantCulture, $"<{payload.Length} bytes>");
                break;
            default:
                text.Append(VerifiedData.Unsigned(section, position) is { } number
                    ? number.ToString(CultureInfo.InvariantCulture)
                    : "<a number larger than 64 bits>");
                break;
        }
    }

    private static void WriteContainer(ReadOnlySpan<byte> section, DataField field, StringBuilder text, int nesting)
    {
        var isMap = field.Type == DataFieldType.Map;
        text.Append(isMap ? '{' : '[');
        if (field.Size > 0 && nesting >= MaxNesting)
        {
            text.Append('…');
        }
        else
        {
            var position = field.PayloadStart;
            for (var i = 0; i < field.Size; i++)
            {
                if (i == MaxEntries)
                {
                    text.Append(CultureInfo.InvariantCulture, $", … {field.Size - MaxEntries} more");
                    break;
                }

                if (i > 0)
                {
                    text.Append(", ");
                }

                if (isMap)
                {
                    text.Append('"').Append(VerifiedData.String(section, position)).Append("\": ");
                    position = VerifiedData.Skip(section, position);
                }

                Write(section, position, text, nesting + 1);
                position = VerifiedData.Skip(section, position);
            }
        }

        text.Append(isMap ? '}' : ']');
    }
}
