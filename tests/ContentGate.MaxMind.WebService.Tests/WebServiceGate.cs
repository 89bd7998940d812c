using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using ContentGate.Regions;
using ContentGate.Sources;
using ContentGate.Testing;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContentGate.MaxMind.WebService.Tests;

/// <summary>
/// An app as a user writes it (a real pipeline on TestServer): <c>AddContentGate(…).AddMaxMindWebService()</c>, the
/// web service at the fake as its only region source, the contract's policies; plus what the tests read: the source,
/// its lookup outcomes as the meter counts them, the health report, and the logs.
/// </summary>
internal sealed class WebServiceGate : IAsyncDisposable
{
    public const string Notice = "<p>Warning for visitors in Russia-controlled regions.</p>";
    public const string Page = "<!DOCTYPE html><html><head><title>Article</title></head><body><h1>Headline</h1></body></html>";

    private readonly IHost _host;
    private readonly MeterListener _listener;
    private readonly ConcurrentQueue<string> _outcomes;

    private WebServiceGate(IHost host, LogCapture logs, MeterListener listener, ConcurrentQueue<string> outcomes)
    {
        _host = host;
        Logs = logs;
        _listener = listener;
        _outcomes = outcomes;
        Client = host.GetTestClient();
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>The source the configuration compiled to (the factory's latest).</summary>
    public MaxMindWebServiceSource Source
        => ((MaxMindWebServiceSourceFactory)Services.GetRequiredKeyedService<IRegionSourceFactory>("MaxMindWebService")).Latest!;

    /// <summary>The <c>contentgate.region.outcome</c> of every lookup the web-service source answered.</summary>
    public IReadOnlyCollection<string> Outcomes => _outcomes;

    public LogCapture Logs { get; }

    /// <summary>The contract's policies with the web service as the only source; timeouts generous unless a test changes them.</summary>
    public static Dictionary<string, string?> Configuration(FakeMaxMindWebService fake)
    {
        var config = new Dictionary<string, string?>
        {
            ["ContentGate:Sources:0:Type"] = "MaxMindWebService",
            ["ContentGate:Sources:0:AccountId"] = FakeMaxMindWebService.AccountId.ToString(CultureInfo.InvariantCulture),
            ["ContentGate:Sources:0:LicenseKey"] = FakeMaxMindWebService.LicenseKey,
            ["ContentGate:Sources:0:Host"] = fake.Host,
            ["ContentGate:Sources:0:Timeout"] = "00:00:05",
            ["ContentGate:Policies:undesirable-organization:Regions:0"] = "russia-controlled",
            ["ContentGate:Policies:undesirable-organization:Action"] = "Notice",
            ["ContentGate:Policies:undesirable-organization:Notice:Html"] = Notice,
            ["ContentGate:Policies:kz-court-order:Regions:0"] = "KZ",
            ["ContentGate:Policies:kz-court-order:Paths:0"] = "/articles/restricted-in-kazakhstan",
            ["ContentGate:Policies:kz-court-order:Action"] = "Block",
            ["ContentGate:Policies:kz-court-order:Block:BlockedBy"] = "https://example.org/legal",
        };
        string[] russiaControlled = ["RU", "UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65"];
        for (var i = 0; i < russiaControlled.Length; i++)
        {
            config[$"ContentGate:RegionSets:russia-controlled:{i}"] = russiaControlled[i];
        }

        return config;
    }

    /// <summary>Builds the app without starting it, for tests that expect start-up to fail.</summary>
    public static IHost Build(Dictionary<string, string?> configuration, Action<IServiceCollection>? services, LogCapture logs)
        => new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureAppConfiguration(c => c.AddInMemoryCollection(configuration))
                .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
                .ConfigureServices((context, s) =>
                {
                    s.AddRouting();
                    s.AddHealthChecks().AddContentGate();
                    s.AddContentGateVisitorSimulation();
                    s.AddContentGate(context.Configuration.GetSection("ContentGate")).AddMaxMindWebService();
                    services?.Invoke(s);
                })
                .Configure(app =>
                {
                    app.UseRouting();
                    app.UseContentGate();
                    app.UseEndpoints(e =>
                    {
                        e.MapGet("/region", (HttpContext context) =>
                        {
                            var feature = context.Features.Get<IRegionFeature>()!;
                            return $"{feature.Region}|{feature.Source}|{feature.UnknownReason}";
                        });
                        e.MapGet("/", () => Results.Content(Page, "text/html"));
                        e.MapGet("/articles/restricted-in-kazakhstan", () => Results.Content(Page, "text/html"));
                    });
                }))
            .Build();

    public static async Task<WebServiceGate> StartAsync(Dictionary<string, string?> configuration, Action<IServiceCollection>? services = null)
    {
        var logs = new LogCapture();
        var host = Build(configuration, services, logs);
        await host.StartAsync();
        var outcomes = new ConcurrentQueue<string>();
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "ContentGate" && ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == "contentgate.region.lookups")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            string? source = null, outcome = null;
            foreach (var tag in tags)
            {
                source = tag.Key == "contentgate.region.source" ? tag.Value as string : source;
                outcome = tag.Key == "contentgate.region.outcome" ? tag.Value as string : outcome;
            }

            if (source == WebServiceDefaults.SourceName && outcome is not null)
            {
                outcomes.Enqueue(outcome);
            }
        });
        listener.Start();
        return new WebServiceGate(host, logs, listener, outcomes);
    }

    public async Task<HttpResponseMessage> GetAsync(string path, IPAddress visitor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path).FromVisitor(visitor);
        return await Client.SendAsync(request);
    }

    /// <summary>What <c>/region</c> reports: <c>region|source|reason</c>.</summary>
    public async Task<string> RegionAsync(IPAddress visitor)
    {
        using var response = await GetAsync("/region", visitor);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The ContentGate health check's report, as <c>/healthz</c> would give it.</summary>
    public async Task<HealthReportEntry> HealthAsync()
        => (await Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries.Single().Value;

    /// <summary>Asserts that no log entry, rendered with its structured values, names a visitor address.</summary>
    public void AssertNoAddressLogged()
    {
        foreach (var entry in Logs.Entries)
        {
            var text = entry.ToString();
            foreach (var range in new[] { "203.0.113.", "198.51.100.", "192.0.2.", "2001:db8" })
            {
                Assert.False(text.Contains(range, StringComparison.OrdinalIgnoreCase), $"A log entry names a visitor address: {text}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        Client.Dispose();
        await _host.StopAsync();
        _host.Dispose();
    }

    /// <summary>Waits for a condition the source reaches in the background (a breaker's timer, a cache write).</summary>
    public static Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
        => WaitUntilAsync(() => Task.FromResult(condition()), what, timeout);

    /// <summary>Waits for a condition that takes a request to observe.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(10);
        }
    }
}
