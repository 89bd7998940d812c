namespace ContentGate.Languages;

/// <summary>One language's compiled text of a notice, block page or acknowledgment page.</summary>
internal sealed class LocalizedText(string language, string html, string label, string buttonText, string? detail)
{
    public string Language { get; } = language;

    /// <summary><c>rtl</c> for right-to-left scripts, otherwise <c>ltr</c>.</summary>
    public string Direction { get; } = LanguageDirection.Of(language);

    public string Html { get; } = html;

    public string Label { get; } = label;

    public string ButtonText { get; } = buttonText;

    public string? Detail { get; } = detail;
}
