namespace ContentGate.Languages;

/// <summary>
/// Which languages are written right to left. A fixed list rather than <c>CultureInfo.TextInfo</c>, which is
/// wrong under invariant globalization (common in containers).
/// </summary>
internal static class LanguageDirection
{
    private static readonly HashSet<string> RightToLeft = new(StringComparer.OrdinalIgnoreCase)
    {
        "ar", "arc", "ckb", "dv", "fa", "ha-Arab", "he", "khw", "ks", "ku-Arab", "pnb", "ps", "sd", "syr", "ug", "ur", "yi",
    };

    public static string Of(string language)
    {
        if (RightToLeft.Contains(language))
        {
            return "rtl";
        }

        var hyphen = language.IndexOf('-', StringComparison.Ordinal);
        return hyphen > 0 && RightToLeft.Contains(language[..hyphen]) && !language.EndsWith("-Latn", StringComparison.OrdinalIgnoreCase)
            ? "rtl"
            : "ltr";
    }
}
