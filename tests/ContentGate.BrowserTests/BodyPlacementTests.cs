using ContentGate.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace ContentGate.BrowserTests;

/// <summary>
/// Where ContentGate's tests say notices go, checked in Chromium's own parser: issue 10's table and the cases where
/// AngleSharp, the oracle of the differential tests, departs from the standard (select contents, end tags at a MathML
/// text integration point, a template after <c>&lt;/head&gt;</c>, CDATA after <c>&lt;svg/&gt;</c>).
/// </summary>
/// <remarks>
/// Each page is written with the places of the scanner's expectations (ContentGate.Tests, Notices): <c>[A]</c> body
/// start, <c>[M]</c> marker, <c>[B]</c> body end, and <c>[X]</c> where content must not go (it would not be in the body).
/// Each mark becomes an element with text, as a notice is, and Chromium says where it ended up: <c>[A]</c> must be the
/// body's first child, <c>[M]</c> and <c>[B]</c> HTML elements whose ancestors up to the body are all HTML (not in a
/// template, SVG or MathML), and <c>[X]</c> not such an element.
/// </remarks>
[Collection(SampleSiteInChromium.Name)]
public sealed class BodyPlacementTests(SampleSiteFixture site)
{
    public static TheoryData<string> Pages => new()
    {
        "<script><!--<SCRIPT </SCRIPT><bOdY></script><body>[A][M][B]",
        "<!DOCTYPE html><SCRIPT><!--<script\n</script><body>[X]",
        "<TEMPLATE><BoDy></TEMPLATE><bOdY>[A][M][B]",
        "<!DOCTYPE html>[A]<math><![CDATA[><body>[X]",
        "<template><col><script></TEMPLATE><BODY>[A][M][B]",
        "<!DOCTYPE html><frameset><script><!--</script><bOdY>[X]",
        "<!DOCTYPE html><title>T</title>\n  [A]Hello[M][B]</body>",
        "<html><head>&#32;&Tab;</head>[A]&nbsp;x<!-- contentgate:notice -->[M]</html>[B]",
        "<html><head></head>[A]<noscript><body>[X]",
        "<html><template></template></head><template><body></template>[A]x",
        "<html><body>[A]<svg><![CDATA[</body><!-- contentgate:notice -->]]></svg><!-- contentgate:notice -->[M][B]</body>",
        "<body>[A]<svg><foreignObject><!-- contentgate:notice -->[X]</body></foreignObject></svg>[M][B]</body>",
        "<body>[A]<math><mi><script></body></script></mi></math>[M][B]</body>",
        "<body>[A]<math><annotation-xml><style>[X]</body></style></annotation-xml></math>[M][B]</body>",
        "<body>[A]<math><annotation-xml encoding=\"text/html\"><style>[X]</body></style></annotation-xml></math>[M][B]</body>",
        "<body>[A]<select><style>[X]</body></style></select>[M][B]</body>",
        "<!DOCTYPE html>[A]<svg/><![CDATA[>[M][B]</body>]]>",
        "<body>[A]<plaintext></body>[X]",
        "<!DOCTYPE html>[A][M][B]<body",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_WithContentWhereTheTestsPutIt_IsInTheBodyThere(string marked)
    {
        var marks = new List<string>();
        var html = System.Text.RegularExpressions.Regex.Replace(marked, @"\[([ABMX])\]", match =>
        {
            var id = $"{match.Groups[1].Value.ToLowerInvariant()}{marks.Count}";
            marks.Add(id);
            return $"<cg-notice id=\"{id}\">notice</cg-notice>";
        });

        await using var context = await site.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.RouteAsync("http://placement.test/", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Body = html,
            ContentType = "text/html; charset=utf-8",
        }));
        await page.GotoAsync("http://placement.test/");

        foreach (var id in marks)
        {
            var where = await page.EvaluateAsync<string>(
                """
                id => {
                  const element = document.getElementById(id);
                  if (!element) return 'absent';
                  if (element.namespaceURI !== 'http://www.w3.org/1999/xhtml') return 'foreign';
                  for (let node = element.parentNode; node; node = node.parentNode) {
                    if (node === document.body) return document.body.firstChild === element ? 'first in body' : 'in body';
                    if (node.nodeType === 1 && node.namespaceURI !== 'http://www.w3.org/1999/xhtml') return 'in ' + node.localName;
                  }
                  return 'outside the body';
                }
                """,
                id);

            switch (id[0])
            {
                case 'a':
                    Assert.True(where == "first in body", $"[A] in {marked}: {where}");
                    break;
                case 'x':
                    Assert.False(where is "first in body" or "in body", $"[X] in {marked}: {where}");
                    break;
                default:
                    Assert.True(where is "first in body" or "in body", $"[{char.ToUpperInvariant(id[0])}] in {marked}: {where}");
                    break;
            }
        }
    }
}
