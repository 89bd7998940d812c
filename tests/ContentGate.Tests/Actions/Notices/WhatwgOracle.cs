using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace ContentGate.Tests.Actions.Notices;

/// <summary>
/// What a WHATWG-conformant parser (AngleSharp, scripting enabled, as browsers are) says about the places
/// <see cref="ContentGate.Actions.Notices.BodyTagScanner"/> finds in an ASCII page, where characters are bytes.
/// </summary>
/// <remarks>
/// <para>
/// The body start: the element AngleSharp's body was created from (its source reference; an implied body has none),
/// and the offset right after that tag. When content opened the body of a document instead, no offset can be read
/// from the tree; the scanner's place is checked by inserting an empty probe element there: the probe must become the
/// body's first child and the rest of the tree must be what it is without the probe (inserting earlier would move
/// head content into the body; later, leave content before the probe).
/// </para>
/// <para>
/// The body end and the marker: where the notice goes must be HTML content of the body. For each <c>&lt;/body</c>
/// end tag in the text (first to last), a probe element inserted right before it must end up an HTML element whose
/// ancestors up to the body are all HTML elements (not in template contents, SVG or MathML); the first where it does is
/// the body end. For each <c>&lt;!--</c> comment whose data is the marker, the comment itself must end up such a node
/// (its text is swapped for another of the same length and shape to find it); the first before the body end is the
/// marker. At the end of a page without a body end, a probe where the scanner appends must be such an element.
/// </para>
/// </remarks>
internal static class WhatwgOracle
{
    public const string Probe = "<cg-probe></cg-probe>";
    private const string HtmlNamespace = "http://www.w3.org/1999/xhtml";
    private const string MarkerText = "contentgate:notice";
    private const string MarkerProbeText = "contentgate:probed";

    private static readonly ThreadLocal<HtmlParser> s_parser = new(() => new HtmlParser(new HtmlParserOptions
    {
        IsScripting = true,
        IsKeepingSourceReferences = true,
    }));

