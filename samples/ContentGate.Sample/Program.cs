using ContentGate.Sample;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using OpenTelemetry.Metrics;

if (args is ["write-demo-database", var demoPath])
{
    // Rebuilds the embedded demo database from DemoDatabase.cs; see the README for its ranges.
    DemoDatabase.Write(demoPath);
    Console.WriteLine($"Wrote {Path.GetFullPath(demoPath)}");
    return;
}

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorPages();

// Line 1 of 2: every rule lives in appsettings.json under "ContentGate". AddMaxMindWebService lets a source entry
// name the MaxMind web service (appsettings.WebService.json); without such an entry it does nothing.
builder.Services.AddContentGate().AddMaxMindWebService();

// Operations: database age, reload and web-service state at /healthz; the ContentGate meter at /metrics.
builder.Services.AddHealthChecks().AddContentGate();
builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter("ContentGate").AddPrometheusExporter());

var app = builder.Build();

if (app.Environment.IsDevelopment())
{
    // Development only: trust X-Forwarded-For from loopback (the framework's default known proxies), so
    //   curl -H 'X-Forwarded-For: 203.0.113.1' http://localhost:5000/
    // shows what a visitor from that address sees. In production list your real proxies or CDN ranges
    // in KnownProxies / KnownIPNetworks instead; ContentGate never reads forwarding headers itself.
    app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor });
}
else
{
    app.UseExceptionHandler("/Error");
}

app.UseStaticFiles();

// Line 2 of 2: after forwarded headers, before the pages it acts on.
app.UseContentGate();

app.MapRazorPages();

app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
app.MapPrometheusScrapingEndpoint("/metrics");

// An HTML widget other sites embed in an iframe: the host page is responsible for its own notices.
app.MapGet("/embed/latest", () => Results.Content(
    "<!DOCTYPE html><html lang=\"en\"><head><title>Latest</title></head><body><a href=\"/\" target=\"_top\">What the river port ledgers show</a></body></html>",
    "text/html")).SkipContentGate();

app.MapGet("/api/articles", () => Results.Ok(new[]
{
    new { slug = "river-port", title = "What the river port ledgers show" },
    new { slug = "restricted-in-kazakhstan", title = "The grain contracts" },
}));

app.Run();

/// <summary>Lets tests start the sample with WebApplicationFactory-style hosting.</summary>
public partial class Program;
