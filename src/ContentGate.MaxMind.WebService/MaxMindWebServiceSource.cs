using System.Net;
using ContentGate.Regions;
using ContentGate.Sources;
using MaxMind.GeoIP2.Exceptions;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ContentGate.MaxMind.WebService;

/// <summary>
/// Looks the client address up in MaxMind's GeoIP web service (Country, City or Insights). Built so that the service's
/// cost and outages do not reach readers, and so that no reader's address is kept:
/// <list type="bullet">
/// <item>answers, "not found" included, are cached per network through <see cref="HybridCache"/> (in this process, and
/// in the app's own <c>IDistributedCache</c> when it registers one) for <c>CacheDuration</c>, under keyed hashes
/// (<see cref="CacheKeys"/>); the value is the region's codes only;</item>
/// <item>concurrent lookups from one neighbourhood share one call (HybridCache's stampede protection);</item>
/// <item>each call is cancelled at <c>Timeout</c>, and a circuit breaker refuses calls during an outage
/// (<see cref="WebServiceLookup"/>); reads of the distributed cache are bounded the same way.</item>
/// </list>
/// A failure is an answer (<see cref="RegionUnknownReason.LookupFailed"/>), never an exception: each policy's fail mode
/// applies.
/// </summary>
internal sealed partial class MaxMindWebServiceSource : IRegionSource, IRegionSourceHealth, IDisposable
{
    // Reads: not the service (a miss is a miss), and an answer found in the distributed cache is copied to this process.
    private static readonly HybridCacheEntryOptions LocalRead = new() { Flags = HybridCacheEntryFlags.DisableDistributedCache | HybridCacheEntryFlags.DisableUnderlyingData | HybridCacheEntryFlags.DisableLocalCacheWrite };
    private static readonly HybridCacheEntryOptions DistributedRead = new() { Flags = HybridCacheEntryFlags.DisableLocalCacheRead | HybridCacheEntryFlags.DisableDistributedCacheWrite | HybridCacheEntryFlags.DisableUnderlyingData };

    // A shared call: HybridCache only joins concurrent callers; the answer is stored by the call itself, per network.
    private static readonly HybridCacheEntryOptions SharedCall = new() { Flags = HybridCacheEntryFlags.DisableLocalCache | HybridCacheEntryFlags.DisableDistributedCache };

    private readonly HybridCache _cache;
    private readonly CacheKeys _keys;
    private readonly bool _distributed;
    private readonly WebServiceLookup _lookup;
    private readonly ResiliencePipeline _cacheGuard;
    private readonly CircuitBreakerStateProvider _breaker = new();
    private readonly CircuitBreakerStateProvider _cacheBreaker = new();
    private readonly HybridCacheEntryOptions _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private int _pendingWrites;
    private bool _disposed;

    // Health, under _lock.
    private int _consecutiveFailures;
    private long _calls;
    private long _failures;
    private DateTimeOffset? _lastSuccess;
    private DateTimeOffset? _lastFailure;
    private string? _lastFailureKind;
    private DateTimeOffset? _openUntil;
    private bool _trialFailed;

    // Account problems are logged once per outage (until a call succeeds), not once per visitor.
    private int _accountProblemLogged;

