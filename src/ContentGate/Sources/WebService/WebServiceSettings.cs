using StackExchange.Redis;

namespace ContentGate.Sources.WebService;

/// <summary>Which MaxMind web service to call. Each answers with the country; City and Insights add subdivisions.</summary>
internal enum WebServiceKind
{
    Country,
    City,
    Insights,
}

/// <summary>The validated settings of one <c>MaxMindWebService</c> source, defaults applied.</summary>
internal sealed record WebServiceSettings
{
    public required int AccountId { get; init; }

    public required string LicenseKey { get; init; }

    /// <summary>The host, with the port when one was configured, as the client puts it in the URL.</summary>
    public required string Host { get; init; }

    /// <summary>Plain HTTP, only ever for a loopback host (a local fake or proxy): MaxMind requires HTTPS.</summary>
    public required bool UseHttp { get; init; }

    public required WebServiceKind Service { get; init; }

    public required TimeSpan CacheDuration { get; init; }

    public required TimeSpan Timeout { get; init; }

    public required int BreakerFailures { get; init; }

    public required TimeSpan BreakerDuration { get; init; }

    public ConfigurationOptions? Redis { get; init; }

    // The license key is a secret: a record's generated ToString would print it.
    public override string ToString() => $"MaxMind {Service} web service at {Host}";

    /// <summary>Validates one entry, adding a problem (key, value, fix) for every mistake; <see langword="null"/> when any.</summary>
    public static WebServiceSettings? TryCreate(RegionSourceOptions options, string key, List<string> problems)
    {
        var before = problems.Count;

        if (options.TrustedNetworks.Count > 0)
        {
            problems.Add($"{key}:TrustedNetworks: does not apply to a MaxMindWebService source, which looks up the connection's address (after the app's forwarded-headers handling) and reads no header. Remove it.");
        }

        foreach (var (name, value) in new[] { ("CountryHeader", options.CountryHeader), ("RegionHeader", options.RegionHeader) })
        {
            if (value is not null)
            {
                problems.Add($"{key}:{name}: '{value}' does not apply to a MaxMindWebService source, which reads no header. Remove it.");
            }
        }

        if (options.AccountId is not > 0)
        {
            problems.Add(options.AccountId is null
                ? $"{key}:AccountId is not set. Set it to your MaxMind account id (a number, shown on your MaxMind account page)."
                : $"{key}:AccountId: '{options.AccountId}' is not a MaxMind account id. Use the positive number shown on your MaxMind account page.");
        }

        if (string.IsNullOrWhiteSpace(options.LicenseKey))
        {
            problems.Add(
                $"{key}:LicenseKey is not set. Set it to a MaxMind license key, and keep the key out of appsettings.json: " +
                $"in user secrets during development (dotnet user-secrets set \"{key}:LicenseKey\" \"<key>\") and in an environment " +
                $"variable ({key.Replace(":", "__", StringComparison.Ordinal)}__LicenseKey) or your host's secret store in production.");
        }

        var host = ParseHost(options.Host, key, problems);

        var service = WebServiceDefaults.Service;
        if (options.Service is { } configured && !TryParseService(configured, out service))
        {
            problems.Add($"{key}:Service: '{options.Service}' is not a MaxMind web service. Use \"Country\", \"City\" (the default; needed for subdivisions such as UA-43) or \"Insights\".");
        }

        var timeout = CheckRange($"{key}:Timeout", options.Timeout, WebServiceDefaults.Timeout, WebServiceDefaults.MinTimeout, WebServiceDefaults.MaxTimeout, "\"00:00:00.300\" for 300 ms", problems);
        var cacheDuration = CheckRange($"{key}:CacheDuration", options.CacheDuration, WebServiceDefaults.CacheDuration, WebServiceDefaults.MinCacheDuration, WebServiceDefaults.MaxCacheDuration, "\"1.00:00:00\" for one day", problems);
        var breakerDuration = CheckRange($"{key}:BreakerDuration", options.BreakerDuration, WebServiceDefaults.BreakerDuration, WebServiceDefaults.MinBreakerDuration, WebServiceDefaults.MaxBreakerDuration, "\"00:00:30\" for 30 seconds", problems);

        var breakerFailures = options.BreakerFailures ?? WebServiceDefaults.BreakerFailures;
        if (breakerFailures is < 1 or > WebServiceDefaults.MaxBreakerFailures)
        {
            problems.Add($"{key}:BreakerFailures: '{options.BreakerFailures}' is outside 1 to {WebServiceDefaults.MaxBreakerFailures}. Use the number of consecutive failed calls after which the web service is skipped for BreakerDuration, for example {WebServiceDefaults.BreakerFailures}.");
        }

        var redis = ParseRedis(options.Redis, key, problems);

        if (problems.Count > before || host is not { } parsed)
        {
            return null;
        }

        return new WebServiceSettings
        {
            AccountId = options.AccountId!.Value,
            LicenseKey = options.LicenseKey!.Trim(),
            Host = parsed.Host,
            UseHttp = parsed.UseHttp,
            Service = service,
            CacheDuration = cacheDuration,
            Timeout = timeout,
            BreakerFailures = breakerFailures,
            BreakerDuration = breakerDuration,
            Redis = redis,
        };
    }

