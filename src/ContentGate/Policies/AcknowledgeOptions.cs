namespace ContentGate.Policies;

/// <summary>
/// The interstitial page of an <see cref="PolicyAction.Acknowledge"/> policy. Section
/// <c>…:Policies:&lt;name&gt;:Acknowledge</c>.
/// </summary>
public sealed class AcknowledgeOptions
{
    /// <summary>
    /// Gets or sets the HTML the visitor must read and acknowledge, in the default language. This or
    /// <see cref="HtmlFile"/> is required. Defaults to <see langword="null"/>.
    /// </summary>
    public string? Html { get; set; }

    /// <summary>Gets or sets the path of a file holding that HTML, relative to the content root. Defaults to <see langword="null"/>.</summary>
    public string? HtmlFile { get; set; }

    /// <summary>Gets or sets the page title and heading in the default language. Defaults to <see cref="ContentGateDefaults.AcknowledgeLabel"/>.</summary>
    public string? Label { get; set; }

    /// <summary>Gets or sets the acknowledge button's text in the default language. Defaults to <see cref="ContentGateDefaults.AcknowledgeButtonText"/>.</summary>
    public string? ButtonText { get; set; }

    /// <summary>
    /// Gets or sets how long an acknowledgment is remembered, as a <see cref="TimeSpan"/> (<c>"30.00:00:00"</c>).
    /// Defaults to <see cref="ContentGateDefaults.AcknowledgmentLifetime"/>.
    /// </summary>
    public TimeSpan? Lifetime { get; set; }

    /// <summary>Gets the page in other languages, keyed by culture name. Defaults to empty.</summary>
    public IDictionary<string, TranslationOptions> Translations { get; } =
        new Dictionary<string, TranslationOptions>(StringComparer.OrdinalIgnoreCase);
}
