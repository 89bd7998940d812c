using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ContentGate.Gateway.Tests.Infrastructure;

/// <summary>
/// The gateway as <c>Program.cs</c> builds it (<see cref="GatewayPipeline"/>), on Kestrel 127.0.0.1 with a free port
/// and the test's configuration in memory (nothing from the gateway's own appsettings.json). Readers connect from
/// 127.0.0.1; whether their <c>X-Forwarded-For</c> counts is the configuration's <c>Gateway:TrustedProxies</c>.
/// </summary>
internal sealed class GatewayServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayServer(WebApplication app, Uri address, Uri? http2Address, ConcurrentQueue<string> logs)
    {
        _app = app;
        BaseAddress = address;
        Http2Address = http2Address;
        Logs = logs;
        Client = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            AllowAutoRedirect = false,
        })
        {
            BaseAddress = address,
        };
    }

    /// <summary>HTTP/1.1, no cookies, no redirects followed, no decompression: the response as the gateway sent it.</summary>
    public HttpClient Client { get; }

    public Uri BaseAddress { get; }

    /// <summary>The endpoint that speaks HTTP/2 only (h2c, prior knowledge), when asked for.</summary>
    public Uri? Http2Address { get; }

    /// <summary>Every log message the gateway wrote, at every level, formatted.</summary>
    public ConcurrentQueue<string> Logs { get; }

    /// <summary>
    /// The test configuration: one route for every path to <paramref name="origin"/>; the demo's four policies (a
    /// dismissible notice for Russia-controlled readers on every path but <c>/api</c>, a 451 in Kazakhstan on
    /// <c>/articles/restricted-in-kazakhstan</c>, an acknowledgment on <c>/investigations</c>, a redirect from
    /// <c>/donate</c>); the test database; and <paramref name="trustedProxies"/> as <c>Gateway:TrustedProxies</c>.
    /// </summary>
    public static Dictionary<string, string?> Configuration(Uri origin, params string[] trustedProxies)
    {
        var config = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ReverseProxy:Routes:site:ClusterId"] = "site",
            ["ReverseProxy:Routes:site:Match:Path"] = "{**catch-all}",
            ["ReverseProxy:Clusters:site:Destinations:origin:Address"] = origin.ToString(),
            ["ContentGate:MaxMind:DatabasePath"] = Readers.DatabasePath,
            ["ContentGate:RegionSets:russia-controlled:0"] = "RU",
            ["ContentGate:RegionSets:russia-controlled:1"] = "UA-43",
            ["ContentGate:RegionSets:russia-controlled:2"] = "UA-40",
            ["ContentGate:RegionSets:russia-controlled:3"] = "UA-14",
            ["ContentGate:RegionSets:russia-controlled:4"] = "UA-09",
            ["ContentGate:RegionSets:russia-controlled:5"] = "UA-23",
            ["ContentGate:RegionSets:russia-controlled:6"] = "UA-65",
            ["ContentGate:Policies:undesirable-organization:Regions:0"] = "russia-controlled",
            ["ContentGate:Policies:undesirable-organization:Paths:0"] = "/",
            ["ContentGate:Policies:undesirable-organization:ExcludePaths:0"] = "/api",
            ["ContentGate:Policies:undesirable-organization:Action"] = "Notice",
            ["ContentGate:Policies:undesirable-organization:Notice:Html"] = "<p>Sharing our reporting could expose you to prosecution.</p>",
            ["ContentGate:Policies:undesirable-organization:Notice:Dismissible"] = "true",
            ["ContentGate:Policies:kz-court-order:Regions:0"] = "KZ",
            ["ContentGate:Policies:kz-court-order:Paths:0"] = "/articles/restricted-in-kazakhstan",
            ["ContentGate:Policies:kz-court-order:Action"] = "Block",
            ["ContentGate:Policies:kz-court-order:Block:BlockedBy"] = "https://example.org/legal",
            ["ContentGate:Policies:kz-court-order:Block:Html"] = "<h1>Unavailable in Kazakhstan</h1>",
            ["ContentGate:Policies:frontline-acknowledgment:Regions:0"] = "russia-controlled",
            ["ContentGate:Policies:frontline-acknowledgment:Paths:0"] = "/investigations",
            ["ContentGate:Policies:frontline-acknowledgment:Action"] = "Acknowledge",
            ["ContentGate:Policies:frontline-acknowledgment:Acknowledge:Html"] = "<p>This investigation names officials.</p>",
            ["ContentGate:Policies:no-donations-from-russia:Regions:0"] = "russia-controlled",
            ["ContentGate:Policies:no-donations-from-russia:Paths:0"] = "/donate",
            ["ContentGate:Policies:no-donations-from-russia:Action"] = "Redirect",
            ["ContentGate:Policies:no-donations-from-russia:Redirect:Url"] = "/donate/not-available",
        };
        for (var i = 0; i < trustedProxies.Length; i++)
        {
            config[$"Gateway:TrustedProxies:{i}"] = trustedProxies[i];
        }

        return config;
    }

    /// <summary>Builds and starts the gateway; throws what the host throws when the configuration stops it.</summary>
    public static Task<GatewayServer> StartAsync(IDictionary<string, string?> configuration, bool http2Endpoint = false)
        => StartAsync(AppContext.BaseDirectory, "Production", builder =>
        {
            // Only the test's configuration: not the appsettings.json the gateway project copies next to the tests.
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(configuration);
        }, http2Endpoint);

    /// <summary>
    /// Starts the gateway as <c>dotnet run</c> does from <paramref name="contentRoot"/>: its appsettings.json and
    /// appsettings.<paramref name="environment"/>.json, then <paramref name="overrides"/>.
    /// </summary>
    public static Task<GatewayServer> StartFromFolderAsync(string contentRoot, string environment, IDictionary<string, string?> overrides)
        => StartAsync(contentRoot, environment, builder => builder.Configuration.AddInMemoryCollection(overrides), http2Endpoint: false);

    private static async Task<GatewayServer> StartAsync(string contentRoot, string environment, Action<WebApplicationBuilder> configure, bool http2Endpoint)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ContentRootPath = contentRoot,
            ApplicationName = typeof(GatewayPipeline).Assembly.GetName().Name,
        });
        configure(builder);

        var logs = new ConcurrentQueue<string>();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(new QueueLoggerProvider(logs));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            if (http2Endpoint)
            {
                // Cleartext HTTP/2 needs an endpoint that speaks it alone: the client starts with the HTTP/2 preface.
                kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
            }
        });

        GatewayPipeline.AddServices(builder);
        var app = builder.Build();
        GatewayPipeline.Use(app);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var urls = app.Urls.Select(url => new Uri(url)).ToList();
        return new GatewayServer(app, urls[0], http2Endpoint ? urls[1] : null, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(categoryName, logs);

        public void Dispose()
        {
        }
    }

    private sealed class QueueLogger(string category, ConcurrentQueue<string> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => logs.Enqueue($"{logLevel} {category}[{eventId.Id}]: {formatter(state, exception)} {exception}");
    }
}