    private static (string Host, bool UseHttp)? ParseHost(string? value, string key, List<string> problems)
    {
        if (value is null)
        {
            return (WebServiceDefaults.Host, false);
        }

        var host = value.Trim();
        const string Fix = "Write a host name with an optional port, without a scheme or path: \"geoip.maxmind.com\" (the default), \"geolite.info\" for GeoLite, or \"127.0.0.1:8080\" for a local test server.";
        if (host.Length == 0 || host.Contains("://", StringComparison.Ordinal))
        {
            problems.Add($"{key}:Host: '{value}' is not a host. {Fix}");
            return null;
        }

        if (!Uri.TryCreate("https://" + host + "/", UriKind.Absolute, out var uri)
            || uri.AbsolutePath != "/" || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0
            || host.EndsWith('/'))
        {
            problems.Add($"{key}:Host: '{value}' is not a host. {Fix}");
            return null;
        }

        // MaxMind answers over HTTPS only. Plain HTTP is for a fake or proxy on this machine, where no one can read the
        // license key on the wire; anything else gets HTTPS.
        return (host, uri.IsLoopback);
    }

    // Names only: Enum.TryParse would also take "1" or "City, Country".
    private static bool TryParseService(string value, out WebServiceKind service)
    {
        foreach (var kind in Enum.GetValues<WebServiceKind>())
        {
            if (string.Equals(kind.ToString(), value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                service = kind;
                return true;
            }
        }

        service = WebServiceDefaults.Service;
        return false;
    }

    private static TimeSpan CheckRange(string key, TimeSpan? value, TimeSpan fallback, TimeSpan min, TimeSpan max, string example, List<string> problems)
    {
        var actual = value ?? fallback;
        if (actual < min || actual > max)
        {
            problems.Add($"{key}: '{value}' is outside {Describe(min)} to {Describe(max)}. Use a TimeSpan such as {example}.");
        }

        return actual;
    }

    private static string Describe(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => $"{span.TotalDays:0.##} days",
        { TotalHours: >= 1 } => $"{span.TotalHours:0.##} hour{(span.TotalHours == 1 ? string.Empty : "s")}",
        { TotalSeconds: >= 1 } => $"{span.TotalSeconds:0.##} s",
        _ => $"{span.TotalMilliseconds:0.##} ms",
    };

    private static ConfigurationOptions? ParseRedis(string? value, string key, List<string> problems)
    {
        if (value is null)
        {
            return null;
        }

        // The string may hold a password, so no message repeats it.
        const string Fix = "Use a StackExchange.Redis configuration string such as \"redis.internal:6379\" or \"redis.internal:6380,ssl=true,password=…\", kept in a secret store when it holds a password; or remove the key to cache in the app's IDistributedCache or in memory.";
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{key}:Redis is empty. {Fix}");
            return null;
        }

        ConfigurationOptions redis;
        try
        {
            redis = ConfigurationOptions.Parse(value);
        }
        catch (ArgumentException)
        {
            problems.Add($"{key}:Redis is not a valid configuration string. {Fix}");
            return null;
        }

        if (redis.EndPoints.Count == 0)
        {
            problems.Add($"{key}:Redis names no server. {Fix}");
            return null;
        }

        // A cache outage must cost each request nothing: commands fail at once instead of queuing behind a
        // reconnect, and a server that is down at start-up does not stop the app (the answers go uncached).
        redis.AbortOnConnectFail = false;
        redis.BacklogPolicy = BacklogPolicy.FailFast;
        return redis;
    }
}
