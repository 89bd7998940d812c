using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace ContentGate.Tests.Actions.Notices;

/// <summary>
/// The response body ContentGate installs on paths a notice policy covers: what each kind of response gets, and its
/// reuse across requests over one server body, as Kestrel keeps one per connection.
/// </summary>
public sealed class CoveredResponseBodyTests
{
    private const string Json = "{\"html\":\"<body>\"}";

    [Theory]
    [InlineData("DE")]
    [InlineData("RU")]
    public async Task JsonResponse_OnNoticePath_IsUntouchedAndNotMadePrivate(string region)
    {
        await using var server = await GateServer.StartAsync(GateServer.ContractConfiguration(), Endpoints);

        using var response = await server.GetAsync("/data.json", Fixtures.IPv4(region));

        Assert.Equal(Json, await response.Content.ReadAsStringAsync());
        Assert.Equal("public, max-age=60", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Requests_OverOneReusedServerBody_EachGetWhatTheirVisitorAndContentTypeCallFor()
    {
        var connection = new ReusedServerBody();
        await using var server = await GateServer.StartAsync(GateServer.ContractConfiguration(), Endpoints, beforeContentGate: connection.Install);

        // Every kind of covered response in turn, twice over, on the same server body.
        for (var round = 0; round < 2; round++)
        {
            using (var page = await server.GetAsync("/", Fixtures.IPv4("DE")))
            {
                Assert.Equal(GateServer.Page, await page.Content.ReadAsStringAsync());
                Assert.True(page.Headers.CacheControl?.Private);
            }

            using (var json = await server.GetAsync("/data.json", Fixtures.IPv4("DE")))
            {
                Assert.Equal(Json, await json.Content.ReadAsStringAsync());
                Assert.Equal("public, max-age=60", json.Headers.CacheControl?.ToString());
            }

            using (var page = await server.GetAsync("/", Fixtures.IPv4("RU")))
            {
                Assert.Equal(GateServer.Page.Replace(GateServer.BodyTag, GateServer.BodyTag + GateServer.ContractNotice, StringComparison.Ordinal), await page.Content.ReadAsStringAsync());
                Assert.True(page.Headers.CacheControl?.Private);
            }

            using (var json = await server.GetAsync("/data.json", Fixtures.IPv4("RU")))
            {
                Assert.Equal(Json, await json.Content.ReadAsStringAsync());
                Assert.Equal("public, max-age=60", json.Headers.CacheControl?.ToString());
            }
        }

        Assert.Equal(8, connection.Requests);
    }

    [Fact]
    public async Task ResponseBody_OverOneReusedServerBody_IsReusedForTheNextRequest()
    {
        var connection = new ReusedServerBody();
        var bodies = new List<Stream>();
        await using var server = await GateServer.StartAsync(GateServer.ContractConfiguration(), e => Endpoints(e, bodies), beforeContentGate: connection.Install);

        (await server.GetAsync("/recorded", Fixtures.IPv4("DE"))).Dispose();
        (await server.GetAsync("/recorded", Fixtures.IPv4("RU"))).Dispose();

        Assert.Equal(2, bodies.Count);
        Assert.Same(bodies[0], bodies[1]);
    }

    [Fact]
    public async Task ResponseBody_OverServerBodiesThatAreNotReused_IsNewPerRequest()
    {
        var bodies = new List<Stream>();
        await using var server = await GateServer.StartAsync(GateServer.ContractConfiguration(), e => Endpoints(e, bodies));

        (await server.GetAsync("/recorded", Fixtures.IPv4("DE"))).Dispose();
        (await server.GetAsync("/recorded", Fixtures.IPv4("DE"))).Dispose();

        Assert.Equal(2, bodies.Count);
        Assert.NotSame(bodies[0], bodies[1]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ResponseBody_WrittenAfterItsRequestEnded_Refuses(bool reusedServerBody)
    {
        var connection = new ReusedServerBody();
        var bodies = new List<Stream>();
        await using var server = await GateServer.StartAsync(
            GateServer.ContractConfiguration(),
            e => Endpoints(e, bodies),
            beforeContentGate: reusedServerBody ? connection.Install : null);

        (await server.GetAsync("/recorded", Fixtures.IPv4("DE"))).Dispose();

        Assert.Throws<ObjectDisposedException>(() => bodies[0].Write("<p>late</p>"u8));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => bodies[0].FlushAsync());
    }

    [Fact]
    public async Task Request_AfterOneThatThrewOverTheSameServerBody_IsServedNormally()
    {
        var connection = new ReusedServerBody();
        await using var server = await GateServer.StartAsync(GateServer.ContractConfiguration(), Endpoints, beforeContentGate: connection.Install);

        using (var failed = await server.GetAsync("/throws", Fixtures.IPv4("DE")))
        {
            Assert.Equal(System.Net.HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        using var page = await server.GetAsync("/", Fixtures.IPv4("DE"));

        Assert.Equal(GateServer.Page, await page.Content.ReadAsStringAsync());
        Assert.True(page.Headers.CacheControl?.Private);
    }

    [Theory]
    [InlineData("DE", false)]
    [InlineData("RU", true)]
    public async Task PageWrittenThroughBodyWriter_OverOneReusedServerBody_GetsCacheRulesAndNotice(string region, bool notice)
    {
        var connection = new ReusedServerBody();
        await using var server = await GateServer.StartAsync(GateServer.ContractConfiguration(), Endpoints, beforeContentGate: connection.Install);

        for (var i = 0; i < 2; i++)
        {
            using var page = await server.GetAsync("/writer", Fixtures.IPv4(region));
            var html = await page.Content.ReadAsStringAsync();

            Assert.Equal(notice, html.Contains(GateServer.ContractNotice, StringComparison.Ordinal));
            Assert.EndsWith("</body></html>", html, StringComparison.Ordinal);
            Assert.True(page.Headers.CacheControl?.Private);
        }
    }

    private static void Endpoints(IEndpointRouteBuilder e) => Endpoints(e, bodies: null);

    private static void Endpoints(IEndpointRouteBuilder e, List<Stream>? bodies)
    {
        GateServer.DefaultEndpoints(e);
        e.MapGet("/data.json", (HttpContext c) =>
        {
            c.Response.ContentType = "application/json; charset=utf-8";
            c.Response.Headers.CacheControl = "public, max-age=60";
            return c.Response.WriteAsync(Json);
        });
        e.MapGet("/throws", Throws);
        e.MapGet("/writer", async (HttpContext c) =>
        {
            c.Response.ContentType = "text/html; charset=utf-8";
            var writer = c.Response.BodyWriter;
            writer.Write("<html><body class=\"article\">"u8);
            await writer.FlushAsync();
            writer.Write("<p>Text.</p></body></html>"u8);
            await writer.FlushAsync();
        });
        if (bodies is not null)
        {
            // A page on the covered path that records the body ContentGate installed.
            e.MapGet("/recorded", (HttpContext c) =>
            {
                bodies.Add(c.Response.Body);
                return GateServer.Html(c, GateServer.Page);
            });
        }
    }

    private static Task Throws(HttpContext context)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        throw new InvalidOperationException("The page failed before writing.");
    }

    /// <summary>
    /// One server response body for every request, as Kestrel keeps one per keep-alive connection: installed in place
    /// of TestServer's (new per request), it forwards to the current request's. Requests must not overlap.
    /// </summary>
    private sealed class ReusedServerBody : IHttpResponseBodyFeature
    {
        private IHttpResponseBodyFeature _current = null!;

        public int Requests { get; private set; }

        public Stream Stream => _current.Stream;

        public PipeWriter Writer => _current.Writer;

        public void Install(IApplicationBuilder app) => app.Use(async (context, next) =>
        {
            var server = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
            _current = server;
            Requests++;
            context.Features.Set<IHttpResponseBodyFeature>(this);
            try
            {
                await next(context);
            }
            catch (InvalidOperationException) when (!context.Response.HasStarted)
            {
                // As the server would: a 500 for an unhandled exception before the response started.
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }
            finally
            {
                context.Features.Set(server);
            }
        });

        public void DisableBuffering() => _current.DisableBuffering();

        public Task StartAsync(CancellationToken cancellationToken = default) => _current.StartAsync(cancellationToken);

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
            => _current.SendFileAsync(path, offset, count, cancellationToken);

        public Task CompleteAsync() => _current.CompleteAsync();
    }
}