    public MaxMindWebServiceSource(WebServiceSettings settings, HybridCache cache, CacheKeys keys, bool distributed, TimeProvider time, ILogger logger)
    {
        Settings = settings;
        _cache = cache;
        _keys = keys;
        _distributed = distributed;
        _time = time;
        _logger = logger;
        _store = new HybridCacheEntryOptions { Expiration = settings.CacheDuration, LocalCacheExpiration = settings.CacheDuration };

        var breaker = WebServiceLookup.Breaker(settings);
        breaker.StateProvider = _breaker;
        breaker.OnOpened = args => Opened(FailureKind(args.Outcome), args.BreakDuration);
        breaker.OnHalfOpened = _ => default;
        breaker.OnClosed = _ => Closed();
        _lookup = new WebServiceLookup(settings, time, breaker);

        _cacheGuard = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 1.0,
                MinimumThroughput = settings.BreakerFailures,
                SamplingDuration = WebServiceDefaults.BreakerSamplingDuration,
                BreakDuration = settings.BreakerDuration,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is not (null or OperationCanceledException)),
                StateProvider = _cacheBreaker,
                OnOpened = args => { Log.CacheUnavailable(_logger, args.Outcome.Exception?.GetType().FullName, args.BreakDuration.TotalSeconds); return default; },
                OnClosed = _ => { Log.CacheRecovered(_logger); return default; },
            })
            .AddTimeout(settings.Timeout)
            .Build();
    }

    public string Name => WebServiceDefaults.SourceName;

    public bool UsesClientAddress => true;

    /// <summary>City Plus and Insights answers carry <c>traits.autonomous_system_number</c>; Country answers do not.</summary>
    public bool ProvidesAutonomousSystems => Settings.Service != WebServiceKind.Country;

    public WebServiceSettings Settings { get; }

    /// <summary>Answers being written to the distributed cache right now; for tests.</summary>
    internal int PendingWrites => Volatile.Read(ref _pendingWrites);

    /// <summary>The breaker, the last success and failure, and the cache, for health checks. Never holds an address.</summary>
    internal WebServiceHealth Health
    {
        get
        {
            lock (_lock)
            {
                var state = _breaker.CircuitState;
                return new WebServiceHealth(state, _consecutiveFailures, state == CircuitState.Closed ? null : _openUntil, _lastSuccess, _lastFailure,
                    _lastFailureKind, _calls, _failures, _distributed, _cacheBreaker.CircuitState);
            }
        }
    }

    /// <summary>The breaker and cache state as the ContentGate health check reports it (Degraded while a breaker is open).</summary>
    public RegionSourceHealth GetHealth() => WebServiceHealthReport.Create(Health, Settings);

    public ValueTask<RegionAnswer> LookupAsync(RegionQuery query, CancellationToken cancellationToken)
    {
        var address = query.ClientAddress!;
        var levels = CacheKeys.Levels(address);
        var keys = new string[levels.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = _keys.Answer(address, levels[i]);
        }

        // This process first: completes synchronously, and on a hit the request never waits.
        for (var i = keys.Length - 1; i >= 0; i--)
        {
            var local = _cache.GetOrCreateAsync<string?>(keys[i], static _ => default, LocalRead, cancellationToken: CancellationToken.None);
            if (local.IsCompletedSuccessfully && WebServiceCall.TryDecode(local.Result, out var answer))
            {
                return new ValueTask<RegionAnswer>(answer);
            }
        }

        return MissAsync(address, keys, cancellationToken);
    }

    private async ValueTask<RegionAnswer> MissAsync(IPAddress address, string[] keys, CancellationToken cancellationToken)
    {
        try
        {
            if (_distributed && await ReadDistributedAsync(keys, cancellationToken).ConfigureAwait(false) is { } cached)
            {
                return cached;
            }

            // One call for the neighbourhood; a reader outside the network it answered for asks for itself.
            var call = await CallAsync(_keys.Neighbourhood(address), address, cancellationToken).ConfigureAwait(false);
            if (call.StoredKey is not null && !string.Equals(call.StoredKey, _keys.Answer(address, call.StoredLevel), StringComparison.Ordinal))
            {
                call = await CallAsync(_keys.Single(address), address, cancellationToken).ConfigureAwait(false);
            }

            return call.ToAnswer();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A visitor who goes away stops waiting; a shared call goes on for the others and for the cache.
            return RegionAnswer.NoAnswer(RegionUnknownReason.LookupFailed, "canceled");
        }
    }

    /// <summary>Every level's key in the distributed cache at once, bounded by the cache's timeout and breaker.</summary>
    private async ValueTask<RegionAnswer?> ReadDistributedAsync(string[] keys, CancellationToken cancellationToken)
    {
        string?[] values;
        try
        {
            values = await _cacheGuard.ExecuteAsync(
                static async (state, token) =>
                {
                    var reads = new Task<string?>[state.keys.Length];
                    for (var i = 0; i < reads.Length; i++)
                    {
                        reads[i] = state.cache.GetOrCreateAsync<string?>(state.keys[i], static _ => default, DistributedRead, cancellationToken: token).AsTask();
                    }

                    return await Task.WhenAll(reads).ConfigureAwait(false);
                },
                (cache: _cache, keys),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or BrokenCircuitException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The cache is slow or skipped: the service answers instead.
            return null;
        }

        for (var i = values.Length - 1; i >= 0; i--)
        {
            if (WebServiceCall.TryDecode(values[i], out var answer))
            {
                return answer;
            }
        }

        return null;
    }

    private ValueTask<WebServiceCall> CallAsync(string sharedKey, IPAddress address, CancellationToken cancellationToken)
        => _cache.GetOrCreateAsync(sharedKey, (source: this, address), static (state, _) => state.source.CallServiceAsync(state.address), SharedCall, cancellationToken: cancellationToken);

    /// <summary>The one call: its outcome, and the answer stored for the network it holds for.</summary>
    private async ValueTask<WebServiceCall> CallServiceAsync(IPAddress address)
    {
        try
        {
            var (region, network) = await _lookup.LookupAsync(address).ConfigureAwait(false);
            Succeeded();
            return Store(address, network, region, region is null ? "not_found" : "found");
        }
        catch (AddressNotFoundException)
        {
            // The service is fine; it has no data for this (reserved or unallocated) address. Cached like an answer.
            Succeeded();
            return Store(address, null, null, "not_found");
        }
        catch (BrokenCircuitException)
        {
            return WebServiceCall.Failed("circuit_open");
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or TaskCanceledException && !Volatile.Read(ref _disposed))
        {
            Failed("timeout", null);
            return WebServiceCall.Failed("timeout");
        }
        catch (Exception ex) when (ex is AuthenticationException or PermissionRequiredException)
        {
            if (Interlocked.Exchange(ref _accountProblemLogged, 1) == 0)
            {
                Log.Unauthorized(_logger, ex.GetType().Name, Settings.AccountId, Settings.Service);
            }

            Failed("unauthorized", ex);
            return WebServiceCall.Failed("unauthorized");
        }
        catch (OutOfQueriesException ex)
        {
            if (Interlocked.Exchange(ref _accountProblemLogged, 1) == 0)
            {
                Log.OutOfQueries(_logger, Settings.AccountId, Settings.Service);
            }

            Failed("out_of_queries", ex);
            return WebServiceCall.Failed("out_of_queries");
        }
        catch (InvalidRequestException ex)
        {
            // The service answered, but refused this one request: not an outage (the breaker counts a 400 as an
            // answer), not cached.
            Succeeded();
            Log.CallFailed(_logger, "error", ex.GetType().FullName);
            return WebServiceCall.Failed("error");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Transport errors, 5xx, a body that is not the documented JSON, a disposed source.
            Failed("error", ex);
            return WebServiceCall.Failed("error");
        }
    }

    private WebServiceCall Store(IPAddress address, IPNetwork? network, Region? region, string outcome)
    {
        var level = CacheKeys.LevelFor(address, network);
        var key = _keys.Answer(address, level);
        var answer = WebServiceCall.Encode(region);

        // Written to this process before SetAsync returns; the distributed write goes on in the background, so a slow
        // cache never holds up the readers waiting on this call.
        Interlocked.Increment(ref _pendingWrites);
        var write = _cache.SetAsync(key, answer, _store, cancellationToken: CancellationToken.None);
        if (write.IsCompleted)
        {
            Written(write.AsTask());
        }
        else
        {
            _ = write.AsTask().ContinueWith(static (t, state) => ((MaxMindWebServiceSource)state!).Written(t), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return WebServiceCall.Stored(outcome, answer, key, level);
    }

    private void Written(Task write)
    {
        // HybridCache logs a failed distributed write itself (with the key, a keyed hash) and keeps the local copy.
        _ = write.Exception;
        Interlocked.Decrement(ref _pendingWrites);
    }

    private void Succeeded()
    {
        Volatile.Write(ref _accountProblemLogged, 0);
        lock (_lock)
        {
            _calls++;
            _consecutiveFailures = 0;
            _lastSuccess = _time.GetUtcNow();
        }
    }

    private void Failed(string kind, Exception? exception)
    {
        // Only the type: the client's messages quote the request URL, which ends with the visitor's address.
        Log.CallFailed(_logger, kind, exception?.GetType().FullName);
        lock (_lock)
        {
            _calls++;
            _failures++;
            _consecutiveFailures++;
            _lastFailure = _time.GetUtcNow();
            _lastFailureKind = kind;
        }
    }

    private ValueTask Opened(string kind, TimeSpan duration)
    {
        bool reopened;
        lock (_lock)
        {
            _openUntil = _time.GetUtcNow() + duration;
            reopened = _trialFailed;
            _trialFailed = true;
        }

        if (reopened)
        {
            Log.BreakerReopened(_logger, kind, duration.TotalSeconds);
        }
        else
        {
            Log.BreakerOpened(_logger, Settings.BreakerFailures, kind, duration.TotalSeconds);
        }

        return default;
    }

    private ValueTask Closed()
    {
        lock (_lock)
        {
            _trialFailed = false;
            _openUntil = null;
        }

        Log.BreakerClosed(_logger);
        return default;
    }

    private static string FailureKind(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => "timeout",
        { Result.StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } => "unauthorized",
        { Result.StatusCode: HttpStatusCode.PaymentRequired } => "out_of_queries",
        _ => "error",
    };

    /// <summary>Releases the HTTP client; calls in flight fail, and lookups after this answer <c>error</c>.</summary>
    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        _lookup.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(50, LogLevel.Debug, "MaxMind web-service call failed ({Kind}, {ErrorType}); the visitor's region is unknown and each policy applies its fail mode.", EventName = "WebServiceCallFailed")]
        public static partial void CallFailed(ILogger logger, string kind, string? errorType);

        [LoggerMessage(51, LogLevel.Warning, "MaxMind web service failed {Failures} times with no success (last: {Kind}); it is skipped for {BreakerSeconds} s and visitors not in the cache are unknown (each policy applies its fail mode).", EventName = "WebServiceBreakerOpened")]
        public static partial void BreakerOpened(ILogger logger, int failures, string kind, double breakerSeconds);

        [LoggerMessage(52, LogLevel.Debug, "MaxMind web-service trial call failed ({Kind}); it is skipped for another {BreakerSeconds} s.", EventName = "WebServiceBreakerReopened")]
        public static partial void BreakerReopened(ILogger logger, string kind, double breakerSeconds);

        [LoggerMessage(53, LogLevel.Information, "MaxMind web service answers again; lookups resume.", EventName = "WebServiceBreakerClosed")]
        public static partial void BreakerClosed(ILogger logger);

        [LoggerMessage(54, LogLevel.Warning, "Reads of the distributed cache of MaxMind web-service answers failed or timed out ({ErrorType}); lookups skip it and call the web service for {RetrySeconds} s, then try it again.", EventName = "WebServiceCacheUnavailable")]
        public static partial void CacheUnavailable(ILogger logger, string? errorType, double retrySeconds);

        [LoggerMessage(55, LogLevel.Information, "The distributed cache of MaxMind web-service answers works again.", EventName = "WebServiceCacheRecovered")]
        public static partial void CacheRecovered(ILogger logger);

        [LoggerMessage(56, LogLevel.Error, "MaxMind web service refused the credentials ({ErrorType}) for account {AccountId} and the {Service} service. Check the source's AccountId and LicenseKey, and that the license may use this service.", EventName = "WebServiceUnauthorized")]
        public static partial void Unauthorized(ILogger logger, string errorType, int accountId, WebServiceKind service);

        [LoggerMessage(57, LogLevel.Error, "MaxMind account {AccountId} has no queries left for the {Service} service; visitors not in the cache are unknown until queries are added.", EventName = "WebServiceOutOfQueries")]
        public static partial void OutOfQueries(ILogger logger, int accountId, WebServiceKind service);
    }
}
