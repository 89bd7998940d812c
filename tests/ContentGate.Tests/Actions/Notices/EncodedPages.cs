using System.Buffers;
using System.IO.Compression;

namespace ContentGate.Tests.Actions.Notices;

/// <summary>Pages put into a content coding and taken out of one, with the framework's own compressors.</summary>
internal static class EncodedPages
{
    /// <summary>
    /// Encodes <paramref name="page"/>: <c>gzip</c>, <c>br</c>, <c>deflate</c> (zlib, as the standard says) or
    /// <c>deflate-raw</c> (raw deflate data, which some servers send as <c>deflate</c>).
    /// </summary>
    public static byte[] Encode(ReadOnlySpan<byte> page, string coding, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var buffer = new MemoryStream();
        using (var compressor = Compressor(buffer, coding, level))
        {
            compressor.Write(page);
        }

        return buffer.ToArray();
    }

    /// <summary>A compressor over <paramref name="destination"/> (left open) for a coding <see cref="Encode"/> knows.</summary>
    public static Stream Compressor(Stream destination, string coding, CompressionLevel level = CompressionLevel.Optimal) => coding switch
    {
        "gzip" => new GZipStream(destination, level, leaveOpen: true),
        "br" => new BrotliStream(destination, level, leaveOpen: true),
        "deflate" => new ZLibStream(destination, level, leaveOpen: true),
        "deflate-raw" => new DeflateStream(destination, level, leaveOpen: true),
        _ => throw new ArgumentOutOfRangeException(nameof(coding), coding, null),
    };

    /// <summary>The <c>Content-Encoding</c> an origin labels <paramref name="coding"/> with.</summary>
    public static string Label(string coding) => coding == "deflate-raw" ? "deflate" : coding;

    /// <summary>Decodes a whole body by its <c>Content-Encoding</c> (none, gzip or br).</summary>
    public static byte[] Decode(byte[] body, string? contentEncoding)
    {
        using Stream decoded = contentEncoding switch
        {
            null or "" => new MemoryStream(body),
            "gzip" => new GZipStream(new MemoryStream(body), CompressionMode.Decompress),
            "br" => new BrotliStream(new MemoryStream(body), CompressionMode.Decompress),
            _ => throw new InvalidOperationException($"Unexpected Content-Encoding {contentEncoding}."),
        };
        using var copy = new MemoryStream();
        decoded.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Decodes the beginning of a body whose end has not come yet: everything its bytes so far decode to.</summary>
    public static byte[] DecodeSoFar(byte[] body, string? contentEncoding)
    {
        if (contentEncoding == "br")
        {
            using var decoder = new BrotliDecoder();
            var output = new byte[1024 * 1024];
            var status = decoder.Decompress(body, output, out var consumed, out var written);
            Assert.Equal(OperationStatus.NeedMoreData, status);
            Assert.Equal(body.Length, consumed);
            return output[..written];
        }

        // The framework's gzip reader stops, without an error, where the bytes so far end.
        return Decode(body, contentEncoding);
    }
}
