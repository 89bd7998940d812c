using System.Text;
using ContentGate.Actions.Notices;

namespace ContentGate.Tests.Actions.Notices;

public class BodyTagScannerTests
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

    // "⁋" marks the "<" of the body end tag that counts; "‸" the end of the body start tag.
    public static TheoryData<string> BodyEndPages => new()
    {
        // Plain, case-insensitive, and every byte that may follow "</body".
        "<html><body>‸<p>x</p>⁋</body></html>",
        "<body>‸⁋</body>",
        "<BODY>‸x⁋</BODY >",
        "<body>‸x⁋</Body\n>",
        "<body>‸x⁋</bOdY\t\r\f>",
        "<body>‸x⁋</body/>",
        "<body>‸x⁋</body/",
        "<body>‸x⁋</body class=\"a>b\">",
        "<body>‸x⁋</body ",

        // Missing, unterminated or not the body end tag.
        "<body>‸<p>x</p>",
        "<body>‸x</body",
        "<body>‸x</bodyx></body-x></bod></b></bo></bodies>",
        "<body>‸x</bodyx>⁋</body>",
        "<body>‸x</bod>y</b>⁋</body>",
        "<body>‸x< /body>",
        "<body>‸x</ body>",
        "<body>‸x</</body>",
        "<body>‸x<⁋</body>",
        "<body>‸x<<⁋</body>",
        "<body>‸x</>⁋</body>",
        "<body>‸x</body\u00e9>",
        "<body>‸<bodyé>x⁋</body>",

        // Before the body start tag it does not count.
        "</body><body></body>",
        "<!DOCTYPE html>‸⁋</body><body></body>",
        "<html><head>‸⁋</body></head><body class=\"</body>\"></body>",
        "<p>no body start tag</p></body>",

        // Comments, bogus comments, raw text and RCDATA.
        "<body>‸<!-- </body> -->⁋</body>",
        "<body>‸<!--</body>--!>⁋</body>",
        "<body>‸<!-- <!-- </body> -->⁋</body>",
        "<body>‸<!-- never closed </body>",
        "<body>‸<!x </body>⁋</body>",
        "<body>‸<? </body> ?>⁋</body>",
        "<body>‸<![CDATA[</body>]]>⁋</body>",
        "<body>‸</ </body>⁋</body>",
        "<body>‸<script>var s = \"</body>\";</script>⁋</body>",
        "<body>‸<script>x</scriptx></body></script>⁋</body>",
        "<body>‸<script>never closed </body>",
        "<body>‸<style>a::after { content: \"</body>\" }</style>⁋</body>",
        "<body>‸<textarea></body></textarea>⁋</body>",
        "<body>‸<title></body></title>⁋</body>",
        "<body>‸<xmp></body></xmp><iframe></body></iframe><noembed></body></noembed>⁋</body>",
        "<body>‸<noframes></body></noframes><noscript></body></noscript>⁋</body>",
        "<body>‸<plaintext></body>",

        // Attribute values and names, of start and end tags.
        "<body>‸<div title=\"</body>\">⁋</body>",
        "<body>‸<div title='</body>'>⁋</body>",
        "<body>‸<div x=</body>>⁋</body>",
        "<body>‸<div x\"</body>\">⁋</body>",
        "<body>‸</p title=\"</body>\">⁋</body>",
        "<body>‸<script></script data-x=\"</body>\">⁋</body>",

        // Non-ASCII text, a second body start tag, and only the first body end tag counts.
        "\uFEFF<body>‸<p>Привет, мир</p>⁋</body>",
        "<body>‸<body class=\"second\">x⁋</body>",
        "<body>‸x⁋</body></body>",
        "<body>‸x⁋</body><body></body>",
    };

    // "⁁" marks the end of the marker comment that counts; "⁋" and "‸" as above.
    public static TheoryData<string> MarkerPages => new()
    {
        // Spaces and case inside the comment do not matter.
        "<body>‸<!--contentgate:notice-->⁁<p>x</p>⁋</body>",
        "<body>‸<!-- contentgate:notice -->⁁⁋</body>",
        "<body>‸<!--\n\tContentGate:Notice\r\n\f-->⁁⁋</body>",
        "<body>‸<!--CONTENTGATE:NOTICE-->⁁",
        "<body>‸<!-- contentgate:notice --!>⁁⁋</body>",
        "<body>‸<p>a</p><!-- contentgate:notice -->⁁<p>b</p>⁋</body>",

        // Not the marker.
        "<body>‸<!-- contentgate:notice x -->⁋</body>",
        "<body>‸<!-- x contentgate:notice -->⁋</body>",
        "<body>‸<!-- contentgate: notice -->⁋</body>",
        "<body>‸<!-- contentgate:noticex -->⁋</body>",
        "<body>‸<!-- contentgate:notic -->⁋</body>",
        "<body>‸<!-- contentgate-notice -->⁋</body>",
        "<body>‸<!--contentgate:notice--->⁋</body>",
        "<body>‸<!---contentgate:notice-->⁋</body>",
        "<body>‸<!----contentgate:notice-->⁋</body>",
        "<body>‸<!-- contentgate:notice - -->⁋</body>",
        "<body>‸<!-- contentgate:notice -- -->⁋</body>",
        "<body>‸<!-- contentgate:notice --!x -->⁋</body>",
        "<body>‸<!-- contentgate:notice <body> -->⁋</body>",
        "<body>‸<!-- contentgate:notice é -->⁋</body>",
        "<body>‸<!contentgate:notice>⁋</body>",
        "<body>‸<?contentgate:notice>⁋</body>",
        "<body>‸<!-- contentgate:notice",
        "<body>‸<!--><!--->⁋</body>",

        // An empty comment right before it, and a real one after failed ones.
        "<body>‸<!--><!--contentgate:notice-->⁁⁋</body>",
        "<body>‸<!-- contentgate:notice x --><!-- contentgate:notice -->⁁⁋</body>",

        // Before the body start tag, or in raw text, RCDATA or attribute values, it does not count.
        "<!-- contentgate:notice --><body>‸⁋</body>",
        "<html><head><!-- contentgate:notice --></head><body>‸<!-- contentgate:notice -->⁁⁋</body>",
        "<body>‸<script><!-- contentgate:notice --></script>⁋</body>",
        "<body>‸<script>\"<!-- contentgate:notice -->\"</script><!-- contentgate:notice -->⁁⁋</body>",
        "<body>‸<textarea><!-- contentgate:notice --></textarea><!--contentgate:notice-->⁁⁋</body>",
        "<body>‸<div title=\"<!-- contentgate:notice -->\">⁋</body>",
        "<body>‸<div title='<!--contentgate:notice-->'><!--contentgate:notice-->⁁⁋</body>",

        // Only the first counts, and not after the body end tag.
        "<body>‸<!-- contentgate:notice -->⁁<!-- contentgate:notice -->⁋</body>",
        "<body>‸⁋</body><!-- contentgate:notice -->",
        "<body>‸x⁋</body><!-- contentgate:notice --></html>",
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

    [Theory]
    [MemberData(nameof(Pages))]
    public void Scan_WithPageSoughtForEverything_FindsSameBodyStart(string page)
    {
        var (bytes, expected) = TestPages.Parse(page);

        var sites = Feed(new BodyTagScanner(s_everything), bytes);

        Assert.Equal(expected, sites.Find(site => site.Place == NoticePlacements.AfterBodyStart) is { Place: not NoticePlacements.None } found ? found.At : -1);
    }

    [Theory]
    [MemberData(nameof(BodyEndPages))]
    [MemberData(nameof(MarkerPages))]
    public void Scan_WithWholePageSoughtForEverything_FindsEverySite(string page)
    {
        var parsed = TestPages.ParseSites(page);

        Assert.Equal(ExpectedSites(parsed, s_everything), Feed(new BodyTagScanner(s_everything), parsed.Bytes));
    }

    [Theory]
    [MemberData(nameof(BodyEndPages))]
    [MemberData(nameof(MarkerPages))]
    public void Scan_WithPageSoughtForEverythingSplitAtEveryByte_FindsSameSites(string page)
    {
        var parsed = TestPages.ParseSites(page);
        var expected = ExpectedSites(parsed, s_everything);

        for (var split = 0; split <= parsed.Bytes.Length; split++)
        {
            Assert.Equal(expected, Feed(new BodyTagScanner(s_everything), parsed.Bytes, split));
        }
    }

    [Theory]
    [MemberData(nameof(BodyEndPages))]
    [MemberData(nameof(MarkerPages))]
    public void Scan_WithPageSoughtForEverythingFedOneByteAtATime_FindsSameSites(string page)
    {
        var parsed = TestPages.ParseSites(page);

        Assert.Equal(ExpectedSites(parsed, s_everything), Feed(new BodyTagScanner(s_everything), parsed.Bytes, OneByteSplits(parsed.Bytes)));
    }

    [Theory]
    [MemberData(nameof(BodyEndPages))]
    [MemberData(nameof(MarkerPages))]
    public void Scan_WithPageSoughtForBodyEndOnly_IgnoresMarkers(string page)
    {
        var parsed = TestPages.ParseSites(page);
        var expected = ExpectedSites(parsed, NoticePlacements.BeforeBodyEnd);

        Assert.Equal(expected, Feed(new BodyTagScanner(NoticePlacements.BeforeBodyEnd), parsed.Bytes));
        Assert.Equal(expected, Feed(new BodyTagScanner(NoticePlacements.BeforeBodyEnd), parsed.Bytes, OneByteSplits(parsed.Bytes)));
    }

    [Fact]
    public void Scan_WithRealisticPageSoughtForEverything_FindsRealSitesPastDecoys()
    {
        var parsed = TestPages.ParseSites(TestPages.Realistic);
        var text = Encoding.UTF8.GetString(parsed.Bytes);

        var sites = Feed(new BodyTagScanner(s_everything), parsed.Bytes);

        Assert.Equal(ExpectedSites(parsed, s_everything), sites);
        Assert.Equal(3, sites.Count);
        Assert.EndsWith("ContentGate:Notice\n      -->", Encoding.UTF8.GetString(parsed.Bytes, 0, parsed.AtMarker), StringComparison.Ordinal);
        Assert.StartsWith("</BODY\n>", Encoding.UTF8.GetString(parsed.Bytes, parsed.BeforeBodyEnd, 8), StringComparison.Ordinal);
        Assert.True(text.IndexOf("</body>", StringComparison.Ordinal) < parsed.AfterBodyStart); // decoys before the body
        Assert.True(text.IndexOf("<!-- contentgate:notice -->", StringComparison.Ordinal) < parsed.AfterBodyStart);
    }

    [Fact]
    public void Scan_WithRealisticPageSoughtForEverythingSplitInTwoAtEveryByte_FindsSameSites()
    {
        var parsed = TestPages.ParseSites(TestPages.Realistic);
        var expected = ExpectedSites(parsed, s_everything);

        for (var split = 0; split <= parsed.Bytes.Length; split++)
        {
            Assert.Equal(expected, Feed(new BodyTagScanner(s_everything), parsed.Bytes, split));
        }
    }

    [Fact]
    public void Scan_WithRealisticPageSoughtForEverythingFedOneByteAtATime_FindsSameSites()
    {
        var parsed = TestPages.ParseSites(TestPages.Realistic);

        Assert.Equal(ExpectedSites(parsed, s_everything), Feed(new BodyTagScanner(s_everything), parsed.Bytes, OneByteSplits(parsed.Bytes)));
    }

    [Fact]
    public void Scan_WithBodyEndTagArrivingByteByByte_KeepsItPendingUntilTheByteAfterIt()
    {
        var scanner = new BodyTagScanner(NoticePlacements.BeforeBodyEnd);
        Assert.Equal(6, scanner.Scan("<body>"u8, out _));
        Assert.Equal(-1, scanner.Scan("x"u8, out _));
        Assert.Equal(0, scanner.PendingLength);

        var pending = new List<int>();
        foreach (var b in "</BoDy"u8)
        {
            Assert.Equal(-1, scanner.Scan([b], out _));
            pending.Add(scanner.PendingLength);
        }

        Assert.Equal([1, 2, 3, 4, 5, 6], pending);
        Assert.Equal(0, scanner.Scan(">"u8, out var found)); // the byte after "</body" is not consumed
        Assert.Equal(NoticePlacements.BeforeBodyEnd, found);
        Assert.True(scanner.IsFinished);
        Assert.Equal(0, scanner.PendingLength);
        Assert.Equal(-1, scanner.Scan("></html>"u8, out found));
        Assert.Equal(NoticePlacements.None, found);
    }

    [Theory]
    [InlineData("<body>x<", 1)]
    [InlineData("<body>x</", 2)]
    [InlineData("<body>x</b", 3)]
    [InlineData("<body>x</BOD", 5)]
    [InlineData("<body>x<<", 1)]
    [InlineData("<body>x</bodyx", 0)]
    [InlineData("<body>x</p", 0)]
    [InlineData("<body>x<b", 0)]
    [InlineData("<body>x<!-- <", 0)]
    [InlineData("<body>x<script><", 0)]
    [InlineData("<body>x<div title='<", 0)]
    [InlineData("<html><head></bod", 5)] // before the body, </body> opens it
    [InlineData("<html><head><bas", 4)] // <base> stays in the head; <bask> would open the body before it
    [InlineData("<html><head><p", 0)] // decided: the body opens before "<p"
    [InlineData("<html><head>&#x00", 5)] // a reference to whitespace would not open it
    public void PendingLength_AtChunkEnd_CountsOnlyWhatMayYetHaveAPlaceBeforeIt(string chunk, int expected)
    {
        var scanner = new BodyTagScanner(NoticePlacements.BeforeBodyEnd);
        var bytes = Encoding.UTF8.GetBytes(chunk);

        var scanned = 0;
        int at;
        while ((at = scanner.Scan(bytes.AsSpan(scanned), out _)) >= 0)
        {
            scanned += at;
        }

        Assert.Equal(expected, scanner.PendingLength);
    }

    [Fact]
    public void PendingLength_WhenOnlyBodyStartSought_HoldsOnlyBeforeTheBody()
    {
        var scanner = new BodyTagScanner();

        Assert.Equal(-1, scanner.Scan("<html></bo"u8, out _));
        Assert.Equal(4, scanner.PendingLength); // "</body>" would open the body of this document
        Assert.Equal(-1, scanner.Scan("x><head>"u8, out _)); // "</box>" does not
        Assert.Equal(0, scanner.PendingLength);
        Assert.Equal(6, scanner.Scan("<body></bo"u8, out _));
        Assert.True(scanner.IsFinished);
        Assert.Equal(0, scanner.PendingLength);
    }

    [Fact]
    public void Scan_WhenOnlyMarkerSought_FinishesAtMarkerWithoutWaitingForBodyEnd()
    {
        var scanner = new BodyTagScanner(NoticePlacements.AtMarker);
        var page = "<body><!-- contentgate:notice --></body>"u8;

        Assert.Equal(6, scanner.Scan(page, out var found));
        Assert.Equal(NoticePlacements.AfterBodyStart, found);
        Assert.Equal(27, scanner.Scan(page[6..], out found));
        Assert.Equal(NoticePlacements.AtMarker, found);
        Assert.True(scanner.IsFinished);
    }

    [Fact]
    public void Scan_WhenOnlyMarkerSoughtAndNoMarker_FindsBodyEndForTheFallback()
    {
        var scanner = new BodyTagScanner(NoticePlacements.AtMarker);
        var page = "<body><p>x</p></body>"u8.ToArray();

        Assert.Equal(
            [(NoticePlacements.AfterBodyStart, 6), (NoticePlacements.BeforeBodyEnd, 14)],
            Feed(scanner, page));
        Assert.True(scanner.IsFinished);
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
