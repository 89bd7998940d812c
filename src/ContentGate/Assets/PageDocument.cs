using System.Text.Encodings.Web;
using ContentGate.Languages;

namespace ContentGate.Assets;

/// <summary>The minimal, accessible HTML document ContentGate's own pages (451, acknowledgment) are built in.</summary>
internal static class PageDocument
{
    /// <summary>Everything up to where the styles go.</summary>
    public static string Head(LocalizedText text)
        => $"<!DOCTYPE html>\n<html lang=\"{Attr(text.Language)}\" dir=\"{text.Direction}\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<meta name=\"robots\" content=\"noindex\">\n"
            + $"<title>{Text(text.Label)}</title>\n";

    /// <summary>From the end of the head to the end of the document, with <paramref name="main"/> as the page's main landmark.</summary>
    public static string Body(string dataAttribute, string policyName, string main)
        => $"</head>\n<body class=\"contentgate-page\">\n<main {dataAttribute}=\"{Attr(policyName)}\">\n{main}\n</main>\n</body>\n</html>\n";

    // Every script stays readable (a Russian label is not turned into &#x...; character references); only the
    // characters HTML needs escaped are.
    public static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static string Attr(string value) => Encoder.Encode(value);

    public static string Text(string value) => Encoder.Encode(value);
}
