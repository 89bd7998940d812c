using System.Collections.Frozen;

namespace ContentGate.Languages;

/// <summary>A text in its default language and its translations, keyed by culture name (ignoring case).</summary>
internal sealed class LocalizedContent
{
    private readonly FrozenDictionary<string, LocalizedText> _byLanguage;

    public LocalizedContent(LocalizedText defaultText, IEnumerable<LocalizedText> translations)
    {
        Default = defaultText;
        var all = new Dictionary<string, LocalizedText>(StringComparer.OrdinalIgnoreCase) { [defaultText.Language] = defaultText };
        foreach (var translation in translations)
        {
            all[translation.Language] = translation;
        }

        _byLanguage = all.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        HasTranslations = all.Count > 1;
    }

    public LocalizedText Default { get; }

    public bool HasTranslations { get; }

    public IEnumerable<LocalizedText> All => _byLanguage.Values;

    /// <summary>
    /// Finds the text for a culture name: exactly (<c>pt-BR</c>), then its parent language (<c>pt</c>).
    /// </summary>
    public bool TryGet(ReadOnlySpan<char> culture, out LocalizedText text)
    {
        var lookup = _byLanguage.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(culture, out text!))
        {
            return true;
        }

        var hyphen = culture.IndexOfAny('-', '_');
        return hyphen > 0 && lookup.TryGetValue(culture[..hyphen], out text!);
    }
}
