using System.Net;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ContentGate.Tests.ReaderChoices;

/// <summary>
/// What a page carrying a dismiss or acknowledge form gets from ContentGate besides the form: only the cache rules of
/// covered paths. No cookie, no <c>Pragma</c>, no <c>X-Frame-Options</c>: the page stays cacheable by the browser
/// and embeddable, and a HEAD or a 405 on it sets nothing.
/// </summary>
public sealed class FormSideEffectTests : IAsyncLifetime
{
    private GateServer _server = null!;

    public async Task InitializeAsync() => _server = await GateServer.StartAsync(DismissAndAcknowledgeTests.Configuration(), Endpoints);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static void Endpoints(IEndpointRouteBuilder e)
    {
        GateServer.DefaultEndpoints(e);
        e.MapGet("/cacheable", (HttpContext c) =>
        {
            c.Response.Headers.CacheControl = "public, max-age=60";
            return GateServer.Html(c, GateServer.Page);
        });
    }

    [Theory]
    [InlineData("/articles/one", "private")]
    [InlineData("/cacheable", "private, max-age=60")]
    public async Task PageWithDismissibleNotice_GetsOnlyTheCoveredPathCacheRules(string path, string cacheControl)
    {
        var (response, html) = await new VisitorSession(_server, Fixtures.IPv4("RU")).GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("class=\"contentgate-notice__dismiss\"", html, StringComparison.Ordinal);
        Assert.Equal(cacheControl, response.RawHeader("Cache-Control"));
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.False(response.Headers.Contains("Pragma"));
        Assert.False(response.Headers.Contains("X-Frame-Options"));
    }

    [Fact]
    public async Task DismissForm_CarriesOnlyPolicyVersionAndReturnUrl()
    {
        var (_, html) = await new VisitorSession(_server, Fixtures.IPv4("RU")).GetAsync("/articles/one?page=2");

        var (target, fields) = VisitorSession.FindForm(html, "/_contentgate/dismiss");

        Assert.Equal("/_contentgate/dismiss", target);
        Assert.Equal(["policy", "returnUrl", "version"], fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("undesirable-organization", fields["policy"]);
        Assert.Equal("/articles/one?page=2", fields["returnUrl"]);
    }

    [Fact]
    public async Task Interstitial_KeepsNoStoreAndSetsNoCookieOrFrameOptions()
    {
        var (response, html) = await new VisitorSession(_server, Fixtures.IPv4("UA-43")).GetAsync("/articles/investigation");

        Assert.Contains("data-contentgate-acknowledge", html, StringComparison.Ordinal);
        Assert.Equal("no-store", response.RawHeader("Cache-Control"));
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.False(response.Headers.Contains("Pragma"));
        Assert.False(response.Headers.Contains("X-Frame-Options"));
        Assert.Equal(["policy", "returnUrl", "version"], VisitorSession.FindForm(html, "/_contentgate/acknowledge").Fields.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("HEAD")]
    [InlineData("POST")]
    [InlineData("DELETE")]
    public async Task RequestTheAppAnswers405_OnPathWithDismissibleNotice_GetsNoCookie(string method)
    {
        using var response = await new VisitorSession(_server, Fixtures.IPv4("RU")).SendAsync(new HttpRequestMessage(new HttpMethod(method), "/articles/one"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.False(response.Headers.Contains("Pragma"));
        Assert.False(response.Headers.Contains("X-Frame-Options"));
    }

    [Fact]
    public async Task HeadRequest_OnPathWithDismissibleNotice_GetsNoCookie()
    {
        await using var server = await GateServer.StartAsync(
            DismissAndAcknowledgeTests.Configuration(),
            e => e.MapMethods("/page", ["GET", "HEAD"], (HttpContext c) => GateServer.Html(c, GateServer.Page)));

        using var response = await new VisitorSession(server, Fixtures.IPv4("RU")).SendAsync(new HttpRequestMessage(HttpMethod.Head, "/page"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.False(response.Headers.Contains("Pragma"));
        Assert.False(response.Headers.Contains("X-Frame-Options"));
    }

    [Fact]
    public void AddContentGate_RegistersNoAntiforgery()
    {
        // ContentGate's forms need none; the app's own forms register what they use (Razor Pages and MVC do).
        using var provider = new ServiceCollection().AddContentGate(_ => { }).Services.BuildServiceProvider();

        Assert.Null(provider.GetService<IAntiforgery>());
    }
}
