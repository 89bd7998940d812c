using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ContentGate.Actions.Notices;

/// <summary>
/// Reads a response's <c>Content-Encoding</c> for one coding ContentGate can decode, and chooses the coding a rewritten
/// page is sent in from the reader's <c>Accept-Encoding</c>.
/// </summary>
internal static class ContentCodings
{
    /// <summary>
    /// Reads <c>Content-Encoding</c>: no coding (absent, empty or only <c>identity</c>), or exactly one of <c>gzip</c>,
    /// <c>x-gzip</c>, <c>deflate</c> and <c>br</c> (any case; <c>identity</c> around it changes nothing).
    /// </summary>
    /// <param name="contentEncoding">The response header's values.</param>
    /// <param name="coding">The coding read; <see cref="ContentCoding.Identity"/> for none.</param>
    /// <returns>
    /// <see langword="false"/> for anything else — two codings applied one over the other, or a coding ContentGate cannot
    /// decode (<c>compress</c>, <c>zstd</c>, an unknown name) — which only the reader can take off.
    /// </returns>
    public static bool TryReadSingle(StringValues contentEncoding, out ContentCoding coding)
    {
        coding = ContentCoding.Identity;
        foreach (var value in contentEncoding)
        {
            var remaining = value.AsSpan();
            foreach (var range in remaining.Split(','))
            {
                var name = remaining[range].Trim();
                if (name.IsEmpty || name.Equals("identity", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (coding != ContentCoding.Identity || !TryParse(name, out coding))
                {
                    coding = ContentCoding.Identity;
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Chooses the coding a rewritten page goes to the reader in: the one the origin used when the reader accepts it
    /// (<c>gzip</c> or <c>br</c>); otherwise whichever of <c>br</c> and <c>gzip</c> the reader ranks higher (<c>br</c>
    /// on a tie), unless it ranks <c>identity</c> higher still; <see cref="ContentCoding.Identity"/> when it accepts
    /// neither, and when it sent no <c>Accept-Encoding</c> at all (a client that asks for nothing gets nothing it may
    /// not be able to read). A coding with <c>q=0</c> is refused, and <c>*</c> stands for the codings not named.
    /// </summary>
    /// <param name="acceptEncoding">The reader's <c>Accept-Encoding</c>, as sent (not the hidden one the app saw).</param>
    /// <param name="origin">The coding the page arrived in.</param>
    /// <returns><see cref="ContentCoding.Gzip"/>, <see cref="ContentCoding.Brotli"/> or <see cref="ContentCoding.Identity"/>.</returns>
    public static ContentCoding ChooseForReader(StringValues acceptEncoding, ContentCoding origin)
    {
        if (StringValues.IsNullOrEmpty(acceptEncoding)
            || !StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var accepted))
        {
            return ContentCoding.Identity;
        }

        double brotli = -1, gzip = -1, identity = -1, any = -1;
        foreach (var item in accepted)
        {
            var quality = item.Quality ?? 1;
            var name = item.Value.AsSpan();
            if (name.Equals("br", StringComparison.OrdinalIgnoreCase))
            {
                brotli = Math.Max(brotli, quality);
            }
            else if (name.Equals("gzip", StringComparison.OrdinalIgnoreCase) || name.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
            {
                gzip = Math.Max(gzip, quality);
            }
            else if (name.Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                identity = Math.Max(identity, quality);
            }
            else if (name.Equals("*", StringComparison.Ordinal))
            {
                any = Math.Max(any, quality);
            }
        }

        brotli = brotli >= 0 ? brotli : Math.Max(any, 0);
        gzip = gzip >= 0 ? gzip : Math.Max(any, 0);
        if ((origin == ContentCoding.Brotli && brotli > 0) || (origin == ContentCoding.Gzip && gzip > 0))
        {
            return origin;
        }

        var best = Math.Max(brotli, gzip);
        return best <= 0 || identity > best ? ContentCoding.Identity
            : brotli >= gzip ? ContentCoding.Brotli
            : ContentCoding.Gzip;
    }

    /// <summary>Gets the <c>Content-Encoding</c> value of a coding ContentGate writes.</summary>
    /// <param name="coding"><see cref="ContentCoding.Gzip"/> or <see cref="ContentCoding.Brotli"/>.</param>
    /// <returns>The token.</returns>
    public static string HeaderValue(ContentCoding coding) => coding switch
    {
        ContentCoding.Gzip => "gzip",
        ContentCoding.Brotli => "br",
        _ => throw new ArgumentOutOfRangeException(nameof(coding), coding, "Only gzip and br are written."),
    };

    private static bool TryParse(ReadOnlySpan<char> name, out ContentCoding coding)
    {
        coding = name.Equals("gzip", StringComparison.OrdinalIgnoreCase) || name.Equals("x-gzip", StringComparison.OrdinalIgnoreCase) ? ContentCoding.Gzip
            : name.Equals("deflate", StringComparison.OrdinalIgnoreCase) ? ContentCoding.Deflate
            : name.Equals("br", StringComparison.OrdinalIgnoreCase) ? ContentCoding.Brotli
            : ContentCoding.Identity;
        return coding != ContentCoding.Identity;
    }
}
