using System.Text;
using System.Text.RegularExpressions;
using ContentGate.Actions.Notices;
using CsCheck;
using Xunit.Abstractions;

namespace ContentGate.Tests.Actions.Notices;

/// <summary>
/// The scanner against a WHATWG-conformant parser (<see cref="WhatwgOracle"/>) on thousands of generated pages
/// (<see cref="HardPages"/>): the same places, or a disagreement of a kind recorded below with its reason.
/// Deterministic: the pages come from fixed seeds. A few seconds of one busy core: run alone, after the parallel tests,
/// so that it does not starve the timing-sensitive ones (the concurrency tests of the network cache) on a small machine.
/// </summary>
[Collection(nameof(BodyTagScannerDifferentialTests))]
public class BodyTagScannerDifferentialTests(ITestOutputHelper output)
{
    private const int PagesPerSeed = 5000;

    private static readonly NoticePlacements s_everything = NoticePlacements.BeforeBodyEnd | NoticePlacements.AtMarker;

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(4UL)]
    public void Scan_WithGeneratedPages_FindsWhatTheParserFinds(ulong seed)
    {
        var pcg = new PCG(10, seed);
        var unexplained = new List<string>();
        var known = new Dictionary<string, int>();
        int withBodyStart = 0, withBodyEnd = 0, withMarker = 0, appended = 0;
        for (var n = 0; n < PagesPerSeed; n++)
        {
            var (page, split) = HardPages.PageAndSplit.Generate(pcg, null!, out _);
            var bytes = Encoding.ASCII.GetBytes(page);
            var sites = Run(bytes, (int)(split * bytes.Length));
            Assert.Equal(sites, Run(bytes, 0)); // any split: the same places (every split: the named tests)
            withBodyStart += sites.BodyStart >= 0 ? 1 : 0;
            withBodyEnd += sites.BodyEnd >= 0 && !sites.AppendedAtEnd ? 1 : 0;
            withMarker += sites.Marker >= 0 ? 1 : 0;
            appended += sites.AppendedAtEnd ? 1 : 0;

            var disagreement = WhatwgOracle.Disagreement(page, sites);
            if (disagreement is null)
            {
                continue;
            }

            if (KnownDeviation(page, sites) is { } reason)
            {
                known[reason] = known.GetValueOrDefault(reason) + 1;
            }
            else
            {
                unexplained.Add($"{Quote(page)}: {disagreement}");
            }
        }

        output.WriteLine($"{PagesPerSeed} pages from seed {seed}: body start in {withBodyStart}, body end tag in {withBodyEnd}, marker in {withMarker}, appended at the end in {appended}");
        output.WriteLine($"known deviations: {(known.Count == 0 ? "none" : string.Join("; ", known.Select(pair => $"{pair.Key} ({pair.Value})")))}");
        Assert.True(unexplained.Count == 0, $"{unexplained.Count} of {PagesPerSeed} pages disagree with the parser:\n{string.Join("\n", unexplained.Take(25))}");
    }

    // The hand-written pages of the scanner's tests agree with the parser too (those it can read: ASCII, no marks
    // that are not the scanner's).
    [Theory]
    [MemberData(nameof(BodyTagScannerTests.Pages), MemberType = typeof(BodyTagScannerTests))]
    [MemberData(nameof(BodyTagScannerTests.BodyEndPages), MemberType = typeof(BodyTagScannerTests))]
    [MemberData(nameof(BodyTagScannerTests.MarkerPages), MemberType = typeof(BodyTagScannerTests))]
    public void Scan_WithNamedPage_FindsWhatTheParserFinds(string marked)
    {
        var page = TestPages.ParseSites(marked);
        var text = Encoding.UTF8.GetString(page.Bytes);
        if (text.Any(c => c > 127 || c == '\r'))
        {
            return; // the parser's offsets are characters, and it folds CR
        }

        var sites = Run(page.Bytes, 0);
        var disagreement = WhatwgOracle.Disagreement(text, sites);
        Assert.True(disagreement is null || KnownDeviation(text, sites) is not null || IsAngleSharpMathMlTextIntegrationPoint(text), disagreement);
    }

    // AngleSharp sends end tags at a MathML text integration point to the HTML rules (StructHtmlToken.IsMathCompatible
    // is true for every token but an mglyph or malignmark start tag); the standard sends only start tags and characters
    // there, so "</mi>" closes the mi. Pages with one are checked against the standard by hand.
    private static bool IsAngleSharpMathMlTextIntegrationPoint(string page) =>
        Regex.IsMatch(page, "<math>.*<(mi|mo|mn|ms|mtext)>", RegexOptions.IgnoreCase | RegexOptions.Singleline);

    /// <summary>The scanner's places in a page fed in two writes split at <paramref name="split"/>, then ended.</summary>
    internal static ScannerSites Run(byte[] bytes, int split)
    {
        var scanner = new BodyTagScanner(s_everything);
        int bodyStart = -1, marker = -1, bodyEnd = -1;
        var start = 0;
        foreach (var end in new[] { split, bytes.Length })
        {
            var scanned = 0;
            int at;
            while ((at = scanner.Scan(bytes.AsSpan(start + scanned, end - start - scanned), out var found)) >= 0)
            {
                scanned += at;
                var place = start + scanned - scanner.BytesBeforePlace;
                switch (found)
                {
                    case NoticePlacements.AfterBodyStart:
                        Assert.Equal(-1, bodyStart);
                        bodyStart = place;
                        break;
                    case NoticePlacements.AtMarker:
                        Assert.Equal(-1, marker);
                        marker = place;
                        break;
                    default:
                        Assert.Equal(-1, bodyEnd);
                        bodyEnd = place;
                        break;
                }
            }

            start = end;
        }

        var places = scanner.Finish(out var beforeEnd);
        var endOffset = bytes.Length - beforeEnd;
        if ((places & NoticePlacements.AfterBodyStart) != 0)
        {
            bodyStart = endOffset;
        }

        var appended = (places & NoticePlacements.BeforeBodyEnd) != 0;
        return new ScannerSites(bodyStart, marker, appended ? endOffset : bodyEnd, appended, endOffset);
    }

    // Disagreements of a recorded kind, each checked by hand against the standard.
    internal static string? KnownDeviation(string page, ScannerSites sites)
    {
        // AngleSharp takes the position of "</>" (an end tag without a name, which the tokenizer drops) as the
        // start of the next tag, so the body tag's source position is off. "<?>" is as long and changes no place
        // (an empty bogus comment): the parser agrees on the page with it.
        if (page.Contains("</>", StringComparison.Ordinal)
            && WhatwgOracle.Disagreement(page.Replace("</>", "<?>", StringComparison.Ordinal), sites) is null)
        {
            return "AngleSharp: tag positions after </>";
        }

        // AngleSharp still reads "<![CDATA[" as a CDATA section after a self-closing <svg/> or <math/>, whose element
        // is popped at once: the standard allows CDATA only where the adjusted current node is foreign, and there it
        // is the HTML element around it (a bogus comment ends at the first ">"). <svg></svg> is the same to the
        // standard, and AngleSharp gets it right: both agree on the page with it.
        var unfolded = Regex.Replace(page, "<(svg|math)/>", "<$1></$1>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        if (unfolded != page && page.Contains("<![CDATA[", StringComparison.Ordinal)
            && WhatwgOracle.Disagreement(unfolded, Run(Encoding.ASCII.GetBytes(unfolded), 0)) is null)
        {
            return "AngleSharp: CDATA after a self-closing <svg/> or <math/>";
        }

        // AngleSharp's "after head" keeps base, link, meta, noframes, script, style and title for the head but not
        // template (its list is AllHeadNoTemplate), so a <template> after </head> opens the body there. The standard
        // puts it in the head ("push the head element … process the token using the rules for in head"). Without the
        // </head> ("<!---->" is as long), the template is read "in head", where AngleSharp gets it right, and nothing
        // else the generator makes changes: both agree on the page with it.
        if (page.Contains("</head>", StringComparison.Ordinal) && page.Contains("<template>", StringComparison.OrdinalIgnoreCase)
            && WhatwgOracle.Disagreement(page.Replace("</head>", "<!---->", StringComparison.Ordinal), sites) is null)
        {
            return "AngleSharp: <template> after </head> opens the body";
        }

        // The scanner's own bound: a numeric reference still undecided after BodyTagScanner.MaxPendingLength bytes
        // (only leading zeros make it that long) before the body is taken as a character, which opens the body.
        if (Regex.IsMatch(page, "&#[xX]?0{8,}"))
        {
            return "ContentGate: a reference longer than the bytes it may hold, taken as text";
        }

        // Content opened the body, then <frameset> replaced it (legal while the body has no text): with the notice,
        // which has text, there the browser keeps the body and shows the notice first. Documented in the README;
        // the probe, which has no text, lets the frameset win.
        if (WhatwgOracle.NoticeKeepsBodyAgainstFrameset(page, sites))
        {
            return "frameset after content that opened the body: the notice keeps the body";
        }

        return null;
    }

    private static string Quote(string page) => "\"" + page.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\t", "\\t", StringComparison.Ordinal) + "\"";
}

/// <summary>Runs <see cref="BodyTagScannerDifferentialTests"/> on its own, not in parallel with other tests.</summary>
[CollectionDefinition(nameof(BodyTagScannerDifferentialTests), DisableParallelization = true)]
public sealed class BodyTagScannerDifferentialRunsAlone;
