using System.Net;
using ContentGate.Regions;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace ContentGate.Sources.WebService;

/// <summary>
/// Web-service answers per address in an <see cref="IDistributedCache"/>, failure-tolerant: every operation is
/// bounded by a timeout, a failure is a miss (the caller asks the web service), and after a failure the cache is
/// left alone for a retry period so an outage costs requests nothing. The outage is logged once, as a Warning, and
/// its end once, as Information; neither message carries a key or an address.
/// </summary>
internal sealed partial class AnswerCache : IDisposable
{
    private readonly IDistributedCache _cache;
    private readonly IDisposable? _owned;
    private readonly string _prefix;
    private readonly DistributedCacheEntryOptions _entryOptions;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _retryAfter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _retryAtTicks;
    private int _unavailable;
    private long _failures;
    private long _lastFailureTicks;

    /// <param name="cache">Where answers go.</param>
    /// <param name="kind">What <paramref name="cache"/> is, for health reports.</param>
    /// <param name="owned">Disposed with this cache when the source created it (Redis, memory); null for the app's own.</param>
    /// <param name="service">The web service the answers come from: a Country answer must never serve a City source.</param>
    /// <param name="duration">How long an answer is kept.</param>
    /// <param name="timeout">How long one cache operation may take.</param>
    /// <param name="retryAfter">How long the cache is skipped after a failure.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Where the outage and its end are logged.</param>
    public AnswerCache(IDistributedCache cache, AnswerCacheKind kind, IDisposable? owned, WebServiceKind service, TimeSpan duration, TimeSpan timeout, TimeSpan retryAfter, TimeProvider time, ILogger logger)
    {
        _cache = cache;
        Kind = kind;
        _owned = owned;
        _prefix = WebServiceDefaults.CacheKeyPrefix + service.ToString().ToLowerInvariant() + ":";
        _entryOptions = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = duration };
        _timeout = timeout;
        _retryAfter = retryAfter;
        _time = time;
        _logger = logger;
    }

    public AnswerCacheKind Kind { get; }

    public bool Available => Volatile.Read(ref _unavailable) == 0;

    public long Failures => Interlocked.Read(ref _failures);

    public DateTimeOffset? LastFailureUtc => Interlocked.Read(ref _lastFailureTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>The key of an address: the prefix and the address bytes in hex. Never logged.</summary>
    public string KeyFor(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return string.Concat(_prefix, Convert.ToHexStringLower(bytes[..written]));
    }

    /// <summary>
    /// Returns the cached answer, or <see langword="null"/> on a miss, an unreadable value, a failure or while the
    /// cache is skipped after one. Completes synchronously when the cache does (memory).
    /// </summary>
    public ValueTask<RegionAnswer?> TryGetAsync(string key)
    {
        if (Skipping())
        {
            return default;
        }

        Task<byte[]?> pending;
        try
        {
            pending = _cache.GetAsync(key, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Failed(ex);
            return default;
        }

        if (pending.IsCompletedSuccessfully)
        {
            Succeeded();
            return new ValueTask<RegionAnswer?>(Decode(pending.Result));
        }

        return AwaitGetAsync(pending);
    }

    private async ValueTask<RegionAnswer?> AwaitGetAsync(Task<byte[]?> pending)
    {
        try
        {
            var value = await pending.WaitAsync(_timeout, _time).ConfigureAwait(false);
            Succeeded();
            return Decode(value);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Abandon(pending);
            Failed(ex);
            return null;
        }
    }

    /// <summary>Stores an answer: a region, or <see langword="null"/> for "the service has no country for it".</summary>
    public async Task SetAsync(string key, Region? region)
    {
        if (Skipping())
        {
            return;
        }

        Task pending;
        try
        {
            pending = _cache.SetAsync(key, CachedRegionCodec.Encode(region), _entryOptions, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Failed(ex);
            return;
        }

        try
        {
            await pending.WaitAsync(_timeout, _time).ConfigureAwait(false);
            Succeeded();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Abandon(pending);
            Failed(ex);
        }
    }

    private static RegionAnswer? Decode(byte[]? value)
    {
        if (value is null || !CachedRegionCodec.TryDecode(value, out var region))
        {
            return null;
        }

        return region is null
            ? RegionAnswer.NoAnswer(RegionUnknownReason.NotFound, "not_found")
            : RegionAnswer.Found(region);
    }

    private bool Skipping()
        => Volatile.Read(ref _unavailable) != 0 && _time.GetUtcNow().UtcTicks < Interlocked.Read(ref _retryAtTicks);

    private void Succeeded()
    {
        if (Volatile.Read(ref _unavailable) != 0 && Interlocked.Exchange(ref _unavailable, 0) != 0)
        {
            Log.CacheRecovered(_logger, Kind);
        }
    }

    private void Failed(Exception exception)
    {
        var now = _time.GetUtcNow().UtcTicks;
        Interlocked.Increment(ref _failures);
        Interlocked.Exchange(ref _lastFailureTicks, now);
        Interlocked.Exchange(ref _retryAtTicks, now + _retryAfter.Ticks);
        if (Interlocked.Exchange(ref _unavailable, 1) == 0)
        {
            // The type only: a client's message can quote the key, and so the address.
            Log.CacheUnavailable(_logger, Kind, exception.GetType().FullName, _retryAfter.TotalSeconds);
        }
    }

    // A cache call that outlived its timeout may still fault later; observe it so it is not reported as unobserved.
    private static void Abandon(Task pending)
        => pending.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    public void Dispose() => _owned?.Dispose();

    private static partial class Log
    {
        [LoggerMessage(54, LogLevel.Warning, "The {Cache} cache of MaxMind web-service answers failed with {ErrorType}; lookups go to the web service uncached and the cache is tried again every {RetrySeconds} s.", EventName = "WebServiceCacheUnavailable")]
        public static partial void CacheUnavailable(ILogger logger, AnswerCacheKind cache, string? errorType, double retrySeconds);

        [LoggerMessage(55, LogLevel.Information, "The {Cache} cache of MaxMind web-service answers works again.", EventName = "WebServiceCacheRecovered")]
        public static partial void CacheRecovered(ILogger logger, AnswerCacheKind cache);
    }
}
