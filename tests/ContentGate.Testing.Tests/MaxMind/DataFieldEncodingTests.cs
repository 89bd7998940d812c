using System.Buffers;
using ContentGate.Testing.MaxMind;

namespace ContentGate.Testing.Tests.MaxMind;

/// <summary>
/// Byte-exact checks of control bytes, size encodings and pointers against the MaxMind DB specification.
/// </summary>
public class DataFieldEncodingTests
{
    [Theory]
    [InlineData((int)MaxMindDataType.Utf8String, 0, new byte[] { 0x40 })]
    [InlineData((int)MaxMindDataType.Utf8String, 28, new byte[] { 0x5C })]
    [InlineData((int)MaxMindDataType.Utf8String, 29, new byte[] { 0x5D, 0x00 })]
    [InlineData((int)MaxMindDataType.Utf8String, 80, new byte[] { 0x5D, 0x33 })]
    [InlineData((int)MaxMindDataType.Utf8String, 284, new byte[] { 0x5D, 0xFF })]
    [InlineData((int)MaxMindDataType.Utf8String, 285, new byte[] { 0x5E, 0x00, 0x00 })]
    [InlineData((int)MaxMindDataType.Utf8String, 13_392, new byte[] { 0x5E, 0x33, 0x33 })]
    [InlineData((int)MaxMindDataType.Utf8String, 65_820, new byte[] { 0x5E, 0xFF, 0xFF })]
    [InlineData((int)MaxMindDataType.Utf8String, 65_821, new byte[] { 0x5F, 0x00, 0x00, 0x00 })]
    [InlineData((int)MaxMindDataType.Utf8String, 3_421_264, new byte[] { 0x5F, 0x33, 0x33, 0x33 })]
    [InlineData((int)MaxMindDataType.Utf8String, 16_843_036, new byte[] { 0x5F, 0xFF, 0xFF, 0xFF })]
    [InlineData((int)MaxMindDataType.Double, 8, new byte[] { 0x68 })]
    [InlineData((int)MaxMindDataType.Bytes, 2, new byte[] { 0x82 })]
    [InlineData((int)MaxMindDataType.UInt16, 2, new byte[] { 0xA2 })]
    [InlineData((int)MaxMindDataType.UInt32, 1, new byte[] { 0xC1 })]
    [InlineData((int)MaxMindDataType.Map, 2, new byte[] { 0xE2 })]
    [InlineData((int)MaxMindDataType.Map, 300, new byte[] { 0xFE, 0x00, 0x0F })]
    [InlineData((int)MaxMindDataType.Int32, 4, new byte[] { 0x04, 0x01 })]
    [InlineData((int)MaxMindDataType.UInt64, 8, new byte[] { 0x08, 0x02 })]
    [InlineData((int)MaxMindDataType.UInt128, 3, new byte[] { 0x03, 0x03 })]
    [InlineData((int)MaxMindDataType.Array, 3, new byte[] { 0x03, 0x04 })]
    [InlineData((int)MaxMindDataType.Array, 29, new byte[] { 0x1D, 0x04, 0x00 })]
    [InlineData((int)MaxMindDataType.Array, 65_821, new byte[] { 0x1F, 0x04, 0x00, 0x00, 0x00 })]
    [InlineData((int)MaxMindDataType.EndMarker, 0, new byte[] { 0x00, 0x06 })]
    [InlineData((int)MaxMindDataType.Boolean, 1, new byte[] { 0x01, 0x07 })]
    [InlineData((int)MaxMindDataType.Boolean, 0, new byte[] { 0x00, 0x07 })]
    [InlineData((int)MaxMindDataType.Float, 4, new byte[] { 0x04, 0x08 })]
    public void WriteHeader_MatchesTheSpecification(int typeNumber, int size, byte[] expected)
    {
        var type = (MaxMindDataType)typeNumber;
        var output = new ArrayBufferWriter<byte>();

        DataFieldEncoding.WriteHeader(output, type, size);

        Assert.Equal(expected, output.WrittenSpan.ToArray());
        Assert.Equal(expected.Length, DataFieldEncoding.HeaderLength(type, size));
    }

    [Theory]
    [InlineData((int)MaxMindDataType.Utf8String, 29)]
    [InlineData((int)MaxMindDataType.Array, 285)]
    [InlineData((int)MaxMindDataType.Map, 65_821)]
    [InlineData((int)MaxMindDataType.Bytes, 16_843_036)]
    public void ReadHeader_ReadsBackWhatWriteHeaderWrote(int typeNumber, int size)
    {
        var type = (MaxMindDataType)typeNumber;
        var output = new ArrayBufferWriter<byte>();
        DataFieldEncoding.WriteHeader(output, type, size);

        var payload = DataFieldEncoding.ReadHeader(output.WrittenSpan, 0, out var readType, out var readSize);

        Assert.Equal(type, readType);
        Assert.Equal(size, readSize);
        Assert.Equal(output.WrittenCount, payload);
    }

    [Fact]
    public void WriteHeader_SizeAboveTheFormatLimit_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            DataFieldEncoding.WriteHeader(new ArrayBufferWriter<byte>(), MaxMindDataType.Bytes, 16_843_037));
    }

    [Theory]
    [InlineData(0, new byte[] { 0x20, 0x00 })]
    [InlineData(5, new byte[] { 0x20, 0x05 })]
    [InlineData(2_047, new byte[] { 0x27, 0xFF })]
    [InlineData(2_048, new byte[] { 0x28, 0x00, 0x00 })]
    [InlineData(526_335, new byte[] { 0x2F, 0xFF, 0xFF })]
    [InlineData(526_336, new byte[] { 0x30, 0x00, 0x00, 0x00 })]
    [InlineData(134_744_063, new byte[] { 0x37, 0xFF, 0xFF, 0xFF })]
    [InlineData(134_744_064, new byte[] { 0x38, 0x08, 0x08, 0x08, 0x00 })]
    [InlineData(int.MaxValue, new byte[] { 0x38, 0x7F, 0xFF, 0xFF, 0xFF })]
    public void WritePointer_UsesTheShortestFormFromTheSpecification(int offset, byte[] expected)
    {
        var output = new ArrayBufferWriter<byte>();

        DataFieldEncoding.WritePointer(output, offset);

        Assert.Equal(expected, output.WrittenSpan.ToArray());
        Assert.Equal(expected.Length, DataFieldEncoding.PointerLength(offset));
    }
}
