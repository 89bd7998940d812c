namespace ContentGate.Actions.Notices;

/// <summary>
/// Tells, without parsing the header into objects, what <see cref="NoticeEligibility"/> would conclude from the
/// <c>Content-Type</c> values most responses carry: a non-HTML type (JSON, CSS, images, …), or <c>text/html</c> as
/// ASP.NET Core and static files write it. Anything else is left to the full parser.
/// </summary>
internal static class CommonContentTypes
{
    /// <summary>Classifies <paramref name="contentType"/> when it can do so exactly as the full parser would.</summary>
    /// <param name="contentType">The response's <c>Content-Type</c>.</param>
    /// <param name="isHtml">When classified: whether the media type is <c>text/html</c> or <c>application/xhtml+xml</c>.</param>
    /// <param name="encoding">When classified as HTML: the notice form its charset calls for.</param>
    /// <returns><see langword="false"/> when only the full parser can tell.</returns>
    public static bool TryClassify(string? contentType, out bool isHtml, out NoticeEncoding encoding)
    {
        isHtml = false;
        encoding = NoticeEncoding.Utf8;
        var value = contentType.AsSpan();
        if (value.Equals("text/html; charset=utf-8", StringComparison.OrdinalIgnoreCase)
            || value.Equals("text/html;charset=utf-8", StringComparison.OrdinalIgnoreCase))
        {
            isHtml = true;
            return true;
        }

        if (value.Equals("text/html", StringComparison.OrdinalIgnoreCase))
        {
            // No charset: the form that reads the same in every ASCII-compatible charset.
            isHtml = true;
            encoding = NoticeEncoding.Ascii;
            return true;
        }

        // A value the parser accepts is: whitespace, type, whitespace, '/', whitespace, subtype, whitespace, then
        // parameters after ';'. If what stands around the first '/' before any ';' is not an HTML type, the parser
        // either rejects the value or names another type: not HTML either way. Trim removes at least the whitespace
        // the parser skips, so no value the parser reads as HTML is classified here as anything else.
        var semicolon = value.IndexOf(';');
        var essence = semicolon < 0 ? value : value[..semicolon];
        var slash = essence.IndexOf('/');
        if (slash < 0)
        {
            return true;
        }

        var type = essence[..slash].Trim();
        var subtype = essence[(slash + 1)..].Trim();
        var maybeHtml = (type.Equals("text", StringComparison.OrdinalIgnoreCase) && subtype.Equals("html", StringComparison.OrdinalIgnoreCase))
            || (type.Equals("application", StringComparison.OrdinalIgnoreCase) && subtype.Equals("xhtml+xml", StringComparison.OrdinalIgnoreCase));
        return !maybeHtml;
    }
}
