using ContentGate.Actions.Notices;

namespace ContentGate.Tests.Actions.Notices;

/// <summary>Which coding a page arrived in, and which one the reader gets it back in.</summary>
public class ContentCodingsTests
{
    [Theory]
    [InlineData(null, true, nameof(ContentCoding.Identity))]
    [InlineData("", true, nameof(ContentCoding.Identity))]
    [InlineData("identity", true, nameof(ContentCoding.Identity))]
    [InlineData("gzip", true, nameof(ContentCoding.Gzip))]
    [InlineData("X-GZIP", true, nameof(ContentCoding.Gzip))]
    [InlineData(" br ", true, nameof(ContentCoding.Brotli))]
    [InlineData("deflate", true, nameof(ContentCoding.Deflate))]
    [InlineData("identity, br", true, nameof(ContentCoding.Brotli))]
    [InlineData("gzip, br", false, nameof(ContentCoding.Identity))]
    [InlineData("gzip, gzip", false, nameof(ContentCoding.Identity))]
    [InlineData("compress", false, nameof(ContentCoding.Identity))]
    [InlineData("zstd", false, nameof(ContentCoding.Identity))]
    [InlineData("aes128gcm", false, nameof(ContentCoding.Identity))]
    public void TryReadSingle_ReadsOneCodingItDecodes(string? header, bool readable, string expected)
    {
        Assert.Equal(readable, ContentCodings.TryReadSingle(header, out var coding));
        Assert.Equal(Enum.Parse<ContentCoding>(expected), coding);
    }

    [Fact]
    public void TryReadSingle_WithTheCodingInTwoHeaderLines_IsTwoCodings()
    {
        Assert.False(ContentCodings.TryReadSingle(new(["gzip", "br"]), out _));
    }

    [Theory]
    // The origin's coding when the reader accepts it, whatever it ranks first.
    [InlineData(nameof(ContentCoding.Gzip), "gzip, deflate, br, zstd", nameof(ContentCoding.Gzip))]
    [InlineData(nameof(ContentCoding.Brotli), "gzip, deflate, br, zstd", nameof(ContentCoding.Brotli))]
    [InlineData(nameof(ContentCoding.Gzip), "br;q=1, gzip;q=0.1", nameof(ContentCoding.Gzip))]
    [InlineData(nameof(ContentCoding.Gzip), "x-gzip", nameof(ContentCoding.Gzip))]
    [InlineData(nameof(ContentCoding.Brotli), "*", nameof(ContentCoding.Brotli))]
    // Otherwise the better of br and gzip; br on a tie; deflate is never written.
    [InlineData(nameof(ContentCoding.Gzip), "br", nameof(ContentCoding.Brotli))]
    [InlineData(nameof(ContentCoding.Brotli), "gzip", nameof(ContentCoding.Gzip))]
    [InlineData(nameof(ContentCoding.Deflate), "gzip, deflate, br", nameof(ContentCoding.Brotli))]
    [InlineData(nameof(ContentCoding.Deflate), "deflate", nameof(ContentCoding.Identity))]
    [InlineData(nameof(ContentCoding.Deflate), "gzip;q=0.8, br;q=0.5", nameof(ContentCoding.Gzip))]
    [InlineData(nameof(ContentCoding.Brotli), "gzip;q=1, br;q=0", nameof(ContentCoding.Gzip))]
    [InlineData(nameof(ContentCoding.Gzip), "gzip;q=0, *", nameof(ContentCoding.Brotli))]
    // Neither accepted, or identity ranked higher, or nothing asked for: the page plain.
    [InlineData(nameof(ContentCoding.Gzip), null, nameof(ContentCoding.Identity))]
    [InlineData(nameof(ContentCoding.Gzip), "", nameof(ContentCoding.Identity))]
    [InlineData(nameof(ContentCoding.Gzip), "identity", nameof(ContentCoding.Identity))]
    [InlineData(nameof(ContentCoding.Brotli), "gzip;q=0, br;q=0", nameof(ContentCoding.Identity))]
    [InlineData(nameof(ContentCoding.Gzip), "*;q=0", nameof(ContentCoding.Identity))]
    [InlineData(nameof(ContentCoding.Brotli), "gzip;q=0.5, identity;q=1", nameof(ContentCoding.Identity))]
    [InlineData(nameof(ContentCoding.Gzip), "zstd, compress", nameof(ContentCoding.Identity))]
    [InlineData(nameof(ContentCoding.Gzip), "gzip;q=not-a-number", nameof(ContentCoding.Identity))]
    public void ChooseForReader_FollowsAcceptEncoding(string origin, string? acceptEncoding, string expected)
    {
        Assert.Equal(Enum.Parse<ContentCoding>(expected), ContentCodings.ChooseForReader(acceptEncoding, Enum.Parse<ContentCoding>(origin)));
    }
}
