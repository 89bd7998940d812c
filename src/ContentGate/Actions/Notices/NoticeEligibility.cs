using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ContentGate.Actions.Notices;

/// <summary>Decides, from the request and the response headers, whether a response may be rewritten.</summary>
internal static class NoticeEligibility
{
    // WHATWG Encoding labels of UTF-8.
    private static readonly FrozenSet<string> s_utf8Labels = new[]
    {
        "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // Charsets in which inserted ASCII bytes would not read as ASCII, or in which "<body" in the raw bytes is
    // not "<body": UTF-16 and UTF-32 (two or four bytes per character), UTF-7 and the stateful 7-bit ISO-2022
    // and HZ encodings (the same byte values mean other characters after a shift sequence).
    private static readonly FrozenSet<string> s_asciiIncompatibleLabels = new[]
    {
        "utf-16", "utf-16le", "utf-16be", "utf16", "unicode", "unicodefeff", "unicodefffe", "csunicode",
        "ucs-2", "iso-10646-ucs-2", "utf-32", "utf-32le", "utf-32be", "utf32", "ucs-4", "iso-10646-ucs-4",
        "utf-7", "csunicode11utf7", "unicode-1-1-utf-7", "x-unicode20utf7",
        "iso-2022-jp", "csiso2022jp", "iso-2022-kr", "csiso2022kr", "iso-2022-cn", "iso-2022-cn-ext", "hz-gb-2312",
        "replacement",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_utf8Lookup =
        s_utf8Labels.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_asciiIncompatibleLookup =
        s_asciiIncompatibleLabels.GetAlternateLookup<ReadOnlySpan<char>>();

    // What the Content-Type says for rewriting: not an HTML media type, or HTML in one of three kinds of charset.
    private enum ContentTypeKind
    {
        NotHtml,
        Utf8,
        Ascii,
        AsciiIncompatible,
    }

    /// <summary>
    /// Checks, in this order, that the request is not HEAD; the status is 2xx and not 204, 205 or 206; the media
    /// type is <c>text/html</c> or <c>application/xhtml+xml</c>; the <c>Content-Encoding</c> is none, <c>identity</c>
    /// or one coding ContentGate can decode (see <see cref="ContentCodings.TryReadSingle"/>); there is no
    /// <c>Content-Range</c>; and the charset is ASCII-compatible.
    /// </summary>
    /// <remarks>
    /// <para>Charset rules:</para>
    /// <list type="bullet">
    /// <item><description>A UTF-8 label gives <see cref="NoticeEncoding.Utf8"/>.</description></item>
    /// <item><description>
    /// No charset gives <see cref="NoticeEncoding.Ascii"/>: the browser then takes the charset from a
    /// <c>&lt;meta charset&gt;</c> or its locale default (windows-1251 for a Russian locale), which the server
    /// cannot see; the ASCII form with character references reads the same in every ASCII-compatible
    /// charset, UTF-8 included. (A UTF-16 page without a charset has no ASCII <c>&lt;body</c> in its bytes, so it
    /// passes through unchanged as <see cref="NoticeOutcome.NoBodyTag"/>.)
    /// </description></item>
    /// <item><description>UTF-16, UTF-32, UTF-7, ISO-2022-* and HZ labels give
    /// <see cref="NoticeOutcome.UnsupportedCharset"/>.</description></item>
    /// <item><description>
    /// Any other label, known or not, gives <see cref="NoticeEncoding.Ascii"/>. The name is not resolved with
    /// <see cref="System.Text.Encoding.GetEncoding(string)"/>: .NET knows few legacy charsets without a
    /// registered provider, and browsers treat an unknown label as if none was given, then pick an
    /// ASCII-compatible charset.
    /// </description></item>
    /// </list>
    /// </remarks>
    /// <param name="context">The request and its response, whose headers have not been sent yet.</param>
    /// <param name="encoding">When eligible, the notice form that fits the page.</param>
    /// <param name="passThroughReason">When not eligible, why.</param>
    /// <returns><see langword="true"/> when the response may be rewritten.</returns>
    public static bool TryChooseEncoding(HttpContext context, out NoticeEncoding encoding, out NoticeOutcome passThroughReason)
        => TryChooseEncoding(context, out encoding, out _, out passThroughReason);

    /// <summary>As <see cref="TryChooseEncoding(HttpContext, out NoticeEncoding, out NoticeOutcome)"/>, also saying which coding the page must be taken out of.</summary>
    /// <param name="context">The request and its response, whose headers have not been sent yet.</param>
    /// <param name="encoding">When eligible, the notice form that fits the page.</param>
    /// <param name="coding">When eligible, the page's content coding: <see cref="ContentCoding.Identity"/> for a plain page.</param>
    /// <param name="passThroughReason">When not eligible, why.</param>
    /// <returns><see langword="true"/> when the response may be rewritten.</returns>
    public static bool TryChooseEncoding(HttpContext context, out NoticeEncoding encoding, out ContentCoding coding, out NoticeOutcome passThroughReason)
    {
        ArgumentNullException.ThrowIfNull(context);
        encoding = NoticeEncoding.Utf8;
        coding = ContentCoding.Identity;
        passThroughReason = GetPassThroughReason(context, ref encoding, ref coding);
        return passThroughReason == NoticeOutcome.Undecided;
    }

    /// <summary>
    /// Whether a response that <see cref="TryChooseEncoding(HttpContext, out NoticeEncoding, out NoticeOutcome)"/> refused still shows the page a notice is about: an HTML
    /// page with a 2xx status that arrived encoded, as a byte range, or in a charset a notice cannot be written in.
    /// Its content still differs by region (another reader gets the page with the notice), so the cache rules apply to
    /// it all the same.
    /// </summary>
    /// <param name="context">The request and its response, whose headers have not been sent yet.</param>
    /// <param name="passThroughReason">Why <see cref="TryChooseEncoding(HttpContext, out NoticeEncoding, out NoticeOutcome)"/> refused the response.</param>
    /// <returns><see langword="true"/> for such a page.</returns>
    public static bool IsUnrewrittenPage(HttpContext context, NoticeOutcome passThroughReason)
        => passThroughReason is NoticeOutcome.ContentEncoded or NoticeOutcome.UnsupportedCharset
            || (passThroughReason == NoticeOutcome.PartialContent && IsHtml(context.Response.ContentType));

    /// <summary>Whether the response is an HTML page a notice is meant for: not HEAD, 2xx, an HTML media type.</summary>
    /// <param name="context">The request and its response.</param>
    /// <returns><see langword="true"/> for such a page, whatever its encoding or charset.</returns>
    public static bool IsHtmlPage(HttpContext context)
        => !HttpMethods.IsHead(context.Request.Method)
            && context.Response.StatusCode is >= 200 and <= 299
            && IsHtml(context.Response.ContentType);

    private static bool IsHtml(string? contentType)
        => CommonContentTypes.TryClassify(contentType, out var isHtml, out _) ? isHtml : ClassifyContentType(contentType) != ContentTypeKind.NotHtml;

    private static NoticeOutcome GetPassThroughReason(HttpContext context, ref NoticeEncoding encoding, ref ContentCoding coding)
    {
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return NoticeOutcome.HeadRequest;
        }

        var response = context.Response;
        var status = response.StatusCode;
        if (status == StatusCodes.Status206PartialContent)
        {
            return NoticeOutcome.PartialContent;
        }

        if (status is < 200 or > 299 or StatusCodes.Status204NoContent or StatusCodes.Status205ResetContent)
        {
            return NoticeOutcome.StatusNotEligible;
        }

        // The values nearly every response carries are classified without parsing the header into objects.
        var contentType = response.ContentType;
        var kind = CommonContentTypes.TryClassify(contentType, out var isHtml, out var commonEncoding)
            ? (!isHtml ? ContentTypeKind.NotHtml : commonEncoding == NoticeEncoding.Utf8 ? ContentTypeKind.Utf8 : ContentTypeKind.Ascii)
            : ClassifyContentType(contentType);
        if (kind == ContentTypeKind.NotHtml)
        {
            return NoticeOutcome.NotHtml;
        }

        var headers = response.Headers;
        if (!ContentCodings.TryReadSingle(headers.ContentEncoding, out coding))
        {
            return NoticeOutcome.ContentEncoded;
        }

        if (!StringValues.IsNullOrEmpty(headers.ContentRange))
        {
            return NoticeOutcome.PartialContent;
        }

        if (kind == ContentTypeKind.AsciiIncompatible)
        {
            return NoticeOutcome.UnsupportedCharset;
        }

        encoding = kind == ContentTypeKind.Utf8 ? NoticeEncoding.Utf8 : NoticeEncoding.Ascii;
        return NoticeOutcome.Undecided;
    }

    private static ContentTypeKind ClassifyContentType(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !(mediaType.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)
                || mediaType.MediaType.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase)))
        {
            return ContentTypeKind.NotHtml;
        }

        var charset = HeaderUtilities.RemoveQuotes(mediaType.Charset).AsSpan().Trim();
        if (charset.IsEmpty)
        {
            return ContentTypeKind.Ascii;
        }

        return s_utf8Lookup.Contains(charset) ? ContentTypeKind.Utf8
            : s_asciiIncompatibleLookup.Contains(charset) ? ContentTypeKind.AsciiIncompatible
            : ContentTypeKind.Ascii;
    }
}
