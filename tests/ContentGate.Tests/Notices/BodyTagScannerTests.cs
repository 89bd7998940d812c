using System.Text;
using ContentGate.Notices;

namespace ContentGate.Tests.Notices;

public class BodyTagScannerTests
{
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
        "<bodyx><body>‸",
        "<body-x class=y><body>‸",
        "<bod>",
        "< body>",
        "<body",
        "<body class=\"unterminated>",
        "</body>",
        "</body></html>",
        "</body><body>‸",
        "</body class=\"<body>\"><body>‸",
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
        "<![CDATA[<body>]]><body>‸",
        "<?xml version=\"1.0\"?><body>‸",
        "<? <body> ?><body>‸",
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
        "<scripts><body>‸",
        "<script>never closed <body>",
        "<style>/* <body> */ .a::before { content: \"<body>\" }</style><body>‸",
        "<textarea><body></textarea><body>‸",
        "<title><body></title><body>‸",
        "<TITLE>x</Title\t><body>‸",
        "<xmp><body></xmp><body>‸",
        "<iframe><body></iframe><body>‸",
        "<noembed><body></noembed><body>‸",
        "<noframes><body></noframes><body>‸",
        "<noscript><body></noscript><body>‸",
        "<plaintext><body>",
        "<PLAINTEXT></plaintext><body>",

        // Attribute values and names of other tags.
        "<div title=\"<body>\"><body>‸",
        "<div title='<body>'><body>‸",
        "<div x=<body>><body>‸",
        "<div x\"=y><body>‸",
        "<div a='1'b=\"<body>\"><body>‸",
        "<div/<body><body>‸",

        // A UTF-8 byte order mark and non-ASCII text.
        "\uFEFF<!DOCTYPE html><html><body>‸",
        "\uFEFF<body>‸",
        "<p>Привет, <b>мир</b></p><body class=\"ё\">‸",
        "<bodyé>",

        // Only the first body start tag counts.
        "<body class=\"first\">‸<body class=\"second\">",
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

        Assert.Equal(6, scanner.Scan("<body>"u8));
        Assert.True(scanner.Found);
        Assert.Equal(-1, scanner.Scan("<body>"u8));
        Assert.True(scanner.Found);
    }

    [Fact]
    public void Scan_WithTagEndingAtChunkEnd_ReturnsChunkLength()
    {
        var scanner = new BodyTagScanner();

        Assert.Equal(-1, scanner.Scan("<html><bo"u8));
        Assert.False(scanner.Found);
        Assert.Equal(3, scanner.Scan("dy>"u8));
        Assert.True(scanner.Found);
    }

    [Fact]
    public void Scan_WithEmptyChunks_KeepsState()
    {
        var scanner = new BodyTagScanner();

        Assert.Equal(-1, scanner.Scan("<bo"u8));
        Assert.Equal(-1, scanner.Scan([]));
        Assert.Equal(3, scanner.Scan("dy>"u8));
    }

    // Pins the documented simplification: script "double-escaped" state is not modelled, so the first
    // </script> ends the script here although a browser would keep it open until the second one.
    [Fact]
    public void Scan_WithScriptInDoubleEscapedState_EndsScriptAtFirstEndTag()
    {
        var (bytes, _) = TestPages.Parse("<script><!--<script></script><body>x</script>--></script><body>");

        var insertAt = ScanInOneWrite(bytes);

        Assert.Equal("<script><!--<script></script><body>".Length, insertAt);
    }

    // Pins the documented simplification: no tree construction, so a body tag in a template counts.
    [Fact]
    public void Scan_WithBodyInsideTemplate_TakesItAsTheBodyTag()
    {
        Assert.Equal("<template><body>".Length, ScanInOneWrite("<template><body></template><body>"u8.ToArray()));
    }

    private static int ScanInOneWrite(byte[] bytes) => new BodyTagScanner().Scan(bytes);

    private static int ScanInTwoWrites(byte[] bytes, int split)
    {
        var scanner = new BodyTagScanner();
        var first = scanner.Scan(bytes.AsSpan(0, split));
        if (first >= 0)
        {
            Assert.True(scanner.Found);
            return first;
        }

        var second = scanner.Scan(bytes.AsSpan(split));
        return second < 0 ? -1 : split + second;
    }

    private static int ScanOneByteAtATime(byte[] bytes)
    {
        var scanner = new BodyTagScanner();
        for (var i = 0; i < bytes.Length; i++)
        {
            var result = scanner.Scan(bytes.AsSpan(i, 1));
            if (result >= 0)
            {
                Assert.Equal(1, result);
                return i + 1;
            }
        }

        return -1;
    }
}
