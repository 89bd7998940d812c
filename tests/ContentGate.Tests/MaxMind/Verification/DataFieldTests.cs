using ContentGate.MaxMind.Verification;

namespace ContentGate.Tests.MaxMind.Verification;

/// <summary>
/// Field headers as the MaxMind DB specification encodes them: its own examples, and every pointer length at both ends
/// of its range (each length adds the previous one's reach, so an off-by-one would misplace every long pointer).
/// </summary>
public sealed class DataFieldTests
{
    public static TheoryData<byte[], long> Pointers() => new()
    {
        { [0x20, 0x00], 0 },
        { [0x27, 0xFF], 2_047 },
        { [0x28, 0x00, 0x00], 2_048 },
        { [0x2F, 0xFF, 0xFF], 526_335 },
        { [0x30, 0x00, 0x00, 0x00], 526_336 },
        { [0x37, 0xFF, 0xFF, 0xFF], 134_744_063 },
        { [0x38, 0x00, 0x00, 0x00, 0x00], 0 },
        { [0x3F, 0xFF, 0xFF, 0xFF, 0xFF], 4_294_967_295 },
    };

    [Theory]
    [MemberData(nameof(Pointers))]
    public void TryRead_Pointer_ResolvesTheSpecificationsValue(byte[] bytes, long target)
    {
        Assert.Null(DataField.TryRead(bytes, 0, out var field));

        Assert.Equal(DataFieldType.Pointer, field.Type);
        Assert.Equal(target, field.Target);
        Assert.Equal(bytes.Length, field.PayloadStart);
    }

    public static TheoryData<byte[], int, int, int> Headers() => new()
    {
        { [0x42], (int)DataFieldType.Utf8String, 2, 1 },                        // the specification's examples
        { [0x5C], (int)DataFieldType.Utf8String, 28, 1 },
        { [0xC1], (int)DataFieldType.UInt32, 1, 1 },
        { [0x03, 0x03], (int)DataFieldType.UInt128, 3, 2 },
        { [0x5D, 0x33], (int)DataFieldType.Utf8String, 80, 2 },
        { [0x5E, 0x33, 0x33], (int)DataFieldType.Utf8String, 13_392, 3 },
        { [0x5F, 0x33, 0x33, 0x33], (int)DataFieldType.Utf8String, 3_421_264, 4 },
        { [0x01, 0x04], (int)DataFieldType.Array, 1, 2 },
        { [0xE2], (int)DataFieldType.Map, 2, 1 },
        { [0x01, 0x07], (int)DataFieldType.Boolean, 1, 2 },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void TryRead_Header_GivesTypeSizeAndPayloadStart(byte[] bytes, int type, int size, int payloadStart)
    {
        Assert.Null(DataField.TryRead(bytes, 0, out var field));

        Assert.Equal((DataFieldType)type, field.Type);
        Assert.Equal(size, field.Size);
        Assert.Equal(payloadStart, field.PayloadStart);
    }

    [Theory]
    [InlineData(new byte[] { 0x28, 0x00 }, "a pointer runs past the end")]
    [InlineData(new byte[] { 0x5E, 0x33 }, "a size runs past the end")]
    [InlineData(new byte[] { 0x01 }, "an extended type byte is missing")]
    [InlineData(new byte[] { 0x01, 0x09 }, "the extended type byte 9 names no type")]
    [InlineData(new byte[] { }, "a value starts past the end")]
    public void TryRead_DamagedHeader_SaysWhatIsWrongWithoutReadingPastTheEnd(byte[] bytes, string problem)
    {
        Assert.StartsWith(problem, DataField.TryRead(bytes, 0, out _), StringComparison.Ordinal);
    }
}
