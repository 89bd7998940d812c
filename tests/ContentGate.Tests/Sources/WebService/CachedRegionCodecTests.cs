using ContentGate.Regions;
using ContentGate.Sources.WebService;

namespace ContentGate.Tests.Sources.WebService;

/// <summary>The few bytes a cached answer takes, and what is not trusted when read back from a shared cache.</summary>
public sealed class CachedRegionCodecTests
{
    public static TheoryData<string?> Regions() => new() { null, "RU", "UA UA-43", "GB GB-ENG GB-LND" };

    [Theory]
    [MemberData(nameof(Regions))]
    public void Answer_RoundTrips(string? codes)
    {
        var parts = codes?.Split(' ');
        var region = parts is null ? null : Region.Create(parts[0], parts[1..]);

        var bytes = CachedRegionCodec.Encode(region);

        Assert.True(CachedRegionCodec.TryDecode(bytes, out var decoded));
        Assert.Equal(region, decoded);
        Assert.Equal(1 + (codes?.Length ?? 0), bytes.Length);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 2, (byte)'R', (byte)'U' })]                     // another version
    [InlineData(new byte[] { 1, (byte)'Q', (byte)'Q' })]                     // not a country
    [InlineData(new byte[] { 1, (byte)'U', (byte)'A', (byte)' ', (byte)'R', (byte)'U', (byte)'-', (byte)'1' })]  // another country's subdivision
    [InlineData(new byte[] { 1, (byte)'U', (byte)'A', (byte)' ' })]
    [InlineData(new byte[] { 1, 0xC3, 0xA9 })]
    public void Value_NotWrittenByThisVersion_IsAMiss(byte[] value)
        => Assert.False(CachedRegionCodec.TryDecode(value, out _));
}
