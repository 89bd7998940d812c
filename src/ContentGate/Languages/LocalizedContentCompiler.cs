using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ContentGate.Policies;

namespace ContentGate.Languages;

/// <summary>
/// Compiles the texts of a notice, a 451 page or an interstitial: the untranslated one and every translation, read
/// from configuration or from HTML files (which are then watched), and the version a dismissal or acknowledgment is
/// bound to.
/// </summary>
internal static partial class LocalizedContentCompiler
{
    /// <summary>Compiles the untranslated text and every translation, reading HTML files where configured.</summary>
    public static LocalizedContent? Compile(
        CompileContext context,
        string key,
        string defaultLanguage,
        string? html,
        string? htmlFile,
        string label,
        string buttonText,
        string? detail,
        IDictionary<string, TranslationOptions> translations,
        bool required)
    {
        var defaultHtml = ReadHtml(context, key, html, htmlFile, required);
        var compiled = new List<LocalizedText>();
        foreach (var (language, translation) in translations)
        {
            var translationKey = $"{key}:Translations:{language}";
            if (!IsCultureName(language))
            {
                context.Add($"{translationKey}: '{language}' is not a culture name. Use a language such as \"ru\", \"uk\", \"kk\" or \"pt-BR\".");
                continue;
            }

            if (translation is null)
            {
                continue;
            }

            var translatedHtml = ReadHtml(context, translationKey, translation.Html, translation.HtmlFile, required: false) ?? defaultHtml;
            if (translatedHtml is not null)
            {
                compiled.Add(new LocalizedText(language, translatedHtml, translation.Label ?? label, translation.ButtonText ?? buttonText, translation.Detail ?? detail));
            }
        }

        return defaultHtml is null ? null : new LocalizedContent(new LocalizedText(defaultLanguage, defaultHtml, label, buttonText, detail), compiled);
    }

    /// <summary>
    /// A short hash of everything the reader reads of a policy (every language, labels, buttons, and
    /// <paramref name="extra"/>): a dismissal or an acknowledgment is bound to it, so a changed text asks again.
    /// </summary>
    public static string VersionOf(string name, LocalizedContent? content, string? extra = null)
    {
        var text = new StringBuilder(name).Append('\n').Append(extra);
        if (content is not null)
        {
            foreach (var item in content.All.OrderBy(t => t.Language, StringComparer.OrdinalIgnoreCase))
            {
                text.Append('\n').Append(item.Language).Append('\n').Append(item.Html).Append('\n').Append(item.Label).Append('\n').Append(item.ButtonText).Append('\n').Append(item.Detail);
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }

    /// <summary>Whether <paramref name="value"/> is written like a culture name (<c>ru</c>, <c>pt-BR</c>).</summary>
    public static bool IsCultureName(string value) => CultureNamePattern().IsMatch(value);

    private static string? ReadHtml(CompileContext context, string key, string? html, string? htmlFile, bool required)
    {
        if (!string.IsNullOrWhiteSpace(html) && !string.IsNullOrWhiteSpace(htmlFile))
        {
            context.Add($"{key}: both Html and HtmlFile are set. Keep one of them.");
            return null;
        }

        if (!string.IsNullOrWhiteSpace(htmlFile))
        {
            var path = Path.GetFullPath(htmlFile, context.ContentRoot);
            context.Files.Add(path);
            try
            {
                var text = File.ReadAllText(path);
                if (string.IsNullOrWhiteSpace(text))
                {
                    context.Add($"{key}:HtmlFile: the file '{path}' is empty. Put the HTML to show in it.");
                    return null;
                }

                return text;
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                context.Add($"{key}:HtmlFile: the file '{path}' does not exist. Create it, or fix the path (relative to the content root).");
                return null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                context.Add($"{key}:HtmlFile: the file '{path}' cannot be read ({ex.Message}). Give the app's user read access to it.");
                return null;
            }
        }

        if (string.IsNullOrWhiteSpace(html))
        {
            if (required)
            {
                context.Add($"{key}:Html is empty. Set Html (or HtmlFile) to the HTML to show, for example \"<p>…</p>\".");
            }

            return null;
        }

        return html;
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex CultureNamePattern();
}
