using System.Collections.Frozen;
using ContentGate.Regions;

namespace ContentGate.Languages;

/// <summary>Compiles <c>ContentGate:Languages</c>: the default language and the language per region.</summary>
internal static class LanguageCompiler
{
    public static string CompileDefault(CompileContext context, LanguageOptions options)
    {
        var value = options.Default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return ContentGateDefaults.DefaultLanguage;
        }

        if (!LocalizedContentCompiler.IsCultureName(value.Trim()))
        {
            context.Add($"{CompileContext.Root}:Languages:Default: '{value}' is not a culture name. Use a language such as \"en\", \"ru\" or \"pt-BR\".");
        }

        return value.Trim();
    }

    public static LanguageSelector CompileSelector(CompileContext context, LanguageOptions options)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (region, language) in options.ByRegion)
        {
            var key = $"{CompileContext.Root}:Languages:ByRegion:{region}";
            if (!RegionCodeParser.TryParse(region, out var code, out var problem))
            {
                context.Add($"{key}: '{region}' {problem ?? "is not a country code (\"RU\") or a subdivision code (\"UA-43\")"}.");
            }
            else if (code.StartsWith("AS", StringComparison.Ordinal) && code.Length > 2)
            {
                context.Add($"{key}: '{region}' is an autonomous system; languages are chosen by where readers are, not by their network. Use a country code (\"RU\") or a subdivision code (\"UA-43\").");
            }
            else if (string.IsNullOrWhiteSpace(language) || !LocalizedContentCompiler.IsCultureName(language.Trim()))
            {
                context.Add($"{key}: '{language}' is not a culture name. Use a language such as \"ru\", \"uk\" or \"kk\".");
            }
            else
            {
                result[code] = language.Trim();
            }
        }

        return new LanguageSelector(result.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }
}
