using ContentGate.Testing.MaxMind;

namespace ContentGate.Testing.Tests.MaxMind;

/// <summary>
/// Byte-exact checks of value encodings: integers drop leading zero bytes, maps are sorted, nulls are left out.
/// </summary>
public class RecordSerializerTests
{
    private static byte[] Serialize(object value) =>
        new RecordSerializer().Serialize(new Dictionary<string, object?> { ["v"] = value }, "record")[3..].ToArray();

    [Theory]
    [InlineData(0, new byte[] { 0x00, 0x01 })]
    [InlineData(200, new byte[] { 0x01, 0x01, 0xC8 })]
    [InlineData(65_536, new byte[] { 0x03, 0x01, 0x01, 0x00, 0x00 })]
    [InlineData(-1, new byte[] { 0x04, 0x01, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(int.MinValue, new byte[] { 0x04, 0x01, 0x80, 0x00, 0x00, 0x00 })]
    public void Serialize_Int_IsInt32WithoutLeadingZeroBytes(int value, byte[] expected) =>
        Assert.Equal(expected, Serialize(value));

    [Fact]
    public void Serialize_UnsignedTypes_UseTheirOwnTypeNumbers()
    {
        Assert.Equal([0xA1, 0x05], Serialize((ushort)5));
        Assert.Equal([0xC0], Serialize(0u));
        Assert.Equal([0xC4, 0xFF, 0xFF, 0xFF, 0xFF], Serialize(uint.MaxValue));
        Assert.Equal([0x01, 0x02, 0x07], Serialize(7ul));
        Assert.Equal([0x01, 0x02, 0x07], Serialize(7L));
    }

    [Fact]
    public void Serialize_FloatingPoint_IsBigEndianIeee754()
    {
        Assert.Equal([0x68, 0x3F, 0xF8, 0, 0, 0, 0, 0, 0], Serialize(1.5));
        Assert.Equal([0x04, 0x08, 0x3F, 0xC0, 0, 0], Serialize(1.5f));
    }

    [Fact]
    public void Serialize_BoolAndBytes()
    {
        Assert.Equal([0x01, 0x07], Serialize(true));
        Assert.Equal([0x00, 0x07], Serialize(false));
        Assert.Equal([0x82, 0xAB, 0xCD], Serialize(new byte[] { 0xAB, 0xCD }));
    }

    [Fact]
    public void Serialize_Map_SortsKeysOrdinallyAndLeavesOutNulls()
    {
        var bytes = new RecordSerializer().Serialize(
            new Dictionary<string, object?> { ["b"] = "2", ["a"] = "1", ["B"] = null, ["ä"] = true }, "record").ToArray();

        // {"a": "1", "b": "2", "ä": true}: 'ä' (U+00E4) sorts after ASCII.
        Assert.Equal([0xE3, 0x41, (byte)'a', 0x41, (byte)'1', 0x41, (byte)'b', 0x41, (byte)'2', 0x42, 0xC3, 0xA4, 0x01, 0x07], bytes);
    }
}
