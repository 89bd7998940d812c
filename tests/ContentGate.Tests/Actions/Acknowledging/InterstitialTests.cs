using System.Net;
using ContentGate.Tests.Infrastructure;
using ContentGate.Tests.ReaderChoices;

namespace ContentGate.Tests.Actions.Acknowledging;

/// <summary>The Acknowledge action: the interstitial page a matched reader sees until acknowledging, nothing for others.</summary>
public sealed class InterstitialTests
{
    [Fact]
    public async Task AcknowledgePolicy_UntilAcknowledged_ShowsInterstitialInsteadOfContent()
    {
        await using var server = await GateServer.StartAsync(DismissAndAcknowledgeTests.Configuration());
        var visitor = new VisitorSession(server, Fixtures.IPv4("UA-43"));

        var (response, html) = await visitor.GetAsync("/articles/investigation");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<h1>Headline</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<main data-contentgate-acknowledge=\"investigations\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1 id=\"contentgate-title\" tabindex=\"-1\" autofocus>Before you read</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<p>Read this first.</p>", html, StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task AcknowledgePolicy_ForVisitorOutsideRegion_ShowsContent()
    {
        await using var server = await GateServer.StartAsync(DismissAndAcknowledgeTests.Configuration());

        var (_, html) = await new VisitorSession(server, Fixtures.IPv4("DE")).GetAsync("/articles/investigation");

        Assert.Contains("<h1>Headline</h1>", html, StringComparison.Ordinal);
    }
}
