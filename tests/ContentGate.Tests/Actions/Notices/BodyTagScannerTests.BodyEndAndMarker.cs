using System.Text;
using ContentGate.Actions.Notices;

namespace ContentGate.Tests.Actions.Notices;

// After the body start: the body end tag and the marker comment, when sought, and the bytes held while they may be one.
public partial class BodyTagScannerTests
{
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
}
