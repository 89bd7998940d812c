using System.Buffers;
using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.Text;

namespace ContentGate.Testing.MaxMind;

/// <summary>
/// Turns a record (a tree of .NET values) into the MaxMind DB data field encoding, without pointers.
/// </summary>
/// <remarks>
/// The output is canonical: map keys are sorted ordinally and <see langword="null"/> values are left out, so two
/// records that read back the same serialize to the same bytes. That makes the bytes usable as the key for
/// deduplicating records and as the input of the data section writer, which adds pointers.
/// </remarks>
internal sealed class RecordSerializer
{
    /// <summary>How deep maps and arrays may nest; readers refuse deeper data, and it stops reference cycles.</summary>
    public const int MaxDepth = 128;

    private const string SupportedTypes =
        "string, bool, int, uint, long, ulong, ushort, double, float, byte[], a dictionary with string keys, " +
        "or a sequence of those";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly List<PathSegment> _path = [];

    // Scratch lists per nesting depth, reused across records: a writer may serialize hundreds of thousands.
    private readonly List<List<KeyValuePair<string, object>>> _mapScratch = [];
    private readonly List<List<object>> _arrayScratch = [];

    /// <summary>
    /// Serializes <paramref name="record"/>. The returned span is valid until the next call.
    /// </summary>
    /// <exception cref="ArgumentException">A value has an unsupported type, or the record cannot be encoded.</exception>
    public ReadOnlySpan<byte> Serialize(object record, string parameterName)
    {
        _buffer.ResetWrittenCount();
        _path.Clear();
        try
        {
            WriteValue(record, depth: 0, parameterName);
        }
        catch (EncoderFallbackException exception)
        {
            throw new ArgumentException(
                $"The string at {FormatPath()} is not valid UTF-16 (it has an unpaired surrogate), so it cannot be " +
                "stored as UTF-8.",
                parameterName,
                exception);
        }
        finally
        {
            // Do not keep the caller's values alive through the scratch lists.
            _mapScratch.ForEach(static list => list.Clear());
            _arrayScratch.ForEach(static list => list.Clear());
        }

        return _buffer.WrittenSpan;
    }

    private void WriteValue(object value, int depth, string parameterName)
    {
        switch (value)
        {
            case string text:
                WriteString(text, parameterName);
                break;
            case bool boolean:
                DataFieldEncoding.WriteHeader(_buffer, MaxMindDataType.Boolean, boolean ? 1 : 0);
                break;
            case int number:
                // Non-negative values drop their leading zero bytes like the other integer types; readers
                // zero-extend short int32 payloads. Negative values need all four bytes for the sign.
                WriteUnsigned(MaxMindDataType.Int32, unchecked((uint)number));
                break;
            case uint number:
                WriteUnsigned(MaxMindDataType.UInt32, number);
                break;
            case long number when number >= 0:
                WriteUnsigned(MaxMindDataType.UInt64, (ulong)number);
                break;
            case long number when number >= int.MinValue:
                WriteUnsigned(MaxMindDataType.Int32, unchecked((uint)(int)number));
                break;
            case long number:
                throw new ArgumentException(
                    $"The value at {FormatPath()} is {number.ToString(CultureInfo.InvariantCulture)}: the MaxMind DB " +
                    "format has no signed 64-bit type, so a negative long must fit in an int (it is stored as int32); " +
                    "non-negative longs are stored as uint64.",
                    parameterName);
            case ulong number:
                WriteUnsigned(MaxMindDataType.UInt64, number);
                break;
            case ushort number:
                WriteUnsigned(MaxMindDataType.UInt16, number);
                break;
            case double number:
                DataFieldEncoding.WriteHeader(_buffer, MaxMindDataType.Double, sizeof(double));
                BinaryPrimitives.WriteDoubleBigEndian(_buffer.GetSpan(sizeof(double)), number);
                _buffer.Advance(sizeof(double));
                break;
            case float number:
                DataFieldEncoding.WriteHeader(_buffer, MaxMindDataType.Float, sizeof(float));
                BinaryPrimitives.WriteSingleBigEndian(_buffer.GetSpan(sizeof(float)), number);
                _buffer.Advance(sizeof(float));
                break;
            case byte[] bytes:
                CheckSize(bytes.Length, "byte array length", parameterName);
                DataFieldEncoding.WriteHeader(_buffer, MaxMindDataType.Bytes, bytes.Length);
                _buffer.Write(bytes);
                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                CheckDepth(depth, parameterName);
                WriteMap(CollectEntries(pairs, Scratch(_mapScratch, depth), parameterName), depth, parameterName);
                break;
            case IDictionary dictionary:
                CheckDepth(depth, parameterName);
                WriteMap(CollectEntries(dictionary, Scratch(_mapScratch, depth), parameterName), depth, parameterName);
                break;
            case IEnumerable sequence:
                WriteArray(sequence, depth, parameterName);
                break;
            default:
                throw new ArgumentException(
                    $"The value at {FormatPath()} has type {value.GetType().FullName}, which the MaxMind DB format " +
                    $"cannot store. Use {SupportedTypes}.",
                    parameterName);
        }
    }