    private static readonly Regex s_bodyEndTags = new("</body[\\t\\n\\f />]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_markers = new("<!--[\\t\\n\\f ]*(" + MarkerText + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static IDocument Parse(string page) => s_parser.Value!.ParseDocument(page);

    /// <summary>Compares what the scanner found with the parser; null when they agree, else why not.</summary>
    public static string? Disagreement(string page, ScannerSites actual)
    {
        var document = Parse(page);
        var body = document.Body;
        if (body is null || body.LocalName != "body")
        {
            // A frameset page (AngleSharp's Body is then the frameset): no body element, no place.
            return actual.BodyStart < 0 ? null : $"body start at {actual.BodyStart}, but the parser made no body (frameset)";
        }

        var source = body.SourceReference?.Position;
        int bodyStart;
        if (source is { Line: > 0 } position)
        {
            var tagStart = position.Position - 1; // AngleSharp counts from 1
            var expected = TagEnd(page, tagStart);
            if (actual.BodyStart != expected)
            {
                return $"body start at {actual.BodyStart}, but the parser's body tag at {tagStart} ends at {expected}";
            }

            bodyStart = expected;
        }
        else if (!IsDocument(document))
        {
            return actual.BodyStart < 0 ? null : $"body start at {actual.BodyStart} in a fragment (body opened by content)";
        }
        else if (actual.BodyStart < 0)
        {
            // Opened only by the end of the file, where the page is inside a comment, a tag, a template, raw text …:
            // content put there would not be in the body, so nothing goes there.
            return body.HasChildNodes || ProbeIsInBody(page, actual.EndOffset)
                ? "no body start, but content opens the body of this document"
                : null;
        }
        else if (!ProbeOpensBody(page, actual.BodyStart, document))
        {
            return $"body start at {actual.BodyStart}, but a probe there is not the first child of the body the content opens";
        }
        else
        {
            bodyStart = actual.BodyStart;
        }

        var bodyEnd = -1;
        foreach (Match match in s_bodyEndTags.Matches(page))
        {
            if (match.Index >= bodyStart && ProbeIsInBody(page, match.Index))
            {
                bodyEnd = match.Index;
                break;
            }
        }

        var marker = -1;
        foreach (Match match in s_markers.Matches(page))
        {
            var commentStart = match.Index;
            var end = CommentEnd(page, match.Groups[1].Index + MarkerText.Length);
            if (end >= 0 && commentStart >= bodyStart && (bodyEnd < 0 || commentStart < bodyEnd) && MarkerIsInBody(page, match.Groups[1].Index))
            {
                marker = end;
                break;
            }
        }

        if (actual.Marker != marker)
        {
            return $"marker at {actual.Marker}, but the parser's marker comment ends at {marker}";
        }

        if (bodyEnd >= 0)
        {
            return actual.BodyEnd == bodyEnd && !actual.AppendedAtEnd ? null : $"body end at {actual.BodyEnd}, but the parser's is at {bodyEnd}";
        }

        if (actual.BodyEnd >= 0 && !actual.AppendedAtEnd)
        {
            return $"body end at {actual.BodyEnd}, but the parser sees none in the body";
        }

        // No body end tag: content goes at the end (before bytes an unfinished token leaves) if it would be in the body.
        var appendable = ProbeIsInBody(page, actual.EndOffset);
        return appendable == actual.AppendedAtEnd ? null
            : $"{(actual.AppendedAtEnd ? "appended" : "nothing appended")} at the end ({actual.EndOffset}), but a probe there is {(appendable ? "" : "not ")}in the body";
    }

    /// <summary>
    /// Whether the body is replaced by a frameset after content opened it, and a notice (text, unlike the probe)
    /// put where the scanner put it keeps the body, as its first child: the documented choice for such pages.
    /// </summary>
    public static bool NoticeKeepsBodyAgainstFrameset(string page, ScannerSites actual)
    {
        if (actual.BodyStart < 0 || Parse(page).Body is not { LocalName: "frameset" })
        {
            return false;
        }

        var withNotice = Parse(page.Insert(actual.BodyStart, "<cg-probe>notice</cg-probe>"));
        return withNotice.Body is { LocalName: "body", FirstChild: IElement { LocalName: "cg-probe" } };
    }

    /// <summary>
    /// The offset right after the tag that starts at <paramref name="start"/> (its "&lt;"), read with the tokenizer's
    /// tag states (independently of the scanner), or -1 when the page ends inside it.
    /// </summary>
    public static int TagEnd(string page, int start)
    {
        const int TagName = 0, BeforeName = 1, Name = 2, AfterName = 3, BeforeValue = 4, Quoted = 5, Unquoted = 6, AfterQuoted = 7, SelfClosing = 8;
        var i = start + (page[start + 1] == '/' ? 2 : 1);
        var state = TagName;
        var quote = '"';
        while (i < page.Length)
        {
            var c = page[i];
            var space = c is ' ' or '\t' or '\n' or '\f';
            switch (state)
            {
                case TagName:
                    state = space ? BeforeName : c == '/' ? SelfClosing : TagName;
                    break;
                case BeforeName:
                    if (c is '/' or '>')
                    {
                        state = AfterName;
                        continue;
                    }

                    state = space ? BeforeName : Name; // "=" first is part of the name
                    break;
                case Name:
                    if (space || c is '/' or '>')
                    {
                        state = AfterName;
                        continue;
                    }

                    state = c == '=' ? BeforeValue : Name;
                    break;
                case AfterName:
                    if (!space && c is not ('/' or '=' or '>'))
                    {
                        state = Name;
                        continue;
                    }

                    state = c switch { '/' => SelfClosing, '=' => BeforeValue, _ => AfterName };
                    break;
                case BeforeValue:
                    if (!space && c is not ('"' or '\'' or '>'))
                    {
                        state = Unquoted;
                        continue;
                    }

                    quote = c;
                    state = c is '"' or '\'' ? Quoted : BeforeValue;
                    break;
                case Quoted:
                    state = c == quote ? AfterQuoted : Quoted;
                    break;
                case Unquoted:
                    state = space ? BeforeName : Unquoted;
                    break;
                case AfterQuoted:
                    if (!space && c is not ('/' or '>'))
                    {
                        state = BeforeName;
                        continue;
                    }

                    state = c == '/' ? SelfClosing : BeforeName;
                    break;
                default:
                    if (c != '>')
                    {
                        state = BeforeName;
                        continue;
                    }

                    break;
            }

            if (c == '>' && state != Quoted)
            {
                return i + 1;
            }

            i++;
        }

        return -1;
    }

    private static bool IsDocument(IDocument document) =>
        document.Doctype is not null
        || document.DocumentElement.SourceReference?.Position.Line > 0
        || document.Head?.SourceReference?.Position.Line > 0;

    private static bool ProbeOpensBody(string page, int at, IDocument original)
    {
        var probed = Parse(page.Insert(at, Probe));
        if (probed.Body?.FirstChild is not IElement { LocalName: "cg-probe" } probe || probe.NamespaceUri != HtmlNamespace)
        {
            return false;
        }

        probe.Remove();
        return Serialize(probed) == Serialize(original);
    }

    private static bool ProbeIsInBody(string page, int at)
    {
        var document = Parse(page.Insert(at, Probe));
        var probes = document.GetElementsByTagName("cg-probe");
        return probes.Length == 1 && probes[0].NamespaceUri == HtmlNamespace && IsInBody(probes[0], document);
    }

    private static bool MarkerIsInBody(string page, int markerText)
    {
        var document = Parse(string.Concat(page.AsSpan(0, markerText), MarkerProbeText, page.AsSpan(markerText + MarkerText.Length)));
        var comment = Descendants(document).OfType<IComment>()
            .FirstOrDefault(node => node.Data.Trim(' ', '\t', '\n', '\f', '\r').Equals(MarkerProbeText, StringComparison.OrdinalIgnoreCase));
        return comment is not null && IsInBody(comment, document);
    }

    private static bool IsInBody(INode node, IDocument document)
    {
        for (var parent = node.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent == document.Body)
            {
                return true;
            }

            if (parent is IElement element && element.NamespaceUri != HtmlNamespace)
            {
                return false;
            }
        }

        return false; // outside the body, or in template contents (not connected to the document)
    }

    private static IEnumerable<INode> Descendants(INode node)
    {
        foreach (var child in node.ChildNodes)
        {
            yield return child;
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }

    // After the marker text: whitespace, then "-->" or "--!>" (or -1).
    private static int CommentEnd(string page, int i)
    {
        while (i < page.Length && page[i] is ' ' or '\t' or '\n' or '\f')
        {
            i++;
        }

        // A comment the end of the file cuts off has no end to put content after.
        return string.CompareOrdinal(page, i, "-->", 0, 3) == 0 ? i + 3
            : string.CompareOrdinal(page, i, "--!>", 0, 4) == 0 ? i + 4
            : -1;
    }

    // The tree with namespaces and template contents, so that two parses can be compared.
    private static string Serialize(IDocument document)
    {
        var text = new StringBuilder();
        Write(document, text);
        return text.ToString();

        static void Write(INode node, StringBuilder text)
        {
            switch (node)
            {
                case IElement element:
                    text.Append('<').Append(element.NamespaceUri).Append(' ').Append(element.LocalName);
                    foreach (var attribute in element.Attributes)
                    {
                        text.Append(' ').Append(attribute.Name).Append("=\"").Append(attribute.Value).Append('"');
                    }

                    text.Append('>');
                    if (element is IHtmlTemplateElement template)
                    {
                        Write(template.Content, text);
                    }

                    break;
                case IText textNode:
                    text.Append("#text ").Append(textNode.Data);
                    break;
                case IComment comment:
                    text.Append("#comment ").Append(comment.Data);
                    break;
                case IDocumentType:
                    text.Append("#doctype");
                    break;
            }

            foreach (var child in node.ChildNodes)
            {
                Write(child, text);
            }

            text.Append("</>");
        }
    }
}

/// <summary>The places a scanner found in a page, as offsets (-1 when not found) and what it did at the end.</summary>
/// <param name="BodyStart">Where the body start content goes.</param>
/// <param name="Marker">Right after the marker comment.</param>
/// <param name="BodyEnd">Right before the body end tag, or where content was appended at the end.</param>
/// <param name="AppendedAtEnd">Whether the body end content was appended at the end of the document.</param>
/// <param name="EndOffset">Where the end of the document puts content: the length less the bytes still pending.</param>
internal readonly record struct ScannerSites(int BodyStart, int Marker, int BodyEnd, bool AppendedAtEnd, int EndOffset);
