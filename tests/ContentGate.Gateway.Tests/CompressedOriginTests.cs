using System.IO.Compression;
using System.Text;
using ContentGate.Gateway.Tests.Infrastructure;

namespace ContentGate.Gateway.Tests;

/// <summary>
/// An origin that sends pre-compressed HTML whatever the request accepts (a CMS page cache, a static <c>.gz</c>): through
/// the gateway, a reader who must see the notice gets it once after the real <c>&lt;body&gt;</c>, in a coding their own
/// <c>Accept-Encoding</c> allows; a reader who gets nothing receives the origin's bytes untouched.
/// </summary>
public sealed class CompressedOriginTests(KestrelOriginFixture origin) : IClassFixture<KestrelOriginFixture>
{
    private const string Body = "<body class=\"origin\">";

    [Theory]
    [InlineData("gzip, br", "gzip")]
    [InlineData("br", "br")]
    [InlineData(null, null)]
    public async Task PreCompressedPage_ForANoticeReader_CarriesTheNoticeOnce_InACodingTheReaderAccepts(string? acceptEncoding, string? expectedCoding)
    {
        await using var gateway = await GatewayServer.StartAsync(GatewayServer.Configuration(origin.Server.BaseAddress, "127.0.0.1"));

        using var response = acceptEncoding is null
            ? await gateway.Client.GetAsAsync("/precompressed", Readers.Crimea)
            : await gateway.Client.GetAsAsync("/precompressed", Readers.Crimea, ("Accept-Encoding", acceptEncoding));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var coding = response.Content.Headers.ContentEncoding.SingleOrDefault();
        var html = Decode(bytes, coding);

        Assert.Equal(expectedCoding, coding);
        var body = html.IndexOf(Body, StringComparison.Ordinal);
        Assert.True(body > 0, html);
        Assert.StartsWith("<section", html[(body + Body.Length)..], StringComparison.Ordinal);
        Assert.Equal(1, CountOf(html, "data-contentgate-notice="));
        Assert.EndsWith("<p>From the origin.</p></body></html>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreCompressedPage_ForAReaderWhoGetsNothing_IsTheOriginsBytes()
    {
        await using var gateway = await GatewayServer.StartAsync(GatewayServer.Configuration(origin.Server.BaseAddress, "127.0.0.1"));

        using var response = await gateway.Client.GetAsAsync("/precompressed", Readers.Germany, ("Accept-Encoding", "br"));

        Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
        Assert.Equal(KestrelOrigin.CompressedPage, await response.Content.ReadAsByteArrayAsync());
    }

    private static string Decode(byte[] bytes, string? coding)
    {
        using var input = new MemoryStream(bytes);
        using Stream decoder = coding switch
        {
            "gzip" => new GZipStream(input, CompressionMode.Decompress),
            "br" => new BrotliStream(input, CompressionMode.Decompress),
            _ => input,
        };
        using var reader = new StreamReader(decoder, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
