using System.Buffers;
using System.Text;
using ContentGate.Actions.Notices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using NSubstitute;

namespace ContentGate.Tests.Actions.Notices;

// Every place on the pages of the placement tables, whole, split at every byte, and in every write kind.
public partial class NoticeInjectingBodyFeatureUnitTests
{
    // Each page, and what it becomes with s_everywhere: [A] after the body start tag, [M] after the marker (or
    // before [B] without one), [B] before the body end tag (or at the end without one).
    public static TheoryData<string, string, string> PlacementCases => new()
    {
        {
            "<html><head><!-- contentgate:notice --></head><body class=\"x\"><h1>T</h1><!-- ContentGate:Notice --><p>x</p></body></html>",
            "<html><head><!-- contentgate:notice --></head><body class=\"x\">[A]<h1>T</h1><!-- ContentGate:Notice -->[M]<p>x</p>[B]</body></html>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker"
        },
        {
            "<body><p>x</p></BODY>",
            "<body>[A]<p>x</p>[M][B]</BODY>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback"
        },
        {
            "<body><p>x</p>",
            "<body>[A]<p>x</p>[M][B]",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback, AppendedAtEnd"
        },
        {
            "<body><!--contentgate:notice--><p>x</p>",
            "<body>[A]<!--contentgate:notice-->[M]<p>x</p>[B]",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, AppendedAtEnd"
        },
        {
            "<body>x</bo",
            "<body>[A]x[M][B]</bo", // before the unfinished tag the end of the document drops, not inside it
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback, AppendedAtEnd"
        },
        {
            "<body></body>",
            "<body>[A][M][B]</body>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback"
        },
        {
            "<body><!-- contentgate:notice --></body>",
            "<body>[A]<!-- contentgate:notice -->[M][B]</body>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker"
        },
        {
            "<body><!--contentgate:notice--><!--contentgate:notice--></body><!--contentgate:notice--></body>",
            "<body>[A]<!--contentgate:notice-->[M]<!--contentgate:notice-->[B]</body><!--contentgate:notice--></body>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker"
        },
        {
            "<body><script>\"</body><!--contentgate:notice-->\"</script></body x>",
            "<body>[A]<script>\"</body><!--contentgate:notice-->\"</script>[M][B]</body x>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback"
        },
        {
            "<div>fragment</div></body><!--contentgate:notice-->",
            "<div>fragment</div></body><!--contentgate:notice-->",
            "None"
        },
    };

