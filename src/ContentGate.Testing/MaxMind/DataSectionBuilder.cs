using System.Buffers;

namespace ContentGate.Testing.MaxMind;

/// <summary>
/// Lays out the data section from canonical record bytes, writing each distinct value once and replacing
/// later copies with pointers when the pointer is shorter, as MaxMind's own databases do for repeated
/// names and keys.
/// </summary>
internal sealed class DataSectionBuilder
{
    private const int SmallestPointer = 2;

    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private readonly Dictionary<byte[], int> _offsets = new(ByteSequenceComparer.Instance);
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _offsetsBySpan;

    public DataSectionBuilder()
    {
        _offsetsBySpan = _offsets.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>Gets the data section written so far.</summary>
    public ReadOnlySpan<byte> Data => _output.WrittenSpan;

    /// <summary>
    /// Adds a record and returns its offset in the data section, which is where a search tree record points.
    /// </summary>
    public int Append(ReadOnlySpan<byte> record)
    {
        if (_offsetsBySpan.TryGetValue(record, out var existing))
        {
            // The same value was already written in full (perhaps nested in another record): point at it.
            return existing;
        }

        var start = _output.WrittenCount;
        var position = 0;
        Emit(record, ref position);
        return start;
    }

    private void Emit(ReadOnlySpan<byte> source, ref int position)
    {
        var start = position;
        var end = DataFieldEncoding.SkipValue(source, start);
        var value = source[start..end];
        position = end;

        if (value.Length > SmallestPointer && _offsetsBySpan.TryGetValue(value, out var earlier) &&
            DataFieldEncoding.PointerLength(earlier) < value.Length)
        {
            DataFieldEncoding.WritePointer(_output, earlier);
            return;
        }

        if (_output.WrittenCount > int.MaxValue - value.Length)
        {
            throw new InvalidOperationException("The data section would exceed 2 GiB, more than this writer supports.");
        }

        var offset = _output.WrittenCount;
        var payload = DataFieldEncoding.ReadHeader(source, start, out var type, out var size);
        if (type is MaxMindDataType.Map or MaxMindDataType.Array)
        {
            // Copy the header (its count does not change), then each child, which may become a pointer.
            _output.Write(source[start..payload]);
            var children = type == MaxMindDataType.Map ? size * 2 : size;
            var child = payload;
            for (var i = 0; i < children; i++)
            {
                Emit(source, ref child);
            }
        }
        else
        {
            _output.Write(value);
        }

        if (value.Length > SmallestPointer)
        {
            _offsetsBySpan.TryAdd(value, offset);
        }
    }
}