    private void WriteString(string text, string parameterName)
    {
        var length = StrictUtf8.GetByteCount(text);
        CheckSize(length, "UTF-8 string length", parameterName);
        DataFieldEncoding.WriteHeader(_buffer, MaxMindDataType.Utf8String, length);
        var written = StrictUtf8.GetBytes(text, _buffer.GetSpan(length));
        _buffer.Advance(written);
    }

    private void WriteUnsigned(MaxMindDataType type, ulong value)
    {
        var length = (64 - (int)ulong.LeadingZeroCount(value) + 7) / 8;
        DataFieldEncoding.WriteHeader(_buffer, type, length);
        var span = _buffer.GetSpan(length);
        for (var i = 0; i < length; i++)
        {
            span[i] = (byte)(value >> (8 * (length - 1 - i)));
        }

        _buffer.Advance(length);
    }

    private void WriteMap(List<KeyValuePair<string, object>> entries, int depth, string parameterName)
    {
        CheckSize(entries.Count, "number of map entries", parameterName);
        entries.Sort(static (left, right) => string.CompareOrdinal(left.Key, right.Key));
        for (var i = 1; i < entries.Count; i++)
        {
            if (string.Equals(entries[i - 1].Key, entries[i].Key, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"The map at {FormatPath()} has the key '{entries[i].Key}' more than once.", parameterName);
            }
        }

        DataFieldEncoding.WriteHeader(_buffer, MaxMindDataType.Map, entries.Count);
        foreach (var (key, value) in entries)
        {
            WriteString(key, parameterName);
            _path.Add(new PathSegment(key, 0));
            WriteValue(value, depth + 1, parameterName);
            _path.RemoveAt(_path.Count - 1);
        }
    }

    private void WriteArray(IEnumerable sequence, int depth, string parameterName)
    {
        CheckDepth(depth, parameterName);
        var items = Scratch(_arrayScratch, depth);
        foreach (var item in sequence)
        {
            if (item is not null)
            {
                items.Add(item);
            }
        }

        CheckSize(items.Count, "number of array elements", parameterName);
        DataFieldEncoding.WriteHeader(_buffer, MaxMindDataType.Array, items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            _path.Add(new PathSegment(null, i));
            WriteValue(items[i], depth + 1, parameterName);
            _path.RemoveAt(_path.Count - 1);
        }
    }

    private static List<T> Scratch<T>(List<List<T>> lists, int depth)
    {
        while (lists.Count <= depth)
        {
            lists.Add([]);
        }

        var list = lists[depth];
        list.Clear();
        return list;
    }

    private List<KeyValuePair<string, object>> CollectEntries(
        IEnumerable<KeyValuePair<string, object?>> pairs, List<KeyValuePair<string, object>> entries, string parameterName)
    {
        foreach (var (key, value) in pairs)
        {
            if (key is null)
            {
                throw new ArgumentException($"The map at {FormatPath()} has a null key.", parameterName);
            }

            if (value is not null)
            {
                entries.Add(new KeyValuePair<string, object>(key, value));
            }
        }

        return entries;
    }

    private List<KeyValuePair<string, object>> CollectEntries(
        IDictionary dictionary, List<KeyValuePair<string, object>> entries, string parameterName)
    {
        foreach (DictionaryEntry entry in dictionary)
        {
            if (entry.Key is not string key)
            {
                throw new ArgumentException(
                    $"The map at {FormatPath()} has a key of type {entry.Key.GetType().FullName}; MaxMind DB map " +
                    "keys must be strings.",
                    parameterName);
            }

            if (entry.Value is not null)
            {
                entries.Add(new KeyValuePair<string, object>(key, entry.Value));
            }
        }

        return entries;
    }

    private void CheckDepth(int depth, string parameterName)
    {
        if (depth >= MaxDepth)
        {
            throw new ArgumentException(
                $"The record nests maps and arrays more than {MaxDepth} levels deep at {FormatPath()}. " +
                "Readers refuse such data; a map or list that contains itself also ends up here.",
                parameterName);
        }
    }

    private void CheckSize(int size, string what, string parameterName)
    {
        if (size > DataFieldEncoding.MaxSize)
        {
            throw new ArgumentException(
                $"The {what} at {FormatPath()} is {size.ToString(CultureInfo.InvariantCulture)}; the MaxMind DB " +
                $"format allows at most {DataFieldEncoding.MaxSize.ToString(CultureInfo.InvariantCulture)}.",
                parameterName);
        }
    }

    private string FormatPath()
    {
        if (_path.Count == 0)
        {
            return "the record root";
        }

        var builder = new StringBuilder("'");
        foreach (var segment in _path)
        {
            if (segment.Key is null)
            {
                builder.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                if (builder.Length > 1)
                {
                    builder.Append('.');
                }

                builder.Append(segment.Key);
            }
        }

        return builder.Append('\'').ToString();
    }

    private readonly record struct PathSegment(string? Key, int Index);
}