    // Issue 10's table and the other places the standard decides, with what each page becomes (as PlacementCases).
    // The body end and marker rows: only what the body holds as HTML content counts (not templates, SVG, MathML, raw
    // text); the end of a page that is inside something else gets nothing.
    public static TheoryData<string, string, string> StandardCases => new()
    {
        {
            "<script><!--<SCRIPT </SCRIPT><bOdY></script><body>",
            "<script><!--<SCRIPT </SCRIPT><bOdY></script><body>[A][M][B]",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback, AppendedAtEnd"
        },
        { "<SCRIPT><!--<script\n</script><body>", "<SCRIPT><!--<script\n</script><body>", "None" },
        { "<!DOCTYPE html><SCRIPT><!--<script\n</script><body>", "<!DOCTYPE html><SCRIPT><!--<script\n</script><body>", "None" },
        {
            "<TEMPLATE><BoDy></TEMPLATE><bOdY>",
            "<TEMPLATE><BoDy></TEMPLATE><bOdY>[A][M][B]",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback, AppendedAtEnd"
        },
        { "<math><![CDATA[><body>", "<math><![CDATA[><body>", "None" },
        { "<!DOCTYPE html><math><![CDATA[><body>", "<!DOCTYPE html>[A]<math><![CDATA[><body>", "AfterBodyStart" },
        {
            "<template><col><script></TEMPLATE><BODY>",
            "<template><col><script></TEMPLATE><BODY>[A][M][B]",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback, AppendedAtEnd"
        },
        { "<frameset><script><!--</script><bOdY>", "<frameset><script><!--</script><bOdY>", "None" },
        { "<!DOCTYPE html><frameset><frame src=a></frameset>", "<!DOCTYPE html><frameset><frame src=a></frameset>", "None" },
        {
            "<!DOCTYPE html><title>T</title>\n  Hello</body>",
            "<!DOCTYPE html><title>T</title>\n  [A]Hello[M][B]</body>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback"
        },
        {
            "<html><head>&#32;&Tab;</head>&nbsp;x<!-- contentgate:notice --></html>",
            "<html><head>&#32;&Tab;</head>[A]&nbsp;x<!-- contentgate:notice -->[M]</html>[B]", // no </body>: at the end
            "AfterBodyStart, BeforeBodyEnd, AtMarker, AppendedAtEnd"
        },
        {
            "<!DOCTYPE html></body>",
            "<!DOCTYPE html>[A][M][B]</body>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback"
        },
        {
            "<!DOCTYPE html><body",
            "<!DOCTYPE html>[A][M][B]<body",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback, AppendedAtEnd"
        },
        { "<!DOCTYPE html><title>T</title>", "<!DOCTYPE html><title>T</title>[A][M][B]", "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback, AppendedAtEnd" },
        { "<div>a fragment</div>", "<div>a fragment</div>", "None" },
        {
            "<html><body><svg><![CDATA[</body><!-- contentgate:notice -->]]></svg><!-- contentgate:notice --></body>",
            "<html><body>[A]<svg><![CDATA[</body><!-- contentgate:notice -->]]></svg><!-- contentgate:notice -->[M][B]</body>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker"
        },
        {
            "<body><svg><foreignObject><!-- contentgate:notice --></body></foreignObject></svg></body>",
            "<body>[A]<svg><foreignObject><!-- contentgate:notice --></body></foreignObject></svg>[M][B]</body>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback"
        },
        {
            "<body><math><mi><script></body></script></mi></math></body>",
            "<body>[A]<math><mi><script></body></script></mi></math>[M][B]</body>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback"
        },
        {
            "<body><math><annotation-xml><style></body></style></annotation-xml></math></body>",
            "<body>[A]<math><annotation-xml><style></body></style></annotation-xml></math>[M][B]</body>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback"
        },
        {
            "<body><select><style></body></style></select></body>",
            "<body>[A]<select><style></body></style></select>[M][B]</body>",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, MarkerFallback"
        },
        {
            "<body><template><!-- contentgate:notice --></body></template></html><!-- contentgate:notice -->x<!-- contentgate:notice -->",
            "<body>[A]<template><!-- contentgate:notice --></body></template></html><!-- contentgate:notice -->x<!-- contentgate:notice -->[M][B]",
            "AfterBodyStart, BeforeBodyEnd, AtMarker, AppendedAtEnd"
        },
        { "<body><svg>", "<body>[A]<svg>", "AfterBodyStart" },
        { "<body><!-- contentgate:notice", "<body>[A]<!-- contentgate:notice", "AfterBodyStart" },
        { "<body><plaintext></body>", "<body>[A]<plaintext></body>", "AfterBodyStart" },
    };

    [Theory]
    [MemberData(nameof(PlacementCases))]
    [MemberData(nameof(StandardCases))]
    public async Task WriteAsync_WithAllPlacements_InsertsEachAtItsPlace(string page, string expected, string placements)
    {
        var inner = new RecordingResponseBody(keepCopy: true);
        var feature = new NoticeInjectingBodyFeature(HtmlContext(), inner, s_everywhere);

        await feature.WriteAsync(Encoding.UTF8.GetBytes(page));
        await feature.FinishAsync();

        Assert.Equal(expected, Encoding.UTF8.GetString(inner.Copy));
        Assert.Equal(Enum.Parse<NoticePlacements>(placements), feature.InsertedPlacements);
        Assert.Equal(placements == "None" ? NoticeOutcome.NoBodyTag : NoticeOutcome.Injected, feature.Outcome);
    }

    [Theory]
    [MemberData(nameof(PlacementCases))]
    [MemberData(nameof(StandardCases))]
    public async Task Write_WithAllPlacementsAndPageSplitAtEveryByte_MatchesSingleWrite(string page, string expected, string placements)
    {
        var bytes = Encoding.UTF8.GetBytes(page);

        foreach (var kind in Enum.GetValues<WriteKind>())
        {
            for (var split = 0; split <= bytes.Length; split++)
            {
                var (output, inserted) = await RewriteAsync(s_everywhere, bytes, [split], kind);

                Assert.Equal(expected, Encoding.UTF8.GetString(output));
                Assert.Equal(Enum.Parse<NoticePlacements>(placements), inserted);
            }

            var (oneByteAtATime, _) = await RewriteAsync(s_everywhere, bytes, [.. Enumerable.Range(1, bytes.Length - 1)], kind);
            Assert.Equal(expected, Encoding.UTF8.GetString(oneByteAtATime));
        }
    }

