using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Tests.Assets;

/// <summary>
/// The stylesheet link in notices and ContentGate's pages follows the request's path base, whichever requests came
/// before (the link for an app without a path base is built once and reused).
/// </summary>
public sealed class StylesheetLinkTests
{
    private static readonly string UnderPathBase = GateServer.StyleLink.Replace("href=\"/_contentgate/", "href=\"/news/_contentgate/", StringComparison.Ordinal);

    // A request with ?base=1 is served as if the app were mounted under /news (as UsePathBase would do).
    private static void PathBaseFromQuery(IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.Query.ContainsKey("base"))
        {
            context.Request.PathBase = "/news";
        }

        return next(context);
    });

    [Theory]
    [InlineData("/", "RU")]
    [InlineData("/articles/restricted-in-kazakhstan", "KZ")]
    public async Task StyleLink_ForRequestsWithAndWithoutPathBase_FollowsEachRequest(string path, string region)
    {
        await using var server = await GateServer.StartAsync(GateServer.ContractConfiguration(), beforeContentGate: PathBaseFromQuery);

        foreach (var withBase in new[] { false, true, false, true })
        {
            using var response = await server.GetAsync(withBase ? path + "?base=1" : path, Fixtures.IPv4(region));
            var html = await response.Content.ReadAsStringAsync();

            Assert.Contains(withBase ? UnderPathBase : GateServer.StyleLink, html, StringComparison.Ordinal);
            Assert.DoesNotContain(withBase ? GateServer.StyleLink : UnderPathBase, html, StringComparison.Ordinal);
            if (response.Content.Headers.ContentLength is { } length)
            {
                Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(html), length);
            }
        }
    }
}
