using System.Net;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace ContentGate.Tests.ReaderChoices;

public sealed class DismissAndAcknowledgeTests
{
    /// <summary>A dismissible notice on every path, and an Acknowledge policy on <c>/articles/investigation</c>, both for Russia-controlled regions.</summary>
    internal static Dictionary<string, string?> Configuration(string noticeHtml = "<p>Warning</p>", string ackHtml = "<p>Read this first.</p>")
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Policies:undesirable-organization:Notice:Html"] = noticeHtml;
        config["ContentGate:Policies:undesirable-organization:Notice:Dismissible"] = "true";
        config["ContentGate:Policies:investigations:Regions:0"] = "russia-controlled";
        config["ContentGate:Policies:investigations:Paths:0"] = "/articles/investigation";
        config["ContentGate:Policies:investigations:Action"] = "Acknowledge";
        config["ContentGate:Policies:investigations:Acknowledge:Html"] = ackHtml;
        config["ContentGate:Policies:investigations:Acknowledge:Label"] = "Before you read";
        return config;
    }

    [Fact]
    public async Task DismissForm_PostedFromSameOrigin_HidesNoticeOnLaterVisits()
    {
        await using var server = await GateServer.StartAsync(Configuration());
        var visitor = new VisitorSession(server, Fixtures.IPv4("RU"));

        var (_, first) = await visitor.GetAsync("/articles/one?page=2");
        Assert.Contains("data-contentgate-notice=\"undesirable-organization\"", first, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\" class=\"contentgate-button\">Dismiss</button>", first, StringComparison.Ordinal);

        using var posted = await visitor.SubmitFormAsync(first, "/_contentgate/dismiss");
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Equal("/articles/one?page=2", posted.RawHeader("Location"));

        var (_, second) = await visitor.GetAsync("/articles/two");
        Assert.DoesNotContain("data-contentgate-notice", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dismissal_AfterNoticeTextChanges_ShowsNoticeAgain()
    {
        await using var before = await GateServer.StartAsync(Configuration("<p>Warning v1</p>"));
        var visitor = new VisitorSession(before, Fixtures.IPv4("RU"));
        var (_, page) = await visitor.GetAsync("/");
        (await visitor.SubmitFormAsync(page, "/_contentgate/dismiss")).Dispose();
        Assert.DoesNotContain("data-contentgate-notice", (await visitor.GetAsync("/")).Body, StringComparison.Ordinal);

        await using var after = await GateServer.StartAsync(Configuration("<p>Warning v2</p>"));
        var same = new VisitorSession(after, Fixtures.IPv4("RU"));
        foreach (var (name, value) in visitor.Cookies)
        {
            same.SetCookie(name, value);
        }

        Assert.Contains("<p>Warning v2</p>", (await same.GetAsync("/")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DismissForm_PostedFromAnotherSite_IsRefusedAndRecordsNothing()
    {
        await using var server = await GateServer.StartAsync(Configuration());
        var visitor = new VisitorSession(server, Fixtures.IPv4("RU"));
        var (_, page) = await visitor.GetAsync("/");

        // The reader's browser, with the reader's cookies, submitting a copy of the form from another site's page.
        using var posted = await visitor.SubmitFormAsync(page, "/_contentgate/dismiss", configure: r =>
        {
            r.Headers.Remove("Origin");
            r.Headers.Remove("Sec-Fetch-Site");
            r.Headers.TryAddWithoutValidation("Origin", "https://evil.example");
            r.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "cross-site");
        });

        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.False(posted.Headers.Contains("Set-Cookie"));
        Assert.Contains("data-contentgate-notice", (await visitor.GetAsync("/")).Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("javascript:alert(1)")]
    public async Task DismissForm_WithForeignReturnUrl_RedirectsHomeInstead(string returnUrl)
    {
        await using var server = await GateServer.StartAsync(Configuration());
        var visitor = new VisitorSession(server, Fixtures.IPv4("RU"));
        var (_, page) = await visitor.GetAsync("/");

        using var posted = await visitor.SubmitFormAsync(page, "/_contentgate/dismiss", f => f["returnUrl"] = returnUrl);

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Equal("/", posted.RawHeader("Location"));
    }

    [Fact]
    public async Task AcknowledgeForm_Posted_UnlocksContent()
    {
        await using var server = await GateServer.StartAsync(Configuration());
        var visitor = new VisitorSession(server, Fixtures.IPv4("UA-43"));
        var (_, interstitial) = await visitor.GetAsync("/articles/investigation");

        using var posted = await visitor.SubmitFormAsync(interstitial, "/_contentgate/acknowledge");
        var (response, html) = await visitor.GetAsync("/articles/investigation");

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Equal("/articles/investigation", posted.RawHeader("Location"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>Headline</h1>", html, StringComparison.Ordinal);
        var cookie = Assert.Single(visitor.Cookies, c => c.Key == ".ContentGate.Ack.investigations");
        Assert.DoesNotContain("investigations", cookie.Value, StringComparison.Ordinal); // protected, not readable
    }

    [Fact]
    public async Task AcknowledgmentCookie_Tampered_IsIgnored()
    {
        await using var server = await GateServer.StartAsync(Configuration());
        var visitor = new VisitorSession(server, Fixtures.IPv4("UA-43"));
        var (_, interstitial) = await visitor.GetAsync("/articles/investigation");
        (await visitor.SubmitFormAsync(interstitial, "/_contentgate/acknowledge")).Dispose();
        var value = visitor.Cookies[".ContentGate.Ack.investigations"];

        visitor.SetCookie(".ContentGate.Ack.investigations", value[..^4] + (value[^4] == 'A' ? "B" : "A") + value[^3..]);

        Assert.Contains("data-contentgate-acknowledge", (await visitor.GetAsync("/articles/investigation")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcknowledgmentCookie_ForAnotherPolicy_IsIgnored()
    {
        var config = Configuration();
        config["ContentGate:Policies:other:Regions:0"] = "RU";
        config["ContentGate:Policies:other:Paths:0"] = "/articles/other";
        config["ContentGate:Policies:other:Action"] = "Acknowledge";
        config["ContentGate:Policies:other:Acknowledge:Html"] = "<p>Other</p>";
        await using var server = await GateServer.StartAsync(config);
        var visitor = new VisitorSession(server, Fixtures.IPv4("RU"));
        var (_, interstitial) = await visitor.GetAsync("/articles/other");
        (await visitor.SubmitFormAsync(interstitial, "/_contentgate/acknowledge")).Dispose();

        // The valid cookie of "other", presented as the cookie of "investigations".
        visitor.SetCookie(".ContentGate.Ack.investigations", visitor.Cookies[".ContentGate.Ack.other"]);

        Assert.Contains("data-contentgate-acknowledge=\"investigations\"", (await visitor.GetAsync("/articles/investigation")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcknowledgmentCookie_Expired_IsIgnored()
    {
        await using var server = await GateServer.StartAsync(Configuration());
        var visitor = new VisitorSession(server, Fixtures.IPv4("UA-43"));
        await visitor.GetAsync("/articles/investigation");

        // A cookie made with this app's key ring, for the right policy and version, that expired a minute ago.
        var runtime = server.Services.GetRequiredService<ContentGate.Hosting.ContentGateRuntime>();
        var policy = runtime.Current.Policies.Find("investigations")!;
        var protector = server.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("ContentGate.Acknowledgment.v1").ToTimeLimitedDataProtector();
        visitor.SetCookie(".ContentGate.Ack.investigations", protector.Protect($"investigations|{policy.Version}", DateTimeOffset.UtcNow.AddMinutes(-1)));

        Assert.Contains("data-contentgate-acknowledge", (await visitor.GetAsync("/articles/investigation")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcknowledgmentCookie_FromAnotherKeyRing_IsIgnored()
    {
        await using var first = await GateServer.StartAsync(Configuration());
        var visitor = new VisitorSession(first, Fixtures.IPv4("UA-43"));
        var (_, interstitial) = await visitor.GetAsync("/articles/investigation");
        (await visitor.SubmitFormAsync(interstitial, "/_contentgate/acknowledge")).Dispose();

        await using var second = await GateServer.StartAsync(Configuration(), services: s => s.AddDataProtection().SetApplicationName("another-app"));
        var elsewhere = new VisitorSession(second, Fixtures.IPv4("UA-43"));
        elsewhere.SetCookie(".ContentGate.Ack.investigations", visitor.Cookies[".ContentGate.Ack.investigations"]);

        Assert.Contains("data-contentgate-acknowledge", (await elsewhere.GetAsync("/articles/investigation")).Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    public async Task ContentGateEndpoints_WithWrongMethod_Answer405(string method)
    {
        await using var server = await GateServer.StartAsync(Configuration());

        using var response = await server.SendAsync(new HttpMethod(method), "/_contentgate/dismiss", Fixtures.IPv4("RU"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Stylesheet_IsServedUnderPrefixWithLongCaching()
    {
        await using var server = await GateServer.StartAsync(Configuration());

        using var response = await server.GetAsync("/_contentgate/contentgate.css", Fixtures.IPv4("RU"));
        using var revalidated = await server.GetAsync("/_contentgate/contentgate.css", Fixtures.IPv4("RU"), r => r.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.Tag));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(".contentgate-notice{", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }
}
