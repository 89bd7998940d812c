using System.Text;
using ContentGate.Actions.Notices;

namespace ContentGate.Tests.Actions.Notices;

public partial class BodyTagScannerTests
{
    private static readonly NoticePlacements s_everything = NoticePlacements.BeforeBodyEnd | NoticePlacements.AtMarker;

    // "‸" marks where the notice goes; a page without it has no real body start tag.
    public static TheoryData<string> Pages => new()
    {
        // Plain and case-insensitive.
        "<html><body>‸<p>x</p></body></html>",
        "<body>‸",
        "<HTML><BODY>‸</BODY></HTML>",
        "<html><Body class=\"a\">‸",
        "<bOdY>‸",

        // Attributes: quoted ">" and "<body>", unquoted values, whitespace, self-closing, odd forms.
        "<body data-x=\"a>b\">‸",
        "<body data-x='a>b'>‸",
        "<body onload=\"go('<body>')\" class='x\"y'>‸",
        "<body class=main id=x>‸",
        "<body class=a/b>‸",
        "<body\n class=x>‸",
        "<body\r\n\tclass=\"x\"\f>‸",
        "<body/>‸",
        "<body />‸",
        "<body hidden>‸",
        "<body hidden/>‸",
        "<body class = \"spaced\" >‸",
        "<body =x>‸",
        "<body class=\"a\"id=\"b\">‸",
        "<body a=>‸",

        // Not a body start tag.
        "<bodyx>",
        "<body-x>",
        "<!DOCTYPE html>‸<bodyx><body>",
        "<!DOCTYPE html>‸<body-x class=y><body>",
        "<bod>",
        "< body>",
        "<body",
        "<body class=\"unterminated>",
        "</body>",
        "</body></html>",
        "</body><body>",
        "<!DOCTYPE html>‸</body><body>",
        "<!DOCTYPE html>‸</body class=\"<body>\"><body>",
        "<p>no body here</p>",
        "",

        // Comments, including abrupt and unusual endings.
        "<!-- <body> --><body>‸",
        "<!--<body>--><body>‸",
        "<!--><body>‸",
        "<!---><body>‸",
        "<!----><body>‸",
        "<!-- a -- b <body> --!><body>‸",
        "<!-- a --!x <body> --><body>‸",
        "<!-- <!-- nested <body> --><body>‸",
        "<!-- x ---><body>‸",
        "<!-- never closed <body>",
        "<!--[if IE]><body class=\"ie\"><![endif]--><body>‸",

        // Doctype, CDATA, processing instructions and other bogus comments end at the first ">".
        "<!DOCTYPE html><body>‸",
        "<!doctype html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\"><body>‸",
        "<!DOCTYPE html><![CDATA[<body>‸]]><body>",
        "<?xml version=\"1.0\"?><body>‸",
        "<!DOCTYPE html><? <body> ‸?><body>",
        "<!x <body><body>‸",
        "<!- <body><body>‸",
        "</ <body><body>‸",
        "</><body>‸",

        // Raw text and RCDATA elements.
        "<script>document.write(\"<body>\")</script><body>‸",
        "<SCRIPT>x = \"</scriptx><body>\"</SCRIPT ><body>‸",
        "<script>if (a < b && c > d) { x = \"<body>\"; }</script><body>‸",
        "<script type=\"text/template\"><body class=\"tpl\"></script><body>‸",
        "<script><!-- <body> --></script><body>‸",
        "<script>var s = \"</scr\" + \"ipt><body>\";</script><body>‸",
        "<script/><body></script><body>‸",
        "<script></script class=\"<body>\"><body>‸",
        "<script></script/><body>‸",
        "<!DOCTYPE html>‸<scripts><body>",
        "<script>never closed <body>",
        "<style>/* <body> */ .a::before { content: \"<body>\" }</style><body>‸",
        "<!DOCTYPE html>‸<textarea><body></textarea><body>",
        "<title><body></title><body>‸",
        "<TITLE>x</Title\t><body>‸",
        "<!DOCTYPE html>‸<xmp><body></xmp><body>",
        "<!DOCTYPE html>‸<iframe><body></iframe><body>",
        "<!DOCTYPE html>‸<noembed><body></noembed><body>",
        "<noframes><body></noframes><body>‸",
        "<noscript><body></noscript><body>‸",
        "<plaintext><body>",
        "<PLAINTEXT></plaintext><body>",

        // Attribute values and names of other tags.
        "<meta title=\"<body>\"><body>‸",
        "<link title='<body>'><body>‸",
        "<!DOCTYPE html><meta x=<body>‸><body>",
        "<meta x\"=y><body>‸",
        "<meta a='1'b=\"<body>\"><body>‸",
        "<meta/<body><body>‸",

        // A UTF-8 byte order mark and non-ASCII text.
        "\uFEFF<!DOCTYPE html><html><body>‸",
        "\uFEFF<body>‸",
        "<!DOCTYPE html>‸<p>Привет, <b>мир</b></p><body class=\"ё\">",
        "<bodyé>",

        // Only the first body start tag counts.
        "<body class=\"first\">‸<body class=\"second\">",

        // Issue 10's table: where a WHATWG parser puts the body, not where a simplification did.
        "<script><!--<SCRIPT </SCRIPT><bOdY></script><body>‸", // double-escaped script data: 50
        "<SCRIPT><!--<script\n</script><body>", // the <body> is script text; the file ends in it
        "<!DOCTYPE html><SCRIPT><!--<script\n</script><body>",
        "<TEMPLATE><BoDy></TEMPLATE><bOdY>‸", // template contents: 33
        "<math><![CDATA[><body>", // CDATA text, and a fragment
        "<!DOCTYPE html>‸<math><![CDATA[><body>", // <math> opens the body; the <body> is CDATA text
        "<template><col><script></TEMPLATE><BODY>‸", // "in column group" ignores <script>: 40
        "<frameset><script><!--</script><bOdY>", // a frameset page: no body, and the rest is a comment

        // Content that opens the body of a document: the place is right before it.
        "<!DOCTYPE html><title>T</title>‸<p>Hi",
        "<!DOCTYPE html><title>T</title>\n  ‸Hello",
        "<html><head>&#32;&Tab;&NewLine;&#x0d;&#012;</head>‸&nbsp;x",
        "<html>‸&Tab<body>",
        "<html>‸&#x21;<body>",
        "<html>‸&#0000000000000032;<body>", // longer than anything pending may be: taken as text
        "<html>‸< body>",
        "<html>‸</br><body>",
        "<html><meta name=a>‸<bas></bas><base>", // not base
        "<html><meta name=a><base>‸<basefont2>",
        "<html></head>‸<noscript><body>", // "after head" does not keep noscript
        "<html><noscript></noscript></head><link>‸\u00e9",
        "\uFEFF<html>‸\uFEFF<body>", // the second one is a character
        "<html><template></template></head><template><body></template>‸x",

        // Foreign content, integration points and CDATA before the body exist only in templates.
        "<template><svg><![CDATA[</template><body>]]></svg></template><body>‸",
        "<template><svg><foreignObject><![CDATA[></template><body>", // foreignObject is SVG: a CDATA section
        "<template><svg><foreignObject><p><![CDATA[></template><body>‸",
        "<template><math><annotation-xml encoding=\"text/html\"><style></template><body></style></template><body>‸",
        "<template><math><annotation-xml encoding=\"text&#x2f;HTML\"><style></template><body></style></template><body>‸",
        "<template><math><annotation-xml><style></template><body>‸</style>",
        "<template><math><mi><script></template><body></script></template><body>‸",
        "<template><svg><font color=red><script></template><body></script></template><body>‸",
        "<template><svg><font><script></template><body>‸</script>",
        "<template><col><template><script></template><body></script></template></template><body>‸",
        "<template><div><col><script></template><body></script></template><body>‸",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public void Scan_WithWholePage_FindsInsertionPoint(string page)
    {
        var (bytes, expected) = TestPages.Parse(page);

        Assert.Equal(expected, ScanInOneWrite(bytes));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Scan_WithPageSplitAtEveryByte_FindsSameInsertionPoint(string page)
    {
        var (bytes, expected) = TestPages.Parse(page);

        for (var split = 0; split <= bytes.Length; split++)
        {
            Assert.Equal(expected, ScanInTwoWrites(bytes, split));
        }
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Scan_WithPageFedOneByteAtATime_FindsSameInsertionPoint(string page)
    {
        var (bytes, expected) = TestPages.Parse(page);

        Assert.Equal(expected, ScanOneByteAtATime(bytes));
    }

    [Fact]
    public void Scan_WithRealisticPage_FindsBodyAfterHeadFullOfDecoys()
    {
        var (bytes, expected) = TestPages.Parse(TestPages.Realistic);

        Assert.InRange(bytes.Length, 1800, 4096);
        Assert.True(expected > 0);
        Assert.Equal(expected, ScanInOneWrite(bytes));
        Assert.EndsWith("onload=\"init('<body>')\">", Encoding.UTF8.GetString(bytes, 0, expected), StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_WithRealisticPageSplitInTwoAtEveryByte_FindsSameInsertionPoint()
    {
        var (bytes, expected) = TestPages.Parse(TestPages.Realistic);

        for (var split = 0; split <= bytes.Length; split++)
        {
            Assert.Equal(expected, ScanInTwoWrites(bytes, split));
        }
    }

    [Fact]
    public void Scan_WithRealisticPageFedOneByteAtATime_FindsSameInsertionPoint()
    {
        var (bytes, expected) = TestPages.Parse(TestPages.Realistic);

        Assert.Equal(expected, ScanOneByteAtATime(bytes));
    }

    [Fact]
    public void Scan_AfterFound_ReturnsMinusOneAndStaysFound()
    {
        var scanner = new BodyTagScanner();

        Assert.Equal(6, scanner.Scan("<body>"u8, out var found));
        Assert.Equal(NoticePlacements.AfterBodyStart, found);
        Assert.True(scanner.BodyStartFound);
        Assert.True(scanner.IsFinished);
        Assert.Equal(-1, scanner.Scan("<body>"u8, out found));
        Assert.Equal(NoticePlacements.None, found);
        Assert.True(scanner.BodyStartFound);
    }

    [Fact]
    public void Scan_WithTagEndingAtChunkEnd_ReturnsChunkLength()
    {
        var scanner = new BodyTagScanner();

        Assert.Equal(-1, scanner.Scan("<html><bo"u8, out _));
        Assert.False(scanner.BodyStartFound);
        Assert.Equal(3, scanner.Scan("dy>"u8, out _));
        Assert.True(scanner.BodyStartFound);
    }

    [Fact]
    public void Scan_WithEmptyChunks_KeepsState()
    {
        var scanner = new BodyTagScanner();

        Assert.Equal(-1, scanner.Scan("<bo"u8, out _));
        Assert.Equal(-1, scanner.Scan([], out _));
        Assert.Equal(3, scanner.Scan("dy>"u8, out _));
    }

    // The script data double escaped state: after "<!--<script", a "</script>" only leaves the double escape; the
    // next one ends the script.
    [Fact]
    public void Scan_WithScriptInDoubleEscapedState_KeepsScriptOpenPastFirstEndTag()
    {
        var page = "<script><!--<script></script><body>x</script><body>"u8.ToArray();

        Assert.Equal(page.Length, ScanInOneWrite(page));
    }

    // A body start tag in template contents is ignored ("in body" with a template on the stack).
    [Fact]
    public void Scan_WithBodyInsideTemplate_TakesTheOneAfterIt()
    {
        Assert.Equal("<template><body></template><body>".Length, ScanInOneWrite("<template><body></template><body>"u8.ToArray()));
    }

    private static int ScanInOneWrite(byte[] bytes) => BodyStart(Feed(new BodyTagScanner(), bytes));

    private static int ScanInTwoWrites(byte[] bytes, int split) => BodyStart(Feed(new BodyTagScanner(), bytes, split));

    private static int ScanOneByteAtATime(byte[] bytes) => BodyStart(Feed(new BodyTagScanner(), bytes, OneByteSplits(bytes)));

    private static int[] OneByteSplits(byte[] bytes) => [.. Enumerable.Range(1, Math.Max(0, bytes.Length - 1))];

    private static int BodyStart(List<(NoticePlacements Place, int At)> sites)
    {
        Assert.True(sites.Count <= 1);
        Assert.All(sites, site => Assert.Equal(NoticePlacements.AfterBodyStart, site.Place));
        return sites.Count == 0 ? -1 : sites[0].At;
    }

    // The sites a page's marks say the scanner must find, in document order.
    private static List<(NoticePlacements Place, int At)> ExpectedSites(PageSites page, NoticePlacements sought)
    {
        var sites = new List<(NoticePlacements, int)>();
        if (page.AfterBodyStart >= 0)
        {
            sites.Add((NoticePlacements.AfterBodyStart, page.AfterBodyStart));
        }

        if (page.AtMarker >= 0 && (sought & NoticePlacements.AtMarker) != 0)
        {
            sites.Add((NoticePlacements.AtMarker, page.AtMarker));
        }

        if (page.BeforeBodyEnd >= 0 && sought != NoticePlacements.None)
        {
            sites.Add((NoticePlacements.BeforeBodyEnd, page.BeforeBodyEnd));
        }

        return sites;
    }

    // Feeds the document in chunks that end at `splits` (ascending), collecting every site found with its offset
    // in the document (the "<" of the body end tag), and checks at each chunk end that the bytes left pending are
    // the start of "</body".
    private static List<(NoticePlacements Place, int At)> Feed(BodyTagScanner scanner, byte[] bytes, params int[] splits)
    {
        var sites = new List<(NoticePlacements, int)>();
        var start = 0;
        foreach (var end in splits.Append(bytes.Length))
        {
            var chunk = bytes.AsSpan(start, end - start);
            var scanned = 0;
            int at;
            while ((at = scanner.Scan(chunk[scanned..], out var found)) >= 0)
            {
                Assert.NotEqual(NoticePlacements.None, found);
                Assert.InRange(at, 0, chunk.Length - scanned);
                scanned += at;
                var site = start + scanned - scanner.BytesBeforePlace;
                sites.Add((found, site));
            }

            var pending = scanner.PendingLength;
            Assert.InRange(pending, 0, Math.Min(end, BodyTagScanner.MaxPendingLength));
            Assert.True(
                pending == 0 || bytes[end - pending] is (byte)'<' or (byte)'&' || (end == pending && bytes[0] == 0xEF),
                $"Pending bytes \"{Encoding.UTF8.GetString(bytes, end - pending, pending)}\" are not the start of a tag, a reference or the byte order mark.");
            start = end;
        }

        return sites;
    }
}
