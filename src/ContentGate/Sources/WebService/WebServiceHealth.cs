namespace ContentGate.Sources.WebService;

/// <summary>The circuit breaker's state.</summary>
internal enum BreakerState
{
    /// <summary>Calls go to the web service.</summary>
    Closed,

    /// <summary>Too many consecutive failures: lookups that miss the cache answer <c>circuit_open</c> at once.</summary>
    Open,

    /// <summary>The open period is over: the next call is a trial whose result closes or re-opens the breaker.</summary>
    HalfOpen,
}

/// <summary>Where the source caches answers.</summary>
internal enum AnswerCacheKind
{
    /// <summary>The Redis server configured on the source, shared by every instance.</summary>
    Redis,

    /// <summary>The app's registered <c>IDistributedCache</c>.</summary>
    Distributed,

    /// <summary>A size-limited cache in this process.</summary>
    Memory,
}

/// <summary>
/// A point-in-time view of a web-service source, for health checks and diagnostics. Holds no address.
/// </summary>
/// <param name="State">The breaker's state.</param>
/// <param name="ConsecutiveFailures">Failed calls since the last success.</param>
/// <param name="OpenUntilUtc">When an open breaker lets a trial call through; <see langword="null"/> when closed.</param>
/// <param name="LastSuccessUtc">When the service last answered (a region, or "not found").</param>
/// <param name="LastFailureUtc">When a call last failed or timed out.</param>
/// <param name="LastFailure">What the last failure was: <c>timeout</c>, <c>error</c>, <c>unauthorized</c> or <c>out_of_queries</c>.</param>
/// <param name="Calls">Calls made to the web service since start.</param>
/// <param name="Failures">Calls that failed or timed out since start.</param>
/// <param name="Cache">Where answers are cached.</param>
/// <param name="CacheAvailable">Whether the last cache operation succeeded (always true for memory).</param>
/// <param name="CacheFailures">Cache operations that failed or timed out since start.</param>
/// <param name="CacheLastFailureUtc">When a cache operation last failed.</param>
internal readonly record struct WebServiceHealth(
    BreakerState State,
    int ConsecutiveFailures,
    DateTimeOffset? OpenUntilUtc,
    DateTimeOffset? LastSuccessUtc,
    DateTimeOffset? LastFailureUtc,
    string? LastFailure,
    long Calls,
    long Failures,
    AnswerCacheKind Cache,
    bool CacheAvailable,
    long CacheFailures,
    DateTimeOffset? CacheLastFailureUtc);
