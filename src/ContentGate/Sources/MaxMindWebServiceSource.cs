using System.Collections.Concurrent;
using System.Net;
using ContentGate.Regions;
using ContentGate.Sources.WebService;
using MaxMind.GeoIP2.Exceptions;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContentGate.Sources;

/// <summary>
/// Looks the client address up in MaxMind's GeoIP web service (Country, City or Insights), for apps without a local
/// database. Built so that the service's cost and outages do not reach visitors:
/// <list type="bullet">
/// <item>answers, including "no country" and "not found", are cached per address (Redis, the app's
/// <see cref="IDistributedCache"/>, or memory) for <c>CacheDuration</c>;</item>
/// <item>concurrent lookups of one address share one call;</item>
/// <item>each call is cancelled after <c>Timeout</c>, and after <c>BreakerFailures</c> consecutive failures a circuit
/// breaker answers <c>circuit_open</c> at once for <c>BreakerDuration</c>, then lets one trial call through.</item>
/// </list>
/// A failure is an answer (<see cref="RegionUnknownReason.LookupFailed"/>), never an exception: each policy's fail mode
/// applies.
/// </summary>
internal sealed partial class MaxMindWebServiceSource : RegionSource, IRegionSourceHealth, IDisposable
{
    public const string SourceName = "maxmind-web-service";

    private readonly WebServiceLookup _lookup;
    private readonly AnswerCache _cache;
    private readonly CircuitBreaker _breaker;
    private readonly ILogger _logger;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _breakerDuration;
    private readonly CancellationTokenSource _disposed = new();

    // One pending lookup per address. The entry is removed once the answer is cached, so a request arriving
    // between the answer and the cache write joins the finished lookup instead of calling again.
    private readonly ConcurrentDictionary<IPAddress, Task<RegionAnswer>> _inFlight = new();

    // Account problems are logged once per outage (until a call succeeds), not once per visitor.
    private int _accountProblemLogged;

    private MaxMindWebServiceSource(WebServiceSettings settings, AnswerCache cache, ILogger logger, TimeProvider time)
    {
        Settings = settings;
        _lookup = new WebServiceLookup(settings);
        _cache = cache;
        _breaker = new CircuitBreaker(settings.BreakerFailures, settings.BreakerDuration, time);
        _logger = logger;
        _timeout = settings.Timeout;
        _breakerDuration = settings.BreakerDuration;
    }

    public override string Name => SourceName;

    public override bool UsesClientAddress => true;

    public WebServiceSettings Settings { get; }

    /// <summary>The breaker, the last success and failure, and the cache, for health checks. Never holds an address.</summary>
    internal WebServiceHealth Health => _breaker.Snapshot(new WebServiceHealth
    {
        Cache = _cache.Kind,
        CacheAvailable = _cache.Available,
        CacheFailures = _cache.Failures,
        CacheLastFailureUtc = _cache.LastFailureUtc,
    });

    /// <summary>The breaker and cache state as the ContentGate health check reports it (Degraded while the breaker is open).</summary>
    public RegionSourceHealth GetHealth() => WebServiceHealthReport.Create(Health, Settings);

    /// <summary>Lookups waiting on the web service right now; for tests.</summary>
    internal int PendingLookups => _inFlight.Count;

    /// <summary>
    /// Validates a <c>ContentGate:Sources</c> entry of type <c>MaxMindWebService</c> and creates the source, or adds a
    /// problem for each mistake and returns <see langword="null"/>.
    /// </summary>
    public static RegionSource? TryCreate(RegionSourceOptions options, string key, SourceServices services, List<string> problems)
    {
        if (WebServiceSettings.TryCreate(options, key, problems) is not { } settings)
        {
            return null;
        }

        // Creating the source does no I/O: the HTTP client and Redis connect on first use, so a snapshot that is
        // compiled and then discarded costs nothing, and a Redis server that is down at start-up does not stop the app.
        var time = services.Services.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
        var logger = services.LoggerFactory.CreateLogger<MaxMindWebServiceSource>();
        var cache = CreateCache(settings, services.Services, time, logger);
        return new MaxMindWebServiceSource(settings, cache, logger, time);
    }

