using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ContentGate.Benchmarks;

/// <summary>
/// One request through a real in-process pipeline (ApplicationBuilder on the services of a started host, the
/// middleware resolved as UseContentGate resolves it), a 10 KB HTML page or a 1 KB JSON document, on a
/// <see cref="BenchmarkConnection"/> (the server's side, shaped like Kestrel's). No network: the figures are
/// ContentGate's own cost plus the page write.
/// </summary>
/// <remarks>
/// <see cref="Connection"/> says how each request's context is made, for every row alike:
/// <list type="bullet">
/// <item><description><see cref="ConnectionReuse.Reused"/>: as Kestrel does on a keep-alive connection, one
/// connection object (feature storage, header dictionaries, <c>OnStarting</c> stack, body) and one
/// <see cref="DefaultHttpContext"/> (<c>Initialize</c>/<c>Uninitialize</c>) serve every request.</description></item>
/// <item><description><see cref="ConnectionReuse.Fresh"/>: a new connection object and a new
/// <see cref="DefaultHttpContext"/> per request, as a server that pools nothing (TestServer): every feature set during
/// the request grows a new collection.</description></item>
/// </list>
/// </remarks>
[MemoryDiagnoser]
public class MiddlewareBenchmarks
{
    private static readonly byte[] s_page = BuildPage();
    private static readonly byte[] s_json = BuildJson();
    private IHost _host = null!;
    private RequestDelegate _without = null!;
    private RequestDelegate _with = null!;
    private BenchmarkConnection _connection = new();
    private DefaultHttpContext _context = null!;

    private static readonly IPAddress s_russia = IPAddress.Parse("20.0.0.7");
    private static readonly IPAddress s_germany = IPAddress.Parse("20.0.1.7");
    private static readonly IPAddress s_kazakhstan = IPAddress.Parse("20.0.2.7");

    /// <summary>How each request's context is made (see the remarks on the class).</summary>
    public enum ConnectionReuse
    {
        Reused,
        Fresh,
    }

    [Params(ConnectionReuse.Reused, ConnectionReuse.Fresh)]
    public ConnectionReuse Connection { get; set; } = ConnectionReuse.Reused;