    [Theory]
    [InlineData(WriteKind.Sync)]
    [InlineData(WriteKind.Async)]
    [InlineData(WriteKind.Byte)]
    [InlineData(WriteKind.AsyncWithFlushes)]
    [InlineData(WriteKind.AsyncToPendingInner)]
    public async Task Write_WithRealisticPageAndAllPlacementsSplitInTwoAtEveryByte_MatchesSingleWrite(WriteKind kind)
    {
        var page = TestPages.Bytes(TestPages.Realistic);
        var (single, singlePlacements) = await RewriteAsync(s_everywhere, page, [], WriteKind.Async);
        Assert.Equal(TestPages.Expected(TestPages.Realistic, "[A]"u8.ToArray(), "[B]"u8.ToArray(), "[M]"u8.ToArray()), single);
        Assert.Equal(All, singlePlacements);

        for (var split = 0; split <= page.Length; split++)
        {
            var (output, placements) = await RewriteAsync(s_everywhere, page, [split], kind);

            Assert.Equal(single, output);
            Assert.Equal(All, placements);
        }
    }

    [Theory]
    [InlineData(WriteKind.Sync)]
    [InlineData(WriteKind.Async)]
    [InlineData(WriteKind.Byte)]
    [InlineData(WriteKind.AsyncWithFlushes)]
    [InlineData(WriteKind.AsyncToPendingInner)]
    public async Task Write_WithRealisticPageAndAllPlacementsOneByteAtATime_MatchesSingleWrite(WriteKind kind)
    {
        var page = TestPages.Bytes(TestPages.Realistic);
        var (single, _) = await RewriteAsync(s_everywhere, page, [], WriteKind.Async);

        var (output, placements) = await RewriteAsync(s_everywhere, page, [.. Enumerable.Range(1, page.Length - 1)], kind);

        Assert.Equal(single, output);
        Assert.Equal(All, placements);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Write_WithRealisticPageAndAllPlacementsInRandomChunks_MatchesSingleWrite(int seed)
    {
        var page = TestPages.Bytes(TestPages.Realistic);
        var (single, _) = await RewriteAsync(s_everywhere, page, [], WriteKind.Async);
        var random = new Random(seed); // fixed seeds: the same chunks on every run

        for (var round = 0; round < 200; round++)
        {
            var splits = new SortedSet<int>();
            var count = random.Next(1, 12);
            while (splits.Count < count)
            {
                splits.Add(random.Next(0, page.Length + 1));
            }

            var (output, placements) = await RewriteAsync(s_everywhere, page, [.. splits], (WriteKind)(round % 5));

            Assert.Equal(single, output);
            Assert.Equal(All, placements);
        }
    }

    [Fact]
    public async Task Write_WithPartialPlacements_InsertsOnlyThoseGiven()
    {
        var page = "<body><!--contentgate:notice--><p>x</p></body>"u8.ToArray();

        var (endOnly, endOnlyPlacements) = await RewriteAsync(NoticeInjection.Create(string.Empty, "[B]", string.Empty, cdnCacheKeyIncludesRegion: false), page, [], WriteKind.Async);
        var (markerOnly, markerOnlyPlacements) = await RewriteAsync(NoticeInjection.Create(string.Empty, string.Empty, "[M]", cdnCacheKeyIncludesRegion: false), page, [], WriteKind.Async);
        var (startAndEnd, startAndEndPlacements) = await RewriteAsync(NoticeInjection.Create("[A]", "[B]", string.Empty, cdnCacheKeyIncludesRegion: false), page, [], WriteKind.Async);

        Assert.Equal("<body><!--contentgate:notice--><p>x</p>[B]</body>", Encoding.UTF8.GetString(endOnly));
        Assert.Equal(NoticePlacements.BeforeBodyEnd, endOnlyPlacements);
        Assert.Equal("<body><!--contentgate:notice-->[M]<p>x</p></body>", Encoding.UTF8.GetString(markerOnly));
        Assert.Equal(NoticePlacements.AtMarker, markerOnlyPlacements);
        Assert.Equal("<body>[A]<!--contentgate:notice--><p>x</p>[B]</body>", Encoding.UTF8.GetString(startAndEnd));
        Assert.Equal(NoticePlacements.AfterBodyStart | NoticePlacements.BeforeBodyEnd, startAndEndPlacements);
    }
}
