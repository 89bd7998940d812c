using System.Text;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Assets;

/// <summary>
/// The markup that brings the styles into a page (see <see cref="ContentGateStyles.Markup"/>), for one snapshot.
/// The stylesheet link for an app without a path base is built once, as text and as UTF-8; a path base or a CSP nonce
/// builds it per request, as before.
/// </summary>
internal sealed class StyleMarkup(StylingSettings styling, string pathPrefix)
{
    private string? _rootLink;
    private byte[]? _rootLinkUtf8;

    /// <summary>Returns the markup for the request.</summary>
    /// <param name="context">The request.</param>
    /// <param name="usesNonce"><see langword="true"/> when the markup carries the request's CSP nonce, so it differs per request.</param>
    /// <returns>The markup; empty when the default styles are off.</returns>
    public string For(HttpContext context, out bool usesNonce)
    {
        usesNonce = styling.DefaultStyles && ContentGateStyles.Nonce(context, styling) is not null;
        return !styling.DefaultStyles || usesNonce || context.Request.PathBase.HasValue
            ? ContentGateStyles.Markup(context, styling, pathPrefix)
            : _rootLink ??= ContentGateStyles.Markup(context, styling, pathPrefix);
    }

    /// <summary>Returns the markup for the request as UTF-8.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The bytes; empty when the default styles are off.</returns>
    public ReadOnlyMemory<byte> Utf8For(HttpContext context)
    {
        var markup = For(context, out var usesNonce);
        if (markup.Length == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        return usesNonce || context.Request.PathBase.HasValue
            ? Encoding.UTF8.GetBytes(markup)
            : _rootLinkUtf8 ??= Encoding.UTF8.GetBytes(markup);
    }
}
