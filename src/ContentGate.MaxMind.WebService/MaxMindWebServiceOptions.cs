namespace ContentGate.MaxMind.WebService;

/// <summary>
/// Settings of a <c>MaxMindWebService</c> region source. Usually given in its <c>ContentGate:Sources</c> entry
/// (<c>{ "Type": "MaxMindWebService", "AccountId": 42, … }</c>); values set in code with
/// <c>AddMaxMindWebService(options => …)</c> apply to every such entry, and the entry's own keys win over them.
/// </summary>
public sealed class MaxMindWebServiceOptions
{
    /// <summary>Gets or sets the MaxMind account id. Required; defaults to <see langword="null"/>.</summary>
    public int? AccountId { get; set; }

    /// <summary>
    /// Gets or sets the MaxMind license key. Required; keep it in user secrets, an environment variable or a secret
    /// store, not in appsettings.json. Defaults to <see langword="null"/>.
    /// </summary>
    public string? LicenseKey { get; set; }

    /// <summary>
    /// Gets or sets which web service to call: <c>Country</c>, <c>City</c> or <c>Insights</c>. Defaults to <c>City</c>,
    /// the cheapest that reports subdivisions such as <c>UA-43</c>.
    /// </summary>
    public string? Service { get; set; }

    /// <summary>
    /// Gets or sets the service's host, with an optional port (plain HTTP only for a loopback host, such as a local
    /// fake in tests). Defaults to <c>geoip.maxmind.com</c>.
    /// </summary>
    public string? Host { get; set; }

    /// <summary>
    /// Gets or sets how long an answer (also "not found") is cached, per network. From 1 second to 30 days; defaults to
    /// one day.
    /// </summary>
    public TimeSpan? CacheDuration { get; set; }

    /// <summary>
    /// Gets or sets how long a call, or a read of the app's distributed cache, may take before the visitor is treated as
    /// unknown (the call) or the cache is skipped (the read). From 10 ms to 10 s; defaults to 300 ms.
    /// </summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// Gets or sets how many failed calls, with no successful one among them within 30 seconds, open the circuit
    /// breaker (Polly's <c>MinimumThroughput</c> with a failure ratio of 1). The same number of timed-out reads opens the
    /// distributed cache's breaker. From 2 to 1000; defaults to 5.
    /// </summary>
    public int? BreakerFailures { get; set; }

    /// <summary>
    /// Gets or sets how long an open breaker answers at once without calling; then one trial call goes through. From
    /// 0.5 seconds to 1 hour; defaults to 30 seconds.
    /// </summary>
    public TimeSpan? BreakerDuration { get; set; }

    /// <summary>
    /// Gets or sets the secret the cache keys are derived from (at least 32 characters, for example from
    /// <c>openssl rand -base64 32</c>; keep it in a secret store). Cache keys are keyed hashes (HMAC-SHA256) of the
    /// network, so someone who reads the cache without this secret cannot tell which networks, and so which readers,
    /// it holds. Required when the app registers a distributed cache (<c>IDistributedCache</c>), and the same on every
    /// instance that shares it; without one, answers stay in this process and a random key is used. Defaults to
    /// <see langword="null"/>.
    /// </summary>
    public string? CacheKeySecret { get; set; }

    internal MaxMindWebServiceOptions Copy() => (MaxMindWebServiceOptions)MemberwiseClone();
}
