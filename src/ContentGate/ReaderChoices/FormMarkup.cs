using System.Text;
using ContentGate.Assets;
using ContentGate.Policies;
using Microsoft.AspNetCore.Http;

namespace ContentGate.ReaderChoices;

/// <summary>
/// The no-JavaScript forms behind the dismiss and acknowledge buttons: a POST to ContentGate's prefix with the policy,
/// its version and the local URL to return to. No token: <see cref="CrossOriginProtection"/> refuses posts from other
/// sites, so rendering a form changes nothing about the response (no cookie, no cache headers).
/// </summary>
internal static class FormMarkup
{
    /// <summary>The path under ContentGate's prefix that a dismiss form posts to.</summary>
    public const string DismissAction = "dismiss";

    /// <summary>The path under ContentGate's prefix that an acknowledge form posts to.</summary>
    public const string AcknowledgeAction = "acknowledge";

    public const string PolicyField = "policy";
    public const string VersionField = "version";
    public const string ReturnUrlField = "returnUrl";

    /// <summary>
    /// The longest Location a post may send the reader back to, once encoded. Kestrel's default request line is 8 KB, so
    /// every page it serves fits; a longer value is not one of our forms and sends the reader to the app's root.
    /// </summary>
    public const int MaxReturnUrlLength = 8192;

    public static string Render(HttpContext context, string prefix, string action, CompiledPolicy policy, string buttonText, string formClass, bool autofocus)
    {
        // PathString and QueryString render percent-encoded: the value is ASCII whatever the page's charset, which a
        // browser would otherwise use to encode the field when it submits the form.
        var returnUrl = context.Request.PathBase.Add(context.Request.Path).Add(context.Request.QueryString).ToString();
        var target = context.Request.PathBase.Add(prefix + "/" + action).ToString();
        var encoder = PageDocument.Encoder;
        return $"<form class=\"{formClass}\" method=\"post\" action=\"{encoder.Encode(target)}\">"
            + $"<input type=\"hidden\" name=\"{PolicyField}\" value=\"{encoder.Encode(policy.Name)}\">"
            + $"<input type=\"hidden\" name=\"{VersionField}\" value=\"{encoder.Encode(policy.Version)}\">"
            + $"<input type=\"hidden\" name=\"{ReturnUrlField}\" value=\"{encoder.Encode(returnUrl)}\">"
            + $"<button type=\"submit\" class=\"contentgate-button\"{(autofocus ? " autofocus" : string.Empty)}>{encoder.Encode(buttonText)}</button></form>";
    }

    /// <summary>
    /// Returns <paramref name="returnUrl"/> as a valid <c>Location</c> when it is a path on this host, otherwise the app's
    /// root: a form post must never become an open redirect, nor a header the server refuses to send. Non-ASCII is
    /// percent-encoded as UTF-8 (the same URL, as a browser would request it); anything a browser, a proxy or an app
    /// decoding once could read as another host is refused.
    /// </summary>
    public static string LocalReturnUrl(HttpContext context, string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl[0] != '/' || returnUrl.Length > MaxReturnUrlLength || StartsWithAuthority(returnUrl))
        {
            return Root(context);
        }

        var escape = false;
        for (var i = 0; i < returnUrl.Length; i++)
        {
            var c = returnUrl[i];
            // Browsers read '\' as '/' and drop tabs and newlines anywhere in a URL ("/\t/evil.example" is
            // "//evil.example" to them); other controls and lone surrogates have no place in a URL at all.
            if (c == '\\' || char.IsControl(c) || char.IsLowSurrogate(c))
            {
                return Root(context);
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 == returnUrl.Length || !char.IsLowSurrogate(returnUrl[i + 1]))
                {
                    return Root(context);
                }

                i++;
            }

            escape |= MustEscape(c);
        }

        if (!escape)
        {
            return returnUrl;
        }

        var location = Escape(returnUrl);
        return location.Length > MaxReturnUrlLength ? Root(context) : location;
    }

    private static string Root(HttpContext context)
        => context.Request.PathBase.HasValue ? context.Request.PathBase.ToUriComponent() : "/";

    /// <summary>
    /// Whether the URL, after its leading '/', goes on with another slash or backslash, raw or percent-encoded, perhaps
    /// after encoded tabs or newlines: "//host", "/\host", "/%2F/host", "/%09/host" all name another host to something
    /// that decodes once and then follows browser rules.
    /// </summary>
    private static bool StartsWithAuthority(string url)
    {
        var i = 1;
        while (i < url.Length)
        {
            var c = url[i];
            var width = 1;
            if (c == '%' && i + 2 < url.Length && char.IsAsciiHexDigit(url[i + 1]) && char.IsAsciiHexDigit(url[i + 2]))
            {
                c = (char)Convert.ToByte(url.Substring(i + 1, 2), 16);
                width = 3;
            }

            if (c is not ('\t' or '\n' or '\r'))
            {
                return c is '/' or '\\';
            }

            i += width;
        }

        return false;
    }

    // Non-ASCII, and the ASCII a URL may not contain as it is; '%' stays, as the URL is already percent-encoded.
    private static bool MustEscape(char c) => c > '\u007E' || c is ' ' or '"' or '<' or '>' or '`' or '{' or '}' or '|' or '^';

    private static string Escape(string url)
    {
        var builder = new StringBuilder(url.Length * 2);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < url.Length; i++)
        {
            var c = url[i];
            if (!MustEscape(c))
            {
                builder.Append(c);
                continue;
            }

            // Pairs were checked by the caller, so this never fails.
            Rune.DecodeFromUtf16(url.AsSpan(i), out var rune, out var consumed);
            i += consumed - 1;
            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
