namespace ContentGate.Sources;

/// <summary>
/// One entry of <c>ContentGate:Sources</c>, the ordered list of places a visitor's region comes from. Keys that do
/// not apply to the entry's <see cref="Type"/> are errors.
/// </summary>
public sealed class RegionSourceOptions
{
    /// <summary>Gets or sets the kind of source. Required.</summary>
    public RegionSourceType? Type { get; set; }

    /// <summary>
    /// Gets the networks (CIDR, <c>"173.245.48.0/20"</c>) a header source trusts: its headers count only when the
    /// connection's remote address is inside one of them. Required for every header source; defaults to empty.
    /// </summary>
    public IList<string> TrustedNetworks { get; } = [];

    /// <summary>Gets or sets the country header name, for <c>Fastly</c>, <c>GoogleCloud</c> and <c>Header</c>. Defaults to <see langword="null"/>.</summary>
    public string? CountryHeader { get; set; }

    /// <summary>Gets or sets the subdivision header name, for <c>Fastly</c>, <c>GoogleCloud</c> and <c>Header</c>. Defaults to <see langword="null"/> (country only).</summary>
    public string? RegionHeader { get; set; }

    /// <summary>Gets or sets the MaxMind account id, for <c>MaxMindWebService</c>. Defaults to <see langword="null"/>.</summary>
    public int? AccountId { get; set; }

    /// <summary>Gets or sets the MaxMind license key, for <c>MaxMindWebService</c>. Keep it in a secret store, not in appsettings.json. Defaults to <see langword="null"/>.</summary>
    public string? LicenseKey { get; set; }

    /// <summary>Gets or sets the web service host, for <c>MaxMindWebService</c>. Defaults to <c>geoip.maxmind.com</c>.</summary>
    public string? Host { get; set; }

    /// <summary>Gets or sets which web service to call: <c>Country</c>, <c>City</c> or <c>Insights</c>. Defaults to <c>City</c>.</summary>
    public string? Service { get; set; }

    /// <summary>Gets or sets how long a web-service answer is cached per address. Defaults to one day.</summary>
    public TimeSpan? CacheDuration { get; set; }

    /// <summary>Gets or sets how long a web-service call may take before the visitor is treated as unknown. Defaults to 300 ms.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Gets or sets how many consecutive web-service failures open the circuit breaker. Defaults to 5.</summary>
    public int? BreakerFailures { get; set; }

    /// <summary>Gets or sets how long an open circuit breaker skips the web service. Defaults to 30 seconds.</summary>
    public TimeSpan? BreakerDuration { get; set; }

    /// <summary>
    /// Gets or sets a StackExchange.Redis configuration string (<c>"localhost:6379"</c>) for caching web-service answers
    /// shared by every instance. Defaults to <see langword="null"/>: the app's <c>IDistributedCache</c>, else memory.
    /// </summary>
    public string? Redis { get; set; }
}
