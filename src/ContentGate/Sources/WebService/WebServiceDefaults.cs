namespace ContentGate.Sources.WebService;

/// <summary>
/// The defaults of a <c>MaxMindWebService</c> source, documented on <see cref="RegionSourceOptions"/>, and the limits
/// its options are validated against.
/// </summary>
internal static class WebServiceDefaults
{
    /// <summary>MaxMind's GeoIP web service host.</summary>
    public const string Host = "geoip.maxmind.com";

    /// <summary>City: the cheapest service that reports subdivisions, which the Russia-controlled rules need.</summary>
    public const WebServiceKind Service = WebServiceKind.City;

    /// <summary>How long an answer is cached per address: one day.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromDays(1);

    /// <summary>How long a web-service call (or a cache call) may take: 300 ms.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(300);

    /// <summary>Consecutive failures that open the circuit breaker: 5.</summary>
    public const int BreakerFailures = 5;

    /// <summary>How long an open breaker skips the web service: 30 seconds.</summary>
    public static readonly TimeSpan BreakerDuration = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MinCacheDuration = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxCacheDuration = TimeSpan.FromDays(30);
    public static readonly TimeSpan MinBreakerDuration = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaxBreakerDuration = TimeSpan.FromHours(1);
    public const int MaxBreakerFailures = 1000;

    /// <summary>
    /// The in-memory fallback cache's size limit, counted in bytes of encoded answers (1 to about 20 bytes each,
    /// typically 3 to 9): about 100 to 300 thousand addresses, some tens of megabytes. A busy site sees millions of
    /// distinct addresses a day, and an unbounded cache would grow with them. Past the limit the cache drops its
    /// least recently used answers.
    /// </summary>
    public const long MemoryCacheSizeLimit = 1024 * 1024;

    /// <summary>The prefix of every cache key, versioned with the value encoding.</summary>
    public const string CacheKeyPrefix = "ContentGate:MaxMindWebService:v1:";
}
