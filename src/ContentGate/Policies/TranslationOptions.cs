namespace ContentGate.Policies;

/// <summary>
/// The text of a notice, block page or acknowledgment page in one language. Configuration section
/// <c>…:Translations:&lt;language&gt;</c>, where the language is a culture name such as <c>ru</c>, <c>uk</c>,
/// <c>kk</c> or <c>pt-BR</c>. Keys left out fall back to the untranslated value.
/// </summary>
public sealed class TranslationOptions
{
    /// <summary>Gets or sets the HTML in this language. Use this or <see cref="HtmlFile"/>. Defaults to <see langword="null"/>.</summary>
    public string? Html { get; set; }

    /// <summary>
    /// Gets or sets the path of a file holding the HTML in this language, relative to the content root. Read at
    /// start-up and again whenever the file changes. Defaults to <see langword="null"/>.
    /// </summary>
    public string? HtmlFile { get; set; }

    /// <summary>
    /// Gets or sets the accessible name of the notice landmark, or the title of the block and acknowledgment
    /// pages, in this language. Defaults to <see langword="null"/> (the untranslated value).
    /// </summary>
    public string? Label { get; set; }

    /// <summary>Gets or sets the text of the dismiss button (notices) or the acknowledge button, in this language.</summary>
    public string? ButtonText { get; set; }

    /// <summary>Gets or sets the plain-text problem-details <c>detail</c> of a block, in this language.</summary>
    public string? Detail { get; set; }
}
