using System.Diagnostics.Metrics;
using ContentGate.Configuration;
using ContentGate.Diagnostics;
using ContentGate.Hosting;
using ContentGate.MaxMind;
using ContentGate.Policies;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using NSubstitute;

namespace ContentGate.Tests.Hosting;

/// <summary>
/// Two watched files changed while a reload is running: the second file's notification waits for the reload, and the
/// reload replaces that file's subscription. Disposing a subscription waits for its running callback, so a reload
/// that did so while holding its lock waited for a callback that waited for it (seen once as a hung test run).
/// </summary>
public sealed class ContentGateRuntimeReloadTests
{
    [Fact]
    public async Task SecondFileChangedDuringAReload_BothReloadsFinishAndTheRuntimeStops()
    {
        var first = Fixtures.TempFile("first-notice.html");
        var second = Fixtures.TempFile("second-notice.html");
        await File.WriteAllTextAsync(first, "<p>first 1</p>");
        await File.WriteAllTextAsync(second, "<p>second 1</p>");
        var options = new ContentGateOptions();
        options.MaxMind.DatabasePath = Fixtures.CityDatabasePath;
        options.RegionSets["russia-controlled"] = [.. Fixtures.RussiaControlled];
        foreach (var (name, file) in new[] { ("first", first), ("second", second) })
        {
            var policy = new PolicyOptions { Action = PolicyAction.Notice };
            policy.Regions.Add("russia-controlled");
            policy.Paths.Add("/" + name);
            policy.Notice.HtmlFile = file;
            options.Policies[name] = policy;
        }

        var monitor = Substitute.For<IOptionsMonitor<ContentGateOptions>>();
        monitor.CurrentValue.Returns(options);
        using var endpoints = new BlockingEndpoints();
        var services = Substitute.For<IServiceProvider>();
        services.GetService(typeof(EndpointDataSource)).Returns(endpoints);
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        var metrics = new ContentGateMetrics(meters);
        var runtime = new ContentGateRuntime(
            monitor, new GateCompiler(new MaxMindDatabaseCache(), metrics, NullLoggerFactory.Instance), services, metrics, NullLogger<ContentGateRuntime>.Instance);
        var reloads = 0;
        var both = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        runtime.Reloaded += _ =>
        {
            if (Interlocked.Increment(ref reloads) == 2)
            {
                both.TrySetResult();
            }
        };

        // The first file's reload stops inside its lock (reading the app's endpoints) until the test lets it go.
        endpoints.HoldNextRead();
        await File.WriteAllTextAsync(first, "<p>first 2</p>");
        await endpoints.Held.WaitAsync(TimeSpan.FromSeconds(30));

        // The second file's notification now runs and waits for the lock. Nothing tells when it has got there; the
        // pause gives it the time (were it not there yet, the test would pass without the race, never fail falsely).
        await File.WriteAllTextAsync(second, "<p>second 2</p>");
        await Task.Delay(TimeSpan.FromSeconds(1));
        endpoints.Release();

        // Bounds on a hang, not measures of speed.
        await both.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Run(runtime.Dispose).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(Volatile.Read(ref reloads) >= 2);
    }

    private sealed class BlockingEndpoints : EndpointDataSource, IDisposable
    {
        private readonly ManualResetEventSlim _release = new(initialState: true);
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _hold;

        public Task Held => _held.Task;

        public override IReadOnlyList<Endpoint> Endpoints
        {
            get
            {
                if (Interlocked.Exchange(ref _hold, 0) == 1)
                {
                    _held.TrySetResult();
                    _release.Wait();
                }

                return [];
            }
        }

        public void HoldNextRead()
        {
            _release.Reset();
            _hold = 1;
        }

        public void Release() => _release.Set();

        public void Dispose() => _release.Dispose();

        public override IChangeToken GetChangeToken() => new CancellationChangeToken(CancellationToken.None);
    }
}
