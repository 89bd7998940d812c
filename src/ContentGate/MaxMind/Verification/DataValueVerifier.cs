using System.Globalization;
using System.Text.Unicode;

namespace ContentGate.MaxMind.Verification;

/// <summary>
/// Checks that values of one section (the data section, or the metadata) decode: every header, size and pointer stays
/// inside the section, every number has a size its type allows, strings and map keys are valid UTF-8, map keys are
/// strings, nesting stays within <see cref="MaxDepth"/> and pointers neither loop nor point at pointers.
/// </summary>
/// <remarks>
/// <para>
/// A value reached by a pointer is verified once and remembered (<see cref="OffsetSet"/>): GeoIP2 files share a
/// country's map or a city's names between thousands of records, so the total work is about the size of the section,
/// not the sum of the records' decoded sizes.
/// </para>
/// <para>
/// Iterative, with an explicit stack of <see cref="MaxDepth"/> frames: a crafted file cannot exhaust the thread's
/// stack. MaxMind's readers (libmaxminddb, the Go reader) refuse data nested deeper than 512 levels too.
/// </para>
/// </remarks>
internal sealed class DataValueVerifier
{
    /// <summary>How deeply maps, arrays and pointers may nest; libmaxminddb's and the Go reader's limit.</summary>
    public const int MaxDepth = 512;

    private readonly OffsetSet _verified;
    private readonly Frame[] _frames = new Frame[MaxDepth];

    public DataValueVerifier(int sectionLength)
    {
        _verified = new OffsetSet(sectionLength);
    }

    /// <summary>
    /// Verifies the value at <paramref name="start"/> and everything it points at. Returns <see langword="null"/>,
    /// or what is wrong, with <paramref name="at"/> set to the offset of the field at fault.
    /// </summary>
    public string? Verify(ReadOnlySpan<byte> section, int start, out int at)
    {
        at = start;
        if ((uint)start >= (uint)section.Length)
        {
            return string.Create(CultureInfo.InvariantCulture, $"it points at offset {start:N0}, past the end of the {section.Length:N0}-byte section");
        }

        if (_verified.Contains(start))
        {
            return null;
        }

        var depth = 1;
        _frames[0] = new Frame(FrameKind.Value, start, Remaining: 1, ReturnTo: -1);
        var position = start;
        while (depth > 0)
        {
            ref var top = ref _frames[depth - 1];
            if (top.Remaining == 0)
            {
                if (top.Kind == FrameKind.Value)
                {
                    // A whole value (the record itself, or a pointer's target) decoded: never decode it again.
                    _verified.Add(top.Start);
                    if (top.ReturnTo >= 0)
                    {
                        position = top.ReturnTo;
                    }
                }

                depth--;
                if (depth > 0)
                {
                    _frames[depth - 1].Remaining--;
                }

                continue;
            }

            at = position;
            var expectKey = top.Kind == FrameKind.Map && (top.Remaining & 1) == 0;
            if (DataField.TryRead(section, position, out var field) is { } headerProblem)
            {
                return headerProblem;
            }

            switch (field.Type)
            {
                case DataFieldType.Pointer:
                {
                    var target = field.Target;
                    if (target >= section.Length)
                    {
                        return string.Create(CultureInfo.InvariantCulture, $"a pointer points at offset {target:N0}, past the end of the {section.Length:N0}-byte section");
                    }

                    var targetOffset = (int)target;
                    if (DataField.TryRead(section, targetOffset, out var pointed) is { } targetProblem)
                    {
                        at = targetOffset;
                        return targetProblem;
                    }

                    if (pointed.Type == DataFieldType.Pointer)
                    {
                        return $"a pointer points at another pointer (at offset {targetOffset}), which the format forbids";
                    }

                    if (expectKey && pointed.Type != DataFieldType.Utf8String)
                    {
                        return $"a map key is a pointer to {Describe(pointed.Type)} (at offset {targetOffset}), not to a string";
                    }

                    if (_verified.Contains(targetOffset))
                    {
                        position = field.PayloadStart;
                        top.Remaining--;
                        break;
                    }

                    for (var i = 0; i < depth; i++)
                    {
                        if (_frames[i].Kind == FrameKind.Value && _frames[i].Start == targetOffset)
                        {
                            return $"a pointer loops back to the value at offset {targetOffset} that contains it";
                        }
                    }

                    if (depth == MaxDepth)
                    {
                        return $"values nest deeper than {MaxDepth} levels";
                    }

                    _frames[depth++] = new Frame(FrameKind.Value, targetOffset, Remaining: 1, ReturnTo: field.PayloadStart);
                    position = targetOffset;
                    break;
                }

                case DataFieldType.Map:
                case DataFieldType.Array:
                {
                    if (expectKey)
                    {
                        return $"a map key is {Describe(field.Type)}, not a string";
                    }

                    // Every entry takes at least one byte (a map's two), so a larger count cannot be true.
                    var isMap = field.Type == DataFieldType.Map;
                    var values = isMap ? 2L * field.Size : field.Size;
                    if (values > section.Length - field.PayloadStart)
                    {
                        return string.Create(CultureInfo.InvariantCulture, $"{Describe(field.Type)} claims {field.Size:N0} entries, but only {section.Length - field.PayloadStart:N0} bytes of the section remain");
                    }

                    position = field.PayloadStart;
                    if (values == 0)
                    {
                        top.Remaining--;
                        break;
                    }

                    if (depth == MaxDepth)
                    {
                        return $"values nest deeper than {MaxDepth} levels";
                    }

                    _frames[depth++] = new Frame(isMap ? FrameKind.Map : FrameKind.Array, position, (int)values, ReturnTo: -1);
                    break;
                }

                default:
                {
                    if (expectKey && field.Type != DataFieldType.Utf8String)
                    {
                        return $"a map key is {Describe(field.Type)}, not a string";
                    }

                    if (CheckScalar(section, field) is { } problem)
                    {
                        return problem;
                    }

                    position = field.Type == DataFieldType.Boolean ? field.PayloadStart : field.PayloadStart + field.Size;
                    top.Remaining--;
                    break;
                }
            }
        }

        return null;
    }

