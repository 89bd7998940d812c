namespace ContentGate.Policies;

/// <summary>The notice a <see cref="PolicyAction.Notice"/> policy inserts. Section <c>…:Policies:&lt;name&gt;:Notice</c>.</summary>
public sealed class NoticeOptions
{
    /// <summary>
    /// Gets or sets the notice HTML in the default language (<c>ContentGate:Languages:Default</c>). It is inserted
    /// inside an element carrying <c>data-contentgate-notice="&lt;policy name&gt;"</c>, as written (it is trusted
    /// configuration, not user input). This or <see cref="HtmlFile"/> is required for a Notice policy; defaults to
    /// <see langword="null"/>.
    /// </summary>
    public string? Html { get; set; }

    /// <summary>
    /// Gets or sets the path of a file holding the notice HTML in the default language, relative to the content
    /// root; read at start-up and again whenever it changes. Defaults to <see langword="null"/>.
    /// </summary>
    public string? HtmlFile { get; set; }

    /// <summary>
    /// Gets or sets the accessible name of the notice landmark (screen readers announce it), in the default
    /// language. Defaults to <see cref="ContentGateDefaults.NoticeLabel"/>.
    /// </summary>
    public string? Label { get; set; }

    /// <summary>Gets or sets where the notice goes. Defaults to <see cref="NoticePlacement.AfterBodyStart"/>.</summary>
    public NoticePlacement? Placement { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the visitor can dismiss the notice. A dismissal is remembered per
    /// policy and per version of the notice text (changing the text shows it again) and works without JavaScript.
    /// Defaults to <see langword="false"/>.
    /// </summary>
    public bool Dismissible { get; set; }

    /// <summary>Gets or sets the dismiss button's text in the default language. Defaults to <see cref="ContentGateDefaults.DismissText"/>.</summary>
    public string? ButtonText { get; set; }

    /// <summary>
    /// Gets the notice in other languages, keyed by culture name (<c>ru</c>, <c>uk</c>, <c>kk</c>, …). Defaults to
    /// empty. See the README for how the language is chosen.
    /// </summary>
    public IDictionary<string, TranslationOptions> Translations { get; } =
        new Dictionary<string, TranslationOptions>(StringComparer.OrdinalIgnoreCase);
}
