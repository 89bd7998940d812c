namespace ContentGate.Assets;

/// <summary>The look of notices and pages, delivered without inline script. Section <c>ContentGate:Styling</c>.</summary>
/// <remarks>
/// The default look is a readable top banner. With a CSP nonce for the request (see <see cref="NonceItemKey"/>)
/// the styles are inlined in a <c>&lt;style nonce="…"&gt;</c> element; otherwise the page links the stylesheet
/// ContentGate serves under its path prefix, which <c>style-src 'self'</c> allows.
/// </remarks>
public sealed class StylingOptions
{
    /// <summary>
    /// Gets or sets a value indicating whether ContentGate adds its default styles. Set it to
    /// <see langword="false"/> to style <c>.contentgate-notice</c> and friends in your own stylesheet. Defaults to
    /// <see langword="true"/>.
    /// </summary>
    public bool DefaultStyles { get; set; } = true;

    /// <summary>
    /// Gets or sets the <c>HttpContext.Items</c> key under which the app stores the request's CSP nonce (a string).
    /// NetEscapades.AspNetCore.SecurityHeaders stores it under <c>NETESCAPADES_NONCE</c>. Defaults to
    /// <see langword="null"/>: no inline styles, the stylesheet is linked.
    /// </summary>
    public string? NonceItemKey { get; set; }
}
