namespace ContentGate.Policies;

/// <summary>The 451 response of a <see cref="PolicyAction.Block"/> policy. Section <c>…:Policies:&lt;name&gt;:Block</c>.</summary>
public sealed class BlockOptions
{
    /// <summary>
    /// Gets or sets the URL of the page that explains who imposed the block (RFC 7725), sent as
    /// <c>Link: &lt;url&gt;; rel="blocked-by"</c> and as <c>blockedBy</c> in problem details: an absolute http(s)
    /// URL, or a local path such as <c>/legal</c> (made absolute with the request's scheme and host, and never
    /// covered by any policy, so the page that explains a block is never blocked). Defaults to
    /// <see langword="null"/> (no <c>Link</c> header).
    /// </summary>
    public string? BlockedBy { get; set; }

    /// <summary>
    /// Gets or sets the HTML of the 451 page. A fragment (such as <c>&lt;h1&gt;…&lt;/h1&gt;</c>) is wrapped in a
    /// minimal UTF-8 document; a full document (starting with <c>&lt;!DOCTYPE</c> or <c>&lt;html</c>) is sent as
    /// written. Defaults to <see cref="ContentGateDefaults.BlockHtml"/>.
    /// </summary>
    public string? Html { get; set; }

    /// <summary>
    /// Gets or sets the plain-text <c>detail</c> of the RFC 9457 problem details sent to clients that prefer
    /// JSON. Defaults to <see cref="ContentGateDefaults.BlockDetail"/>.
    /// </summary>
    public string? Detail { get; set; }

    /// <summary>
    /// Gets or sets the path of a file holding the 451 page HTML, relative to the content root; read at start-up
    /// and again whenever it changes. Use this or <see cref="Html"/>. Defaults to <see langword="null"/>.
    /// </summary>
    public string? HtmlFile { get; set; }

    /// <summary>Gets the 451 page in other languages, keyed by culture name. Defaults to empty.</summary>
    public IDictionary<string, TranslationOptions> Translations { get; } =
        new Dictionary<string, TranslationOptions>(StringComparer.OrdinalIgnoreCase);
}
