using CsCheck;

namespace ContentGate.Tests.Actions.Notices;

/// <summary>
/// Generates ASCII pages out of the constructs that decide where a browser puts the body: script data escapes,
/// templates (and the column group that makes them ignore start tags), SVG and MathML with CDATA and integration
/// points, framesets, raw text and RCDATA, comments in every abrupt and bogus form, attributes in every quoting form,
/// character references, body tags, markers and loose punctuation that breaks all of the above.
/// </summary>
/// <remarks>
/// <para>
/// Left out on purpose: <c>&lt;select&gt;</c>, because AngleSharp still implements the "in select" insertion mode the
/// standard dropped in 2025 (it ignores <c>&lt;style&gt;</c> and <c>&lt;script&gt;</c> inside a select, which browsers
/// and the standard now parse as in the body); end tags of HTML elements other than <c>p</c>, <c>br</c>,
/// <c>template</c>, <c>body</c>, <c>html</c> and <c>head</c> inside SVG or MathML, and formatting elements and tables
/// inside integration points, which close foreign content or reopen elements through HTML elements the simulator
/// does not keep (see <see cref="ContentGate.Actions.Notices.TreeBuilderSimulator"/>) — SVG and MathML element names come
/// with their root for that reason; MathML text integration points (<c>mi</c>, <c>mo</c>, <c>mn</c>, <c>ms</c>,
/// <c>mtext</c>), because AngleSharp processes every end tag there by the HTML rules (its
/// <c>StructHtmlToken.IsMathCompatible</c> is true for any token that is not an <c>mglyph</c> or <c>malignmark</c> start
/// tag), where the standard sends only start tags and characters — those are covered by named tests checked against the
/// standard by hand; carriage returns, which the parser
/// normalizes so that its offsets are no longer the page's.
/// </para>
/// </remarks>
internal static class HardPages
{
    // Half the pages start in the body, so that the body end and the marker are exercised as much as the body start.
    private static readonly string[] s_starts =
    [
        "", "", "<!DOCTYPE html>", "<!doctype html>\n", "<html>", "<html><head>", "<!-- c -->", " ", "<head>",
        "<body>", "<body>", "<!DOCTYPE html><body>", "<html><head></head><body>", "<!DOCTYPE html>\n<p>", "<body><p>",
        "<BODY class=x>", "<html><body>\n",
    ];

    private static readonly (int Weight, string Piece)[] s_pieces =
    [
        // The document's skeleton and body tags.
        (3, "<html>"), (3, "<head>"), (3, "</head>"), (6, "<body>"), (3, "<BODY class=\"a>b\">"), (3, "<bOdY>"),
        (1, "<body/>"), (5, "</body>"), (2, "</BODY >"), (2, "</html>"), (2, "<frameset>"), (1, "</frameset>"),
        (1, "<frame>"), (2, "<noframes>"), (1, "</noframes>"),

        // The head's elements, raw text and RCDATA.
        (2, "<title>"), (2, "</title>"), (2, "<meta charset=utf-8>"), (1, "<link rel=x>"), (1, "<base href=x>"),
        (2, "<style>"), (2, "</style>"), (2, "<noscript>"), (2, "</noscript>"), (5, "<script>"), (5, "</script>"),
        (2, "<SCRIPT>"), (2, "</SCRIPT>"), (1, "<script/>"), (1, "<script type=x>"), (2, "<textarea>"), (2, "</textarea>"),
        (1, "<xmp>"), (1, "</xmp>"), (1, "<iframe>"), (1, "</iframe>"), (1, "<noembed>"), (1, "</noembed>"),
        (1, "<plaintext>"),

        // Script data escapes.
        (5, "<!--"), (5, "-->"), (3, "<script "), (3, "</script "), (3, "<!--<script>"), (1, "--!>"), (2, "-"), (2, "--"),

        // Templates and what a template can start with.
        (5, "<template>"), (4, "</template>"), (1, "<TEMPLATE>"), (1, "</TEMPLATE>"), (3, "<col>"), (1, "<colgroup>"),
        (1, "<tr>"), (1, "<td>"), (1, "<caption>"),

        // SVG and MathML, CDATA, integration points, breakouts. Elements with SVG and MathML names come with their root,
        // so that they are foreign: as HTML elements (outside svg and math) their end tags would close foreign content
        // through HTML elements the simulator does not keep.
        (4, "<svg>"), (3, "</svg>"), (1, "<svg/>"), (3, "<math>"), (2, "</math>"), (1, "<math/>"), (1, "<svg><g><g/>"),
        (2, "<math><annotation-xml encoding=\"text/html\">"), (1, "<math><annotation-xml encoding='TEXT&#x2F;HTML'>"),
        (1, "<math><annotation-xml encoding=text&sol;html>"), (1, "<math><annotation-xml encoding=\"application/xhtml+xml\" encoding=x>"),
        (2, "<math><annotation-xml>"), (1, "</annotation-xml>"), (3, "<svg><foreignObject>"), (2, "</foreignObject>"),
        (1, "<svg><desc>"), (1, "</desc>"), (2, "<svg><g>"), (2, "</g>"), (4, "<![CDATA["), (4, "]]>"), (2, "<font color=red>"),
        (1, "<font>"),

        // Body content.
        (3, "<p>"), (3, "</p>"), (2, "<div>"), (2, "<br>"), (1, "</br>"), (1, "<img src=x>"), (1, "<input>"),

        // Markers and near misses.
        (4, "<!-- contentgate:notice -->"), (2, "<!--contentgate:notice-->"), (1, "<!--\tCONTENTGATE:NOTICE\n-->"),
        (1, "<!-- contentgate:notice --!>"), (1, "<!contentgate:notice>"), (1, "<!-- contentgate:notice --->"),

        // Comments, bogus comments, DOCTYPEs.
        (2, "<!-- x -->"), (2, "<!-->"), (1, "<!--->"), (2, "<!x>"), (2, "<?x>"), (1, "</ x>"), (1, "</>"),
        (2, "<!DOCTYPE html>"), (1, "<!DOCTYPE x PUBLIC \"a>b\">"),

        // Text, references, and punctuation that leaves tags, attributes and comments open.
        (6, "x"), (6, " "), (4, "\n"), (1, "&amp;"), (1, "&#32;"), (1, "&#x20;"), (1, "&Tab;"), (1, "&nbsp;"),
        (1, "&#x0000020;"), (1, "&#1;"), (1, "&NewLine"), (2, "&"), (3, "<"), (3, "</"), (3, ">"), (2, "!"), (3, "\""),
        (3, "'"), (2, "="), (1, "a=b"), (2, "/"), (2, "<a title=\""), (2, "<a title='"), (2, "<a b="), (1, "<a\"b"),
        (2, "<x y=\"<body>\">"), (1, "<bodyx>"), (1, "<body-x>"),
    ];

    /// <summary>A page of 1 to 24 pieces after a start.</summary>
    public static readonly Gen<string> Page =
        Gen.Select(Gen.OneOf(s_starts), Gen.Frequency(s_pieces).Array[1, 24], (start, pieces) => start + string.Concat(pieces));

    /// <summary>The same pages, each with a place to split it in two.</summary>
    public static readonly Gen<(string Page, double Split)> PageAndSplit = Gen.Select(Page, Gen.Double[0, 1]);
}
