namespace ContentGate.Languages;

/// <summary>How the language of notices and pages is chosen. Section <c>ContentGate:Languages</c>.</summary>
/// <remarks>
/// For each notice or page, the first of these that has a translation wins: the request culture (when the app
/// uses ASP.NET Core request localization before ContentGate), the languages of <c>Accept-Language</c> in order of
/// preference, the language of the visitor's region (<see cref="ByRegion"/>), and the default language.
/// </remarks>
public sealed class LanguageOptions
{
    /// <summary>
    /// Gets or sets the language of the untranslated texts (<c>Notice:Html</c> and the like), a culture name.
    /// Defaults to <see cref="ContentGateDefaults.DefaultLanguage"/>.
    /// </summary>
    public string? Default { get; set; }

    /// <summary>
    /// Gets the language to use for visitors from a region who state no usable preference, keyed by country or
    /// subdivision code (a subdivision wins over its country): <c>"RU": "ru"</c>, <c>"UA": "uk"</c>,
    /// <c>"KZ": "kk"</c>. Defaults to empty.
    /// </summary>
    public IDictionary<string, string> ByRegion { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