    /// <summary>How a type is named in messages: "a map", "a uint32", "a double".</summary>
    public static string Describe(DataFieldType type) => type switch
    {
        DataFieldType.Pointer => "a pointer",
        DataFieldType.Utf8String => "a string",
        DataFieldType.Double => "a double",
        DataFieldType.Bytes => "a byte sequence",
        DataFieldType.UInt16 => "a uint16",
        DataFieldType.UInt32 => "a uint32",
        DataFieldType.Map => "a map",
        DataFieldType.Int32 => "an int32",
        DataFieldType.UInt64 => "a uint64",
        DataFieldType.UInt128 => "a uint128",
        DataFieldType.Array => "an array",
        DataFieldType.DataCacheContainer => "a data cache container (type 12)",
        DataFieldType.EndMarker => "an end marker (type 13)",
        DataFieldType.Boolean => "a boolean",
        DataFieldType.Float => "a float",
        _ => $"type {(int)type}",
    };

    private static string? CheckScalar(ReadOnlySpan<byte> section, DataField field)
    {
        var size = field.Size;
        var limit = field.Type switch
        {
            DataFieldType.Double => 8,
            DataFieldType.Float => 4,
            DataFieldType.UInt16 => 2,
            DataFieldType.UInt32 or DataFieldType.Int32 => 4,
            DataFieldType.UInt64 => 8,
            DataFieldType.UInt128 => 16,
            DataFieldType.Boolean => 1,
            DataFieldType.Utf8String or DataFieldType.Bytes => int.MaxValue,
            _ => -1,
        };
        if (limit < 0)
        {
            return $"{Describe(field.Type)} is not allowed in data";
        }

        if (field.Type is DataFieldType.Double or DataFieldType.Float ? size != limit : size > limit)
        {
            return field.Type switch
            {
                DataFieldType.Double or DataFieldType.Float => $"{Describe(field.Type)} has {size} bytes; it always has {limit}",
                DataFieldType.Boolean => $"a boolean has the value {size}; it is 0 or 1",
                _ => $"{Describe(field.Type)} has {size} bytes; it has at most {limit}",
            };
        }

        if (field.Type == DataFieldType.Boolean)
        {
            return null;
        }

        if (size > section.Length - field.PayloadStart)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Describe(field.Type)} of {size:N0} bytes runs past the end of the section ({section.Length - field.PayloadStart:N0} bytes remain)");
        }

        if (field.Type == DataFieldType.Utf8String && !Utf8.IsValid(section.Slice(field.PayloadStart, size)))
        {
            return "a string is not valid UTF-8";
        }

        return null;
    }

    private enum FrameKind : byte
    {
        /// <summary>One whole value: the one verified, or a pointer's target (remembered once done).</summary>
        Value,
        Map,
        Array,
    }

    /// <param name="Kind">What the frame decodes.</param>
    /// <param name="Start">Where the value starts (for <see cref="FrameKind.Value"/>: the offset to remember).</param>
    /// <param name="Remaining">Values still to decode in it (a map's keys and values both count).</param>
    /// <param name="ReturnTo">For a pointer's target, where decoding continues after the pointer.</param>
    private record struct Frame(FrameKind Kind, int Start, int Remaining, int ReturnTo);
}
