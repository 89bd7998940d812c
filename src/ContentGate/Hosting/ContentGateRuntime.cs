using ContentGate.Configuration;
using ContentGate.Diagnostics;
using ContentGate.Endpoints;
using ContentGate.Policies;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ContentGate.Hosting;

/// <summary>
/// Holds the compiled snapshot the middleware reads on every request, and swaps in a new one whole when the
/// configuration or an HTML file it was built from changes. An edit that does not compile is logged and ignored:
/// the last good snapshot keeps serving.
/// </summary>
internal sealed partial class ContentGateRuntime : IDisposable
{
    private readonly IOptionsMonitor<ContentGateOptions> _options;
    private readonly GateCompiler _compiler;
    private readonly ILogger _logger;
    private readonly Lock _reloadLock = new();
    private readonly Dictionary<string, PhysicalFileProvider> _providers = new(StringComparer.Ordinal);
    private readonly IDisposable? _optionsSubscription;
    private List<IDisposable> _fileSubscriptions = [];
    private volatile GateSnapshot _current;
    private bool _disposed;

    private readonly IServiceProvider _services;
    private readonly ContentGateMetrics _metrics;

    public ContentGateRuntime(IOptionsMonitor<ContentGateOptions> options, GateCompiler compiler, IServiceProvider services, ContentGateMetrics metrics, ILogger<ContentGateRuntime> logger)
    {
        _options = options;
        _metrics = metrics;
        _services = services;
        _compiler = compiler;
        _logger = logger;

        // At start-up an invalid configuration throws, so the host stops with the full list of problems.
        _current = compiler.Compile(options.CurrentValue);
        _fileSubscriptions = Watch(_current.WatchedFiles);
        _optionsSubscription = options.OnChange((changed, _) => Reload(changed, "configuration"));
    }

    public GateSnapshot Current => _current;

    /// <summary>Raised after a new snapshot is in place; for tests and diagnostics.</summary>
    public event Action<GateSnapshot>? Reloaded;

    private void Reload(ContentGateOptions options, string trigger)
    {
        List<IDisposable> replaced;
        lock (_reloadLock)
        {
            if (_disposed)
            {
                return;
            }

            if (!_compiler.TryCompile(options, out var snapshot, out var errors))
            {
                Log.ReloadRejected(_logger, trigger, string.Join(Environment.NewLine, errors));
                _metrics.ConfigurationReload(ContentGateMetrics.ReloadRejected);
                return;
            }

            // An edit that drops or renames a policy an endpoint names would silently leave that endpoint ungated.
            if (_services.GetService(typeof(EndpointDataSource)) is EndpointDataSource endpoints
                && ContentGateEndpointValidator.Validate(endpoints.Endpoints, snapshot) is { Count: > 0 } endpointErrors)
            {
                Log.ReloadRejected(_logger, trigger, string.Join(Environment.NewLine, endpointErrors));
                _metrics.ConfigurationReload(ContentGateMetrics.ReloadRejected);
                return;
            }

            var previous = _current;
            _current = snapshot;
            replaced = _fileSubscriptions;
            _fileSubscriptions = Watch(snapshot.WatchedFiles);
            RetireLater(previous);
            Log.Reloaded(_logger, trigger, snapshot.Policies.All.Length);
            _metrics.ConfigurationReload(ContentGateMetrics.ReloadAccepted);
        }

        // Outside the lock: disposing a file subscription waits for its callback if that is running, and the callback
        // (a reload of its own, for another file changed at the same moment) may be waiting for the lock.
        DisposeAll(replaced);
        Reloaded?.Invoke(_current);
    }

    /// <summary>Watches <paramref name="files"/>, each change reloading; returns the subscriptions.</summary>
    private List<IDisposable> Watch(IReadOnlyList<string> files)
    {
        var subscriptions = new List<IDisposable>();
        foreach (var file in files)
        {
            var directory = Path.GetDirectoryName(file);
            if (directory is null || !Directory.Exists(directory))
            {
                continue;
            }

            if (!_providers.TryGetValue(directory, out var provider))
            {
                provider = new PhysicalFileProvider(directory);
                _providers[directory] = provider;
            }

            var name = Path.GetFileName(file);
            subscriptions.Add(ChangeToken.OnChange(() => provider.Watch(name), () => Reload(_options.CurrentValue, "file " + name)));
        }

        return subscriptions;
    }

    private static void DisposeAll(IEnumerable<IDisposable> disposables)
    {
        foreach (var disposable in disposables)
        {
            disposable.Dispose();
        }
    }

    /// <summary>
    /// Disposes the sources of a replaced snapshot (HTTP clients, Redis connections) once requests that started
    /// on it have surely finished; requests hold the snapshot, not a lease, so a generous grace period is used.
    /// </summary>
    private static void RetireLater(GateSnapshot previous)
    {
        var disposable = previous.Resolver.Sources.OfType<IDisposable>().ToArray();
        if (disposable.Length == 0)
        {
            return;
        }

        _ = Task.Delay(RetireAfter).ContinueWith(
            _ =>
            {
                foreach (var source in disposable)
                {
                    source.Dispose();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static readonly TimeSpan RetireAfter = TimeSpan.FromMinutes(2);

    public void Dispose()
    {
        // Marked under the lock, so that no reload starts after it; disposed outside it, for the reason Reload gives.
        List<IDisposable> subscriptions;
        lock (_reloadLock)
        {
            _disposed = true;
            subscriptions = _fileSubscriptions;
            _fileSubscriptions = [];
        }

        _optionsSubscription?.Dispose();
        DisposeAll(subscriptions);
        DisposeAll(_providers.Values);
        DisposeAll(_current.Resolver.Sources.OfType<IDisposable>());
    }

    private static partial class Log
    {
        [LoggerMessage(30, LogLevel.Information, "ContentGate reloaded after a {Trigger} change: {PolicyCount} policies active.", EventName = "Reloaded")]
        public static partial void Reloaded(ILogger logger, string trigger, int policyCount);

        [LoggerMessage(31, LogLevel.Error, "ContentGate ignored a {Trigger} change that does not validate; the previous policies stay active. Problems:\n{Problems}", EventName = "ReloadRejected")]
        public static partial void ReloadRejected(ILogger logger, string trigger, string problems);
    }
}
