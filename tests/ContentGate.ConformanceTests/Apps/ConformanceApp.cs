using System.Net;
using ContentGate.ConformanceTests.Components;
using ContentGate.Testing;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace ContentGate.ConformanceTests.Apps;

/// <summary>
/// One app of the suite: <see cref="AppKind"/> decides what it serves, <see cref="PipelineOrder"/> where the framework
/// middleware sits. It runs on Kestrel at 127.0.0.1; readers arrive through a local reverse proxy (the connection is
/// 127.0.0.1, the reader's address is in <c>X-Forwarded-For</c>, trusted by the framework's default options).
/// </summary>
internal sealed class ConformanceApp : IAsyncDisposable
{
    /// <summary>Every region the suite's readers come from, with documentation-range addresses.</summary>
    public static readonly RegionAddressBook Readers = RegionAddressBook.For("RU", "UA-43", "DE", "GB", "KZ");

    private static readonly Lazy<string> Database = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"contentgate-conformance-{Environment.ProcessId}.mmdb");
        Readers.ToDatabase().WriteTo(path);
        return path;
    });

    private readonly WebApplication _app;
    private readonly string _root;

    private ConformanceApp(WebApplication app, string root, LogCapture logs, Uri address)
    {
        _app = app;
        _root = root;
        Logs = logs;
        Client = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            AllowAutoRedirect = false,

            // One connection: Kestrel finishes a request in full before it answers the next on the same connection, so
            // SettleAsync follows every check ContentGate makes after a response was sent.
            MaxConnectionsPerServer = 1,
        })
        {
            BaseAddress = address,
        };
    }

    public HttpClient Client { get; }

    public LogCapture Logs { get; }

    public IServiceProvider Services => _app.Services;

    public static Dictionary<string, string?> Configuration() => new()
    {
        ["ContentGate:MaxMind:DatabasePath"] = Database.Value,
        ["ContentGate:RegionSets:russia-controlled:0"] = "RU",
        ["ContentGate:RegionSets:russia-controlled:1"] = "UA-43",
        ["ContentGate:Policies:undesirable-organization:Regions:0"] = "russia-controlled",
        ["ContentGate:Policies:undesirable-organization:Paths:0"] = "/",
        ["ContentGate:Policies:undesirable-organization:ExcludePaths:0"] = "/api",
        ["ContentGate:Policies:undesirable-organization:ExcludePaths:1"] = "/css",
        ["ContentGate:Policies:undesirable-organization:Action"] = "Notice",
        ["ContentGate:Policies:undesirable-organization:Notice:Html"] = "<p>Sharing this page can be prosecuted where you are.</p>",
        ["ContentGate:Policies:kz-court-order:Regions:0"] = "KZ",
        ["ContentGate:Policies:kz-court-order:Paths:0"] = "/articles/restricted-in-kazakhstan",
        ["ContentGate:Policies:kz-court-order:Action"] = "Block",
        ["ContentGate:Policies:kz-court-order:Block:BlockedBy"] = "https://example.org/legal",
        ["ContentGate:Policies:kz-live-order:Regions:0"] = "KZ",
        ["ContentGate:Policies:kz-live-order:Paths:0"] = "/only-through-endpoint-metadata",
        ["ContentGate:Policies:kz-live-order:Action"] = "Block",
        ["ContentGate:Policies:kz-live-order:Block:BlockedBy"] = "https://example.org/legal",
    };

    public static async Task<ConformanceApp> StartAsync(AppKind kind, PipelineOrder order)
    {
        var root = Directory.CreateTempSubdirectory("contentgate-conformance-").FullName;
        WriteStaticFiles(Directory.CreateDirectory(Path.Combine(root, "wwwroot")).FullName, kind);

        var logs = new LogCapture();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ApplicationName = typeof(ConformanceApp).Assembly.GetName().Name,
            ContentRootPath = root,
            WebRootPath = Path.Combine(root, "wwwroot"),
        });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(Configuration());
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(logs);

        // The two lines of ContentGate, and what the app combines it with.
        builder.Services.AddContentGate(builder.Configuration.GetSection("ContentGate"));
        builder.Services.AddHealthChecks().AddContentGate();
        builder.Services.AddResponseCompression(o =>
        {
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });
        builder.Services.AddOutputCache(o => o.AddBasePolicy(p => p.Expire(TimeSpan.FromMinutes(5))));
        builder.Services.AddResponseCaching();
        switch (kind)
        {
            case AppKind.RazorPages:
                builder.Services.AddRazorPages();
                break;
            case AppKind.Mvc:
                builder.Services.AddControllersWithViews();
                break;
            case AppKind.BlazorStreaming:
                builder.Services.AddRazorComponents();
                break;
        }

        var app = builder.Build();
        foreach (var step in Steps(order))
        {
            Use(app, step, kind);
        }

        await app.StartAsync();
        return new ConformanceApp(app, root, logs, new Uri(app.Urls.First()));
    }

    /// <summary>The pipeline, as a list of steps in the order the app calls them.</summary>
    public static IReadOnlyList<string> Steps(PipelineOrder order)
    {
        var steps = new List<string> { "ForwardedHeaders", "ResponseCompression", "Routing", "ContentGate", "OutputCache", "ResponseCaching", "StaticFiles" };
        switch (order)
        {
            case PipelineOrder.ForwardedHeadersAfterContentGate:
                MoveAfter(steps, "ForwardedHeaders", "ContentGate");
                break;
            case PipelineOrder.CompressionAfterContentGate:
                MoveAfter(steps, "ResponseCompression", "ContentGate");
                break;
            case PipelineOrder.OutputCacheBeforeContentGate:
                MoveBefore(steps, "OutputCache", "ContentGate");
                break;
            case PipelineOrder.ResponseCachingBeforeContentGate:
                MoveBefore(steps, "ResponseCaching", "ContentGate");
                break;
            case PipelineOrder.RoutingAfterContentGate:
                MoveAfter(steps, "Routing", "ContentGate");
                break;
            case PipelineOrder.StaticFilesBeforeContentGate:
                MoveBefore(steps, "StaticFiles", "ContentGate");
                break;
        }

        steps.Add("Endpoints");
        return steps;
    }

    public Task<HttpResponseMessage> GetAsync(string path, string region, string? acceptEncoding = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", Readers.IPv4For(region).ToString());
        if (acceptEncoding is not null)
        {
            request.Headers.Add("Accept-Encoding", acceptEncoding);
        }

        return SendAndDisposeRequestAsync(request);
    }

    /// <summary>Returns once the server has finished every earlier request in full (see <see cref="Client"/>).</summary>
    public async Task SettleAsync()
    {
        using var response = await Client.GetAsync("/_contentgate/contentgate.css");
        await response.Content.ReadAsByteArrayAsync();
    }

    public async Task<HealthReportEntry> HealthAsync()
        => (await Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["contentgate"];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private async Task<HttpResponseMessage> SendAndDisposeRequestAsync(HttpRequestMessage request)
    {
        using (request)
        {
            return await Client.SendAsync(request);
        }
    }

    private static void MoveAfter(List<string> steps, string step, string anchor)
    {
        steps.Remove(step);
        steps.Insert(steps.IndexOf(anchor) + 1, step);
    }

    private static void MoveBefore(List<string> steps, string step, string anchor)
    {
        steps.Remove(step);
        steps.Insert(steps.IndexOf(anchor), step);
    }

    private static void Use(WebApplication app, string step, AppKind kind)
    {
        switch (step)
        {
            case "ForwardedHeaders":
                app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
                break;
            case "ResponseCompression":
                app.UseResponseCompression();
                break;
            case "Routing":
                app.UseRouting();
                break;
            case "ContentGate":
                app.UseContentGate();
                break;
            case "OutputCache":
                app.UseOutputCache();
                break;
            case "ResponseCaching":
                app.UseResponseCaching();
                break;
            case "StaticFiles":
                if (kind == AppKind.StaticSite)
                {
                    app.UseDefaultFiles();
                }

                app.UseStaticFiles();
                break;
            default:
                MapEndpoints(app, kind);
                break;
        }
    }

    private static void MapEndpoints(WebApplication app, AppKind kind)
    {
        // The site says its pages may be cached for a minute, as news sites do; ContentGate must keep region-dependent
        // ones out of shared caches all the same.
        app.Use((context, next) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=60";
            return next(context);
        });

        app.MapGet("/api/ping", () => Results.Json(new { rendered = Interlocked.Increment(ref s_renders) }));
        switch (kind)
        {
            case AppKind.RazorPages:
                app.MapRazorPages();
                break;
            case AppKind.Mvc:
                app.MapControllerRoute("default", "{controller=Home}/{action=Index}/{id?}");
                break;
            case AppKind.MinimalApi:
                app.MapGet("/", () => Results.Content(MinimalPage("Front page"), "text/html; charset=utf-8"));
                app.MapGet("/articles/restricted-in-kazakhstan", () => Results.Content(MinimalPage("Restricted article"), "text/html; charset=utf-8"));
                app.MapGet("/live", () => Results.Content(MinimalPage("Live coverage"), "text/html; charset=utf-8")).RequireRegionPolicy("kz-live-order");
                break;
            case AppKind.BlazorStreaming:
                app.UseAntiforgery();
                app.MapRazorComponents<App>();
                break;
        }
    }

    private static int s_renders;

    private static string MinimalPage(string title)
        => $"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body class=\"minimal\"><h1>{title}</h1></body></html>";

    private static void WriteStaticFiles(string webRoot, AppKind kind)
    {
        Directory.CreateDirectory(Path.Combine(webRoot, "css"));
        File.WriteAllText(Path.Combine(webRoot, "css", "site.css"), "body { font-family: serif; }\n");
        if (kind != AppKind.StaticSite)
        {
            return;
        }

        File.WriteAllText(Path.Combine(webRoot, "index.html"), MinimalPage("Front page"));
        var restricted = Directory.CreateDirectory(Path.Combine(webRoot, "articles", "restricted-in-kazakhstan")).FullName;
        File.WriteAllText(Path.Combine(restricted, "index.html"), MinimalPage("Restricted article"));
    }
}
