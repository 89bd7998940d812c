namespace ContentGate.MaxMind.WebService;

/// <summary>
/// The defaults of a <c>MaxMindWebService</c> source, documented on <see cref="MaxMindWebServiceOptions"/>, and the
/// limits its options are validated against.
/// </summary>
internal static class WebServiceDefaults
{
    /// <summary>The <c>Type</c> entries of <c>ContentGate:Sources</c> give this source.</summary>
    public const string Type = "MaxMindWebService";

    /// <summary>The name the region feature, logs and metrics report.</summary>
    public const string SourceName = "maxmind-web-service";

    /// <summary>MaxMind's GeoIP web service host.</summary>
    public const string Host = "geoip.maxmind.com";

    /// <summary>City: the cheapest service that reports subdivisions, which the Russia-controlled rules need.</summary>
    public const WebServiceKind Service = WebServiceKind.City;

    /// <summary>How long an answer is cached per network: one day.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromDays(1);

    /// <summary>How long a web-service call (or a cache read) may take: 300 ms.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(300);

    /// <summary>Failed calls, none succeeding, that open the circuit breaker: 5.</summary>
    public const int BreakerFailures = 5;

    /// <summary>How long an open breaker skips the web service: 30 seconds.</summary>
    public static readonly TimeSpan BreakerDuration = TimeSpan.FromSeconds(30);

    /// <summary>The window the breaker counts failures in (Polly's <c>SamplingDuration</c>).</summary>
    public static readonly TimeSpan BreakerSamplingDuration = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MinCacheDuration = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxCacheDuration = TimeSpan.FromDays(30);

    // Polly's own limits for a circuit breaker: at least 2 calls, at least half a second.
    public const int MinBreakerFailures = 2;
    public const int MaxBreakerFailures = 1000;
    public static readonly TimeSpan MinBreakerDuration = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan MaxBreakerDuration = TimeSpan.FromHours(1);

    /// <summary>The shortest <c>CacheKeySecret</c> accepted.</summary>
    public const int MinCacheKeySecretLength = 32;

    /// <summary>The prefix of every cache key; v2: keyed hashes of networks (v1 held addresses in hex).</summary>
    public const string CacheKeyPrefix = "ContentGate:MaxMindWebService:v2:";
}
