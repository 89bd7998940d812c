using Polly.CircuitBreaker;

namespace ContentGate.MaxMind.WebService;

/// <summary>A point-in-time view of a web-service source, for health checks and diagnostics. Holds no address.</summary>
/// <param name="State">The breaker's state, as Polly reports it.</param>
/// <param name="ConsecutiveFailures">Failed calls since the last success.</param>
/// <param name="OpenUntilUtc">When an open breaker lets a trial call through; <see langword="null"/> when closed.</param>
/// <param name="LastSuccessUtc">When the service last answered (a region, or "not found").</param>
/// <param name="LastFailureUtc">When a call last failed or timed out.</param>
/// <param name="LastFailure">What the last failure was: <c>timeout</c>, <c>error</c>, <c>unauthorized</c> or <c>out_of_queries</c>.</param>
/// <param name="Calls">Calls made to the web service since start (the breaker's refusals not counted).</param>
/// <param name="Failures">Calls that failed or timed out since start.</param>
/// <param name="Distributed">Whether answers are shared through the app's distributed cache (else this process only).</param>
/// <param name="CacheState">The state of the breaker around reads of the distributed cache.</param>
internal readonly record struct WebServiceHealth(
    CircuitState State,
    int ConsecutiveFailures,
    DateTimeOffset? OpenUntilUtc,
    DateTimeOffset? LastSuccessUtc,
    DateTimeOffset? LastFailureUtc,
    string? LastFailure,
    long Calls,
    long Failures,
    bool Distributed,
    CircuitState CacheState);
