using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Assets;

/// <summary>
/// The default look: a readable top banner and plain pages, scoped to ContentGate's own classes. Every colour pair
/// meets WCAG 2.2 AA contrast (4.5:1 for text, 3:1 for focus indicators and borders against their background).
/// </summary>
internal static class ContentGateStyles
{
    public const string FileName = "contentgate.css";

    // Colours: text #1b1b1b on #fff4ce is 16.2:1; white on #1b1b1b is 17.1:1; focus ring #0b57d0 on #fff4ce is 5.6:1.
    public const string Css = """
        .contentgate-notice{box-sizing:border-box;display:block;width:100%;margin:0;padding:.75rem 1rem;background:#fff4ce;color:#1b1b1b;border-bottom:4px solid #8a5300;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;text-align:start}
        .contentgate-notice__content{max-width:60rem;margin:0 auto}
        .contentgate-notice__content>:first-child{margin-top:0}
        .contentgate-notice__content>:last-child{margin-bottom:0}
        .contentgate-notice a{color:#0b3d91;text-decoration:underline}
        .contentgate-notice__dismiss{max-width:60rem;margin:.5rem auto 0}
        .contentgate-button{display:inline-block;min-height:44px;min-width:44px;padding:.5rem 1rem;border:2px solid #1b1b1b;border-radius:4px;background:#1b1b1b;color:#fff;font:inherit;font-weight:600;cursor:pointer}
        .contentgate-button:hover{background:#3a3a3a}
        .contentgate-button:focus-visible,.contentgate-notice a:focus-visible,.contentgate-page a:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
        .contentgate-page{margin:0;background:#fafafa;color:#1b1b1b;font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
        .contentgate-page main{box-sizing:border-box;max-width:42rem;margin:3rem auto;padding:2rem;background:#fff;border:1px solid #767676;border-radius:6px}
        .contentgate-page h1{font-size:1.6rem;line-height:1.25;margin-top:0}
        .contentgate-page h1:focus{outline:none}
        .contentgate-page a{color:#0b3d91}
        """;

    public static readonly byte[] CssBytes = Encoding.UTF8.GetBytes(Css);

    /// <summary>A content hash, so the stylesheet URL changes whenever the styles do and can be cached for a year.</summary>
    public static readonly string Version = Convert.ToHexStringLower(SHA256.HashData(CssBytes))[..16];

    public static readonly string ETag = $"\"{Version}\"";

    /// <summary>
    /// The markup that brings the styles into a page: an inline <c>&lt;style&gt;</c> carrying the request's CSP
    /// nonce when the app provides one, otherwise a link to the stylesheet ContentGate serves.
    /// </summary>
    public static string Markup(HttpContext context, StylingSettings styling, string pathPrefix)
    {
        if (!styling.DefaultStyles)
        {
            return string.Empty;
        }

        if (Nonce(context, styling) is { } nonce)
        {
            return $"<style nonce=\"{HtmlEncoder.Default.Encode(nonce)}\">{Css}</style>";
        }

        return $"<link rel=\"stylesheet\" href=\"{HtmlEncoder.Default.Encode(context.Request.PathBase.Add(pathPrefix + "/" + FileName).Value!)}?v={Version}\">";
    }

    /// <summary>The request's CSP nonce, when the app keeps one under <see cref="StylingSettings.NonceItemKey"/>.</summary>
    public static string? Nonce(HttpContext context, StylingSettings styling)
        => styling.NonceItemKey is { } key && context.Items.TryGetValue(key, out var value) && value is string { Length: > 0 } nonce
            ? nonce
            : null;
}

/// <summary>The compiled <see cref="StylingOptions"/>.</summary>
internal sealed record StylingSettings(bool DefaultStyles, string? NonceItemKey);
