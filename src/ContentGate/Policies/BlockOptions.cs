namespace ContentGate.Policies;

/// <summary>The 451 response of a <see cref="PolicyAction.Block"/> policy. Section <c>…:Policies:&lt;name&gt;:Block</c>.</summary>
public sealed class BlockOptions
{
    /// <summary>
    /// Gets or sets the absolute http(s) URL of the entity that imposed the block (RFC 7725), sent as
    /// <c>Link: &lt;url&gt;; rel="blocked-by"</c> and as <c>blockedBy</c> in problem details. Defaults to
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
}