    [GlobalSetup]
    public void Setup()
    {
        var config = new Dictionary<string, string?>
        {
            ["ContentGate:MaxMind:DatabasePath"] = BenchmarkDatabase.Small(),
            ["ContentGate:RegionSets:russia-controlled:0"] = "RU",
            ["ContentGate:RegionSets:russia-controlled:1"] = "UA-43",
            ["ContentGate:RegionSets:russia-controlled:2"] = "UA-40",
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
        _host = BenchmarkHost.Start(config);

        var without = new ApplicationBuilder(_host.Services);
        without.Run(Write);
        _without = without.Build();

        // As the host builds an app's pipeline: the registered startup filters (AddContentGate's bypass detector
        // among them) wrap what the app configures.
        var with = new ApplicationBuilder(_host.Services);
        Action<IApplicationBuilder> configure = app =>
        {
            app.UseContentGate();
            app.Run(Write);
        };
        foreach (var filter in _host.Services.GetServices<IStartupFilter>().Reverse())
        {
            configure = filter.Configure(configure);
        }

        configure(with);
        _with = with.Build();

        _connection = new BenchmarkConnection();
        _context = new DefaultHttpContext(_connection);
        _context.Uninitialize();

        // Each row must take the path it is named after; the cache headers show which one the middleware took.
        Check(nameof(NoContentGate), NoContentGate(), s_page, injected: false, cacheControl: null);
        Check(nameof(NotMatched), NotMatched(), s_page, injected: false, cacheControl: "private");
        Check(nameof(NoticeInjected), NoticeInjected(), s_page, injected: true, cacheControl: "private");
        Check(nameof(NoContentGate_Json), NoContentGate_Json(), s_json, injected: false, cacheControl: null);
        Check(nameof(NotMatched_Json), NotMatched_Json(), s_json, injected: false, cacheControl: null);
        Check(nameof(Matched_Json), Matched_Json(), s_json, injected: false, cacheControl: null);
        if (Blocked() != 451)
        {
            throw new InvalidOperationException("The Kazakhstan request was not blocked.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _host.Dispose();

    /// <summary>The HTML page without ContentGate in the pipeline.</summary>
    [Benchmark(Baseline = true)]
    public long NoContentGate() => Run(_without, s_russia, "/", Html);

    /// <summary>A visitor in DE on a path the notice policy covers: not matched, the page gets the cache rules.</summary>
    [Benchmark]
    public long NotMatched() => Run(_with, s_germany, "/", Html);

    /// <summary>A visitor in RU on the same path: the notice is inserted.</summary>
    [Benchmark]
    public long NoticeInjected() => Run(_with, s_russia, "/", Html);

    /// <summary>A visitor in KZ on the blocked article: the 451 page.</summary>
    [Benchmark]
    public long Blocked()
    {
        Run(_with, s_kazakhstan, "/articles/restricted-in-kazakhstan", Html);
        return _lastStatus;
    }

    /// <summary>A JSON document on a covered path, without ContentGate in the pipeline.</summary>
    [Benchmark]
    public long NoContentGate_Json() => Run(_without, s_russia, "/data.json", Json);

    /// <summary>A JSON document on a covered path for the visitor in DE: passed through, no cache rules.</summary>
    [Benchmark]
    public long NotMatched_Json() => Run(_with, s_germany, "/data.json", Json);

    /// <summary>A JSON document on a covered path for the visitor in RU: passed through untouched (not HTML).</summary>
    [Benchmark]
    public long Matched_Json() => Run(_with, s_russia, "/data.json", Json);

    private const string Html = "text/html";
    private const string Json = "application/json";

    private int _lastStatus;
    private string? _lastCacheControl;

    private long Run(RequestDelegate pipeline, IPAddress visitor, string path, string accept)
    {
        BenchmarkConnection connection;
        DefaultHttpContext context;
        if (Connection == ConnectionReuse.Reused)
        {
            // HttpProtocol.Reset, then HostingApplication.CreateContext reusing the connection's context.
            connection = _connection;
            connection.Reset();
            context = _context;
            context.Initialize(connection);
        }
        else
        {
            connection = new BenchmarkConnection();
            context = new DefaultHttpContext(connection);
        }

        connection.Path = path;
        connection.RawTarget = path;
        connection.RemoteIpAddress = visitor;
        connection.RequestHeaders.Host = "news.example";
        connection.RequestHeaders.Accept = accept;
        context.RequestServices = _host.Services;
        var running = pipeline(context);
        if (!running.IsCompletedSuccessfully)
        {
            running.GetAwaiter().GetResult();
        }

        connection.EndAsync().GetAwaiter().GetResult();
        _lastStatus = connection.StatusCode;
        _lastCacheControl = connection.ResponseHeaders.CacheControl;
        if (Connection == ConnectionReuse.Reused)
        {
            context.Uninitialize();
        }

        return connection.BytesWritten;
    }

    private void Check(string row, long bytes, byte[] document, bool injected, string? cacheControl)
    {
        if ((bytes > document.Length) != injected || (!injected && bytes != document.Length) || _lastCacheControl != cacheControl)
        {
            throw new InvalidOperationException($"{row}: expected injected={injected} and Cache-Control {cacheControl ?? "(none)"}; wrote {bytes} of {document.Length} bytes, Cache-Control {_lastCacheControl ?? "(none)"}.");
        }
    }

    private static Task Write(HttpContext context)
    {
        if (context.Request.Path.Value!.EndsWith(".json", StringComparison.Ordinal))
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            return context.Response.Body.WriteAsync(s_json).AsTask();
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.Body.WriteAsync(s_page).AsTask();
    }

    private static byte[] BuildJson()
    {
        var json = new StringBuilder("{\"items\":[");
        for (var i = 0; json.Length < 1024; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"id\":").Append(i).Append(",\"title\":\"Headline <body> ").Append(i).Append("\"}");
        }

        return Encoding.UTF8.GetBytes(json.Append("]}").ToString());
    }

    private static byte[] BuildPage()
    {
        var html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>Article</title></head>\n<body class=\"article\">\n<h1>Headline</h1>\n");
        while (html.Length < 10 * 1024)
        {
            html.Append("<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p>\n");
        }

        html.Append("</body>\n</html>\n");
        return Encoding.UTF8.GetBytes(html.ToString());
    }
}