    private static AnswerCache CreateCache(WebServiceSettings settings, IServiceProvider services, TimeProvider time, ILogger logger)
    {
        AnswerCache Create(IDistributedCache cache, AnswerCacheKind kind, IDisposable? owned)
            => new(cache, kind, owned, settings.Service, settings.CacheDuration, settings.Timeout, settings.BreakerDuration, time, logger);

        if (settings.Redis is { } redis)
        {
            var cache = new RedisCache(Options.Create(new RedisCacheOptions { ConfigurationOptions = redis.Clone() }));
            return Create(cache, AnswerCacheKind.Redis, cache);
        }

        if (services.GetService(typeof(IDistributedCache)) is IDistributedCache app)
        {
            return Create(app, AnswerCacheKind.Distributed, null);
        }

        var memory = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions { SizeLimit = WebServiceDefaults.MemoryCacheSizeLimit }));
        return Create(memory, AnswerCacheKind.Memory, null);
    }

    public override ValueTask<RegionAnswer> LookupAsync(RegionQuery query, CancellationToken cancellationToken)
    {
        var address = query.ClientAddress!;
        if (_inFlight.TryGetValue(address, out var pending))
        {
            return WaitAsync(pending, cancellationToken);
        }

        var key = _cache.KeyFor(address);
        var cached = _cache.TryGetAsync(key);
        if (cached.IsCompletedSuccessfully)
        {
            return cached.Result is { } answer ? new ValueTask<RegionAnswer>(answer) : Miss(address, key, cancellationToken);
        }

        return AwaitCacheAsync(cached, address, key, cancellationToken);
    }

    private async ValueTask<RegionAnswer> AwaitCacheAsync(ValueTask<RegionAnswer?> cached, IPAddress address, string key, CancellationToken cancellationToken)
        => await cached.ConfigureAwait(false) is { } answer ? answer : await Miss(address, key, cancellationToken).ConfigureAwait(false);

    /// <summary>Joins the lookup already running for the address, or starts it.</summary>
    private ValueTask<RegionAnswer> Miss(IPAddress address, string key, CancellationToken cancellationToken)
    {
        var mine = new TaskCompletionSource<RegionAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shared = _inFlight.GetOrAdd(address, mine.Task);
        if (shared == mine.Task)
        {
            _ = LeadAsync(address, key, mine);
        }

        return WaitAsync(shared, cancellationToken);
    }

    private static ValueTask<RegionAnswer> WaitAsync(Task<RegionAnswer> shared, CancellationToken cancellationToken)
        => shared.IsCompletedSuccessfully ? new ValueTask<RegionAnswer>(shared.Result) : WaitSlowAsync(shared, cancellationToken);

    // A visitor who goes away stops waiting; the shared call goes on for the others and for the cache.
    private static async ValueTask<RegionAnswer> WaitSlowAsync(Task<RegionAnswer> shared, CancellationToken cancellationToken)
    {
        try
        {
            return await shared.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return RegionAnswer.NoAnswer(RegionUnknownReason.LookupFailed, "canceled");
        }
    }

    /// <summary>The one lookup of an address: the cache again (a lookup may just have finished), then the service.</summary>
    private async Task LeadAsync(IPAddress address, string key, TaskCompletionSource<RegionAnswer> result)
    {
        try
        {
            if (await _cache.TryGetAsync(key).ConfigureAwait(false) is { } cached)
            {
                result.TrySetResult(cached);
                return;
            }

            var (answer, cacheable) = await CallAsync(address).ConfigureAwait(false);
            result.TrySetResult(answer);
            if (cacheable)
            {
                await _cache.SetAsync(key, answer.Region).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not expected (every failure of the call and the cache is handled); a visitor must still get an answer.
            Log.CallFailed(_logger, ex.GetType().FullName);
            result.TrySetResult(RegionAnswer.NoAnswer(RegionUnknownReason.LookupFailed, "error"));
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<IPAddress, Task<RegionAnswer>>(address, result.Task));
        }
    }

    private async Task<(RegionAnswer Answer, bool Cacheable)> CallAsync(IPAddress address)
    {
        if (!_breaker.TryAcquire())
        {
            return (RegionAnswer.NoAnswer(RegionUnknownReason.LookupFailed, "circuit_open"), false);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        timeout.CancelAfter(_timeout);
        try
        {
            var region = await _lookup.LookupAsync(address, timeout.Token).ConfigureAwait(false);
            Succeeded();
            return (region is null ? RegionAnswer.NoAnswer(RegionUnknownReason.NotFound, "not_found") : RegionAnswer.Found(region), true);
        }
        catch (AddressNotFoundException)
        {
            // The service is fine; it has no data for this (reserved or unallocated) address. Cached like an answer.
            Succeeded();
            return (RegionAnswer.NoAnswer(RegionUnknownReason.NotFound, "not_found"), true);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Failed("timeout", null);
            return (RegionAnswer.NoAnswer(RegionUnknownReason.LookupFailed, "timeout"), false);
        }
        catch (Exception ex) when (ex is AuthenticationException or PermissionRequiredException)
        {
            if (Interlocked.Exchange(ref _accountProblemLogged, 1) == 0)
            {
                Log.Unauthorized(_logger, ex.GetType().Name, Settings.AccountId, Settings.Service);
            }

            Failed("unauthorized", ex);
            return (RegionAnswer.NoAnswer(RegionUnknownReason.LookupFailed, "unauthorized"), false);
        }
        catch (OutOfQueriesException ex)
        {
            if (Interlocked.Exchange(ref _accountProblemLogged, 1) == 0)
            {
                Log.OutOfQueries(_logger, Settings.AccountId, Settings.Service);
            }

            Failed("out_of_queries", ex);
            return (RegionAnswer.NoAnswer(RegionUnknownReason.LookupFailed, "out_of_queries"), false);
        }
        catch (InvalidRequestException ex)
        {
            // The service answered, but refused this one request (for example an address it considers invalid):
            // not an outage, so the breaker counts it as an answer; not cached.
            Succeeded();
            Log.CallFailed(_logger, ex.GetType().FullName);
            return (RegionAnswer.NoAnswer(RegionUnknownReason.LookupFailed, "error"), false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Transport errors, 5xx, a body that is not the documented JSON, the client's own timeout.
            Failed("error", ex);
            return (RegionAnswer.NoAnswer(RegionUnknownReason.LookupFailed, "error"), false);
        }
    }

    private void Succeeded()
    {
        Volatile.Write(ref _accountProblemLogged, 0);
        if (_breaker.Succeeded() == CircuitBreaker.Transition.Closed)
        {
            Log.BreakerClosed(_logger);
        }
    }

    private void Failed(string kind, Exception? exception)
    {
        // Only the type: the client's messages quote the request URL, which ends with the visitor's address.
        Log.CallFailedWith(_logger, kind, exception?.GetType().FullName);
        switch (_breaker.Failed(kind))
        {
            case CircuitBreaker.Transition.Opened:
                Log.BreakerOpened(_logger, Settings.BreakerFailures, kind, _breakerDuration.TotalSeconds);
                break;
            case CircuitBreaker.Transition.Reopened:
                Log.BreakerReopened(_logger, kind, _breakerDuration.TotalSeconds);
                break;
        }
    }

    /// <summary>
    /// Cancels calls in flight and releases the HTTP client and a cache the source created. Lookups after this answer
    /// <c>error</c>.
    /// </summary>
    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        // The token source is cancelled, not disposed: a lookup still starting may read its token.
        _disposed.Cancel();
        _lookup.Dispose();
        _cache.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(50, LogLevel.Debug, "MaxMind web-service call failed ({Kind}, {ErrorType}); the visitor's region is unknown and each policy applies its fail mode.", EventName = "WebServiceCallFailed")]
        public static partial void CallFailedWith(ILogger logger, string kind, string? errorType);

        public static void CallFailed(ILogger logger, string? errorType) => CallFailedWith(logger, "error", errorType);

        [LoggerMessage(51, LogLevel.Warning, "MaxMind web service failed {Failures} times in a row (last: {Kind}); it is skipped for {BreakerSeconds} s and visitors not in the cache are unknown (each policy applies its fail mode).", EventName = "WebServiceBreakerOpened")]
        public static partial void BreakerOpened(ILogger logger, int failures, string kind, double breakerSeconds);

        [LoggerMessage(52, LogLevel.Debug, "MaxMind web-service trial call failed ({Kind}); it is skipped for another {BreakerSeconds} s.", EventName = "WebServiceBreakerReopened")]
        public static partial void BreakerReopened(ILogger logger, string kind, double breakerSeconds);

        [LoggerMessage(53, LogLevel.Information, "MaxMind web service answers again; lookups resume.", EventName = "WebServiceBreakerClosed")]
        public static partial void BreakerClosed(ILogger logger);

        [LoggerMessage(56, LogLevel.Error, "MaxMind web service refused the credentials ({ErrorType}) for account {AccountId} and the {Service} service. Check the source's AccountId and LicenseKey, and that the license may use this service.", EventName = "WebServiceUnauthorized")]
        public static partial void Unauthorized(ILogger logger, string errorType, int accountId, WebServiceKind service);

        [LoggerMessage(57, LogLevel.Error, "MaxMind account {AccountId} has no queries left for the {Service} service; visitors not in the cache are unknown until queries are added.", EventName = "WebServiceOutOfQueries")]
        public static partial void OutOfQueries(ILogger logger, int accountId, WebServiceKind service);
    }
}
