namespace ContentGate.Policies;

/// <summary>The notice a <see cref="PolicyAction.Notice"/> policy inserts. Section <c>…:Policies:&lt;name&gt;:Notice</c>.</summary>
public sealed class NoticeOptions
{
    /// <summary>
    /// Gets or sets the HTML inserted right after the page's <c>&lt;body …&gt;</c> start tag, inside an element
    /// carrying <c>data-contentgate-notice="&lt;policy name&gt;"</c>. It is inserted as written (it is trusted
    /// configuration, not user input). Required for a Notice policy; defaults to <see langword="null"/>.
    /// </summary>
    public string? Html { get; set; }
}
