using System.Net;
using ContentGate.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContentGate.Tests.Infrastructure;

/// <summary>
/// A real ASP.NET Core pipeline on TestServer: configuration from a dictionary (as appsettings.json would give
/// it), the two lines of ContentGate, and endpoints written by the test.
/// </summary>
internal sealed class GateServer : IAsyncDisposable
{
    private readonly IHost _host;

    private GateServer(IHost host, LogCapture logs)
    {
        _host = host;
        Logs = logs;
        Client = host.GetTestClient();
    }

    public HttpClient Client { get; }

    public LogCapture Logs { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>The contract's example configuration, on the fixture City database.</summary>
    public static Dictionary<string, string?> ContractConfiguration(string? databasePath = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["ContentGate:MaxMind:DatabasePath"] = databasePath ?? Fixtures.CityDatabasePath,
            ["ContentGate:Policies:undesirable-organization:Regions:0"] = "russia-controlled",
            ["ContentGate:Policies:undesirable-organization:Paths:0"] = "/",
            ["ContentGate:Policies:undesirable-organization:ExcludePaths:0"] = "/api",
            ["ContentGate:Policies:undesirable-organization:Action"] = "Notice",
            ["ContentGate:Policies:undesirable-organization:Notice:Html"] = "<p>Warning for visitors in Russia-controlled regions.</p>",
            ["ContentGate:Policies:kz-court-order:Regions:0"] = "KZ",
            ["ContentGate:Policies:kz-court-order:Paths:0"] = "/articles/restricted-in-kazakhstan",
            ["ContentGate:Policies:kz-court-order:Action"] = "Block",
            ["ContentGate:Policies:kz-court-order:Block:BlockedBy"] = "https://example.org/legal",
            ["ContentGate:Policies:kz-court-order:Block:Html"] = "<h1>Blocked in Kazakhstan</h1>",
        };
        for (var i = 0; i < Fixtures.RussiaControlled.Length; i++)
        {
            config[$"ContentGate:RegionSets:russia-controlled:{i}"] = Fixtures.RussiaControlled[i];
        }

        return config;
    }

    public static async Task<GateServer> StartAsync(
        IDictionary<string, string?> configuration,
        Action<IEndpointRouteBuilder>? endpoints = null,
        Action<IServiceCollection>? services = null,
        Action<IApplicationBuilder>? beforeContentGate = null,
        string environment = "Production")
    {
        var host = Build(configuration, endpoints, services, out var logs, beforeContentGate, environment);
        await host.StartAsync();
        return new GateServer(host, logs);
    }

    /// <summary>Builds the host without starting it, for tests that expect start-up to fail.</summary>
    public static IHost Build(
        IDictionary<string, string?> configuration,
        Action<IEndpointRouteBuilder>? endpoints,
        Action<IServiceCollection>? services,
        out LogCapture logs,
        Action<IApplicationBuilder>? beforeContentGate = null,
        string environment = "Production")
    {
        var capture = new LogCapture();
        logs = capture;
        return new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .UseEnvironment(environment)
                .ConfigureAppConfiguration(c => c.AddInMemoryCollection(configuration))
                .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(capture))
                .ConfigureServices((context, s) =>
                {
                    s.AddRouting();
                    s.AddContentGateVisitorSimulation();
                    s.AddContentGate(context.Configuration.GetSection("ContentGate"));
                    services?.Invoke(s);
                })
                .Configure(app =>
                {
                    app.UseRouting();
                    beforeContentGate?.Invoke(app);
                    app.UseContentGate();
                    app.UseEndpoints(e => (endpoints ?? DefaultEndpoints).Invoke(e));
                }))
            .Build();
    }

    public Task<HttpResponseMessage> GetAsync(string path, IPAddress? visitor, Action<HttpRequestMessage>? configure = null)
        => SendAsync(HttpMethod.Get, path, visitor, configure);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, IPAddress? visitor, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (visitor is not null)
        {
            request.FromVisitor(visitor);
        }

        configure?.Invoke(request);
        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.StopAsync();
        _host.Dispose();
    }

    public const string Page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>Article</title>\n<!-- <body> in a comment -->\n<script>var s = \"<body>\";</script>\n</head>\n<body class=\"article\">\n<h1>Headline</h1>\n<p>Text.</p>\n</body>\n</html>\n";

    public const string BodyTag = "<body class=\"article\">";

    /// <summary>The link to ContentGate's stylesheet that precedes the first notice on a page.</summary>
    public static readonly string StyleLink = $"<link rel=\"stylesheet\" href=\"/_contentgate/contentgate.css?v={ContentGate.Assets.ContentGateStyles.Version}\">";

    /// <summary>
    /// The markup ContentGate inserts for one notice (without a dismiss form); the first notice on a page carries the
    /// stylesheet link right inside its opening tag.
    /// </summary>
    public static string Notice(string policy, string html, string label = "Notice", string language = "en", string direction = "ltr", bool first = true)
        => $"<section class=\"contentgate-notice\" data-contentgate-notice=\"{policy}\" aria-label=\"{label}\" lang=\"{language}\" dir=\"{direction}\">{(first ? StyleLink : string.Empty)}<div class=\"contentgate-notice__content\">{html}</div></section>";

    /// <summary>The contract configuration's notice as inserted, styles included.</summary>
    public static readonly string ContractNotice = Notice("undesirable-organization", "<p>Warning for visitors in Russia-controlled regions.</p>");

    public static void DefaultEndpoints(IEndpointRouteBuilder e)
    {
        e.MapGet("/", (HttpContext c) => Html(c, Page));
        e.MapGet("/articles", (HttpContext c) => Html(c, Page));
        e.MapGet("/articles/{slug}", (HttpContext c) => Html(c, Page));
        e.MapGet("/articlesx", (HttpContext c) => Html(c, Page));
        e.MapGet("/api/page", (HttpContext c) => Html(c, Page));
        e.MapGet("/region", (HttpContext c) =>
        {
            var feature = c.Features.Get<ContentGate.Regions.IRegionFeature>();
            return c.Response.WriteAsync($"{feature?.Region}|{feature?.Source}|{feature?.UnknownReason}");
        });
    }

    public static Task Html(HttpContext context, string html)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(html);
    }
}
