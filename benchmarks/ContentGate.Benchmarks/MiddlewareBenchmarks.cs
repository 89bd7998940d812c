using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;

namespace ContentGate.Benchmarks;

/// <summary>
/// One request through a real in-process pipeline (ApplicationBuilder on the services of a started host, the
/// middleware resolved as UseContentGate resolves it), a 10 KB HTML page, a counting response body. No network,
/// no server: the figures are ContentGate's own cost plus the page write.
/// </summary>
[MemoryDiagnoser]
public class MiddlewareBenchmarks
{
    private static readonly byte[] s_page = BuildPage();
    private IHost _host = null!;
    private RequestDelegate _without = null!;
    private RequestDelegate _with = null!;
    private readonly CountingResponseBody _sink = new();

    private static readonly IPAddress s_russia = IPAddress.Parse("20.0.0.7");
    private static readonly IPAddress s_germany = IPAddress.Parse("20.0.1.7");
    private static readonly IPAddress s_kazakhstan = IPAddress.Parse("20.0.2.7");

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
        without.Run(WritePage);
        _without = without.Build();

        var with = new ApplicationBuilder(_host.Services);
        with.UseContentGate();
        with.Run(WritePage);
        _with = with.Build();

        Check(NoContentGate(), expectInjected: false);
        Check(NotMatched(), expectInjected: false);
        Check(NoticeInjected(), expectInjected: true);
        if (Blocked() != 451)
        {
            throw new InvalidOperationException("The Kazakhstan request was not blocked.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _host.Dispose();

    [Benchmark(Baseline = true)]
    public long NoContentGate() => Run(_without, s_russia, "/").GetAwaiter().GetResult();

    [Benchmark]
    public long NotMatched() => Run(_with, s_germany, "/").GetAwaiter().GetResult();

    [Benchmark]
    public long NoticeInjected() => Run(_with, s_russia, "/").GetAwaiter().GetResult();

    [Benchmark]
    public long Blocked()
    {
        Run(_with, s_kazakhstan, "/articles/restricted-in-kazakhstan").GetAwaiter().GetResult();
        return _lastStatus;
    }

    private int _lastStatus;

    private async Task<long> Run(RequestDelegate pipeline, IPAddress visitor, string path)
    {
        _sink.BytesWritten = 0;
        var context = new DefaultHttpContext { RequestServices = _host.Services };
        context.Features.Set<IHttpResponseBodyFeature>(_sink);
        context.Request.Method = HttpMethods.Get;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("news.example");
        context.Request.Path = path;
        context.Request.Headers.Accept = "text/html";
        context.Connection.RemoteIpAddress = visitor;
        await pipeline(context);
        _lastStatus = context.Response.StatusCode;
        return _sink.BytesWritten;
    }

    private void Check(long bytes, bool expectInjected)
    {
        if ((bytes > s_page.Length) != expectInjected)
        {
            throw new InvalidOperationException($"Expected injected={expectInjected}, wrote {bytes} of a {s_page.Length}-byte page.");
        }
    }

    private static Task WritePage(HttpContext context)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.Body.WriteAsync(s_page).AsTask();
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
