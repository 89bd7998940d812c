using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using ContentGate.Hosting;
using ContentGate.Sources;
using ContentGate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ContentGate.Tests.Sources.WebService;

/// <summary>
/// A ContentGate app (a real pipeline on TestServer) whose only region source is the MaxMind web service at the fake,
/// with the contract's policies; plus what the tests read: the source, its lookup outcomes as the meter counts them,
/// and the logs.
/// </summary>
internal sealed class WebServiceGate : IAsyncDisposable
{
    private readonly MeterListener _listener;
    private readonly ConcurrentQueue<string> _outcomes;

    private WebServiceGate(GateServer server, MeterListener listener, ConcurrentQueue<string> outcomes)
    {
        Server = server;
        _listener = listener;
        _outcomes = outcomes;
        Source = server.Services.GetRequiredService<ContentGateRuntime>().Current.Resolver.Sources.OfType<MaxMindWebServiceSource>().Single();
    }

    public GateServer Server { get; }

    public MaxMindWebServiceSource Source { get; }

    /// <summary>The <c>contentgate.region.outcome</c> of every lookup the web-service source answered.</summary>
    public IReadOnlyCollection<string> Outcomes => _outcomes;

    public LogCapture Logs => Server.Logs;

    /// <summary>The contract's policies with the web service as the only source; timeouts generous unless a test changes them.</summary>
    public static Dictionary<string, string?> Configuration(FakeMaxMindWebService fake)
    {
        var config = GateServer.ContractConfiguration();
        config.Remove("ContentGate:MaxMind:DatabasePath");
        config["ContentGate:Sources:0:Type"] = "MaxMindWebService";
        config["ContentGate:Sources:0:AccountId"] = FakeMaxMindWebService.AccountId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        config["ContentGate:Sources:0:LicenseKey"] = FakeMaxMindWebService.LicenseKey;
        config["ContentGate:Sources:0:Host"] = fake.Host;
        config["ContentGate:Sources:0:Timeout"] = "00:00:05";
        return config;
    }

    public static async Task<WebServiceGate> StartAsync(Dictionary<string, string?> configuration, Action<IServiceCollection>? services = null)
    {
        var outcomes = new ConcurrentQueue<string>();
        var server = await GateServer.StartAsync(configuration, services: services);
        var factory = server.Services.GetRequiredService<IMeterFactory>();
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

            if (source == MaxMindWebServiceSource.SourceName && outcome is not null)
            {
                outcomes.Enqueue(outcome);
            }
        });
        listener.Start();
        return new WebServiceGate(server, listener, outcomes);
    }

    /// <summary>What <c>/region</c> reports: <c>region|source|reason</c>.</summary>
    public async Task<string> RegionAsync(IPAddress visitor)
    {
        using var response = await Server.GetAsync("/region", visitor);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

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
        await Server.DisposeAsync();

        // The runtime does not dispose the sources of its snapshots (yet): release the HTTP client and cache here.
        Source.Dispose();
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
