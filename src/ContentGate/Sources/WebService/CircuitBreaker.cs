namespace ContentGate.Sources.WebService;

/// <summary>
/// Counts consecutive failed web-service calls. After <c>threshold</c> of them it opens: calls are refused for
/// <c>duration</c>, then one trial call is let through (half-open) whose result closes the breaker or opens it again.
/// An outage then costs a refused call (no I/O) instead of a timeout per visitor.
/// </summary>
/// <remarks>Only cache misses reach it, so a lock is cheap enough; the closed state is read without one.</remarks>
internal sealed class CircuitBreaker(int threshold, TimeSpan duration, TimeProvider time)
{
    private readonly Lock _lock = new();
    private volatile BreakerState _state = BreakerState.Closed;
    private int _consecutiveFailures;
    private DateTimeOffset _openUntil;
    private DateTimeOffset? _lastSuccess;
    private DateTimeOffset? _lastFailure;
    private string? _lastFailureKind;
    private long _calls;
    private long _failures;

    /// <summary>What a reported result changed, so the caller logs each transition once.</summary>
    public enum Transition
    {
        None,
        Opened,
        Reopened,
        Closed,
    }

    /// <summary>Returns whether a call may go to the service now. In half-open state only the first caller may.</summary>
    public bool TryAcquire()
    {
        if (_state == BreakerState.Closed)
        {
            Interlocked.Increment(ref _calls);
            return true;
        }

        lock (_lock)
        {
            if (_state == BreakerState.Closed || (_state == BreakerState.Open && time.GetUtcNow() >= _openUntil))
            {
                if (_state == BreakerState.Open)
                {
                    _state = BreakerState.HalfOpen;
                }

                Interlocked.Increment(ref _calls);
                return true;
            }

            return false;
        }
    }

    /// <summary>Records that the service answered (with a region, or "not found").</summary>
    public Transition Succeeded()
    {
        lock (_lock)
        {
            _lastSuccess = time.GetUtcNow();
            _consecutiveFailures = 0;
            if (_state == BreakerState.Closed)
            {
                return Transition.None;
            }

            _state = BreakerState.Closed;
            return Transition.Closed;
        }
    }

    /// <summary>Records a failed or timed-out call.</summary>
    public Transition Failed(string kind)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            _lastFailure = now;
            _lastFailureKind = kind;
            _failures++;
            _consecutiveFailures++;
            switch (_state)
            {
                case BreakerState.HalfOpen:
                    _state = BreakerState.Open;
                    _openUntil = now + duration;
                    return Transition.Reopened;
                case BreakerState.Closed when _consecutiveFailures >= threshold:
                    _state = BreakerState.Open;
                    _openUntil = now + duration;
                    return Transition.Opened;
                default:
                    return Transition.None;
            }
        }
    }

    /// <summary>Fills the breaker's part of a health snapshot.</summary>
    public WebServiceHealth Snapshot(WebServiceHealth health)
    {
        lock (_lock)
        {
            // An open breaker whose time is up lets the next call through: report that as half-open.
            var state = _state == BreakerState.Open && time.GetUtcNow() >= _openUntil ? BreakerState.HalfOpen : _state;
            return health with
            {
                State = state,
                ConsecutiveFailures = _consecutiveFailures,
                OpenUntilUtc = _state == BreakerState.Closed ? null : _openUntil,
                LastSuccessUtc = _lastSuccess,
                LastFailureUtc = _lastFailure,
                LastFailure = _lastFailureKind,
                Calls = Interlocked.Read(ref _calls),
                Failures = _failures,
            };
        }
    }
}
