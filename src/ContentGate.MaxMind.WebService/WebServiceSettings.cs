namespace ContentGate.MaxMind.WebService;

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

    /// <summary>The secret cache keys are derived from; <see langword="null"/> when answers stay in this process.</summary>
    public string? CacheKeySecret { get; init; }

    // The license key and the cache key secret are secrets: a record's generated ToString would print them.
    public override string ToString() => $"MaxMind {Service} web service at {Host}";

    /// <summary>Validates one entry, adding a problem (key, value, fix) for every mistake; <see langword="null"/> when any.</summary>
    /// <param name="options">The entry's options.</param>
    /// <param name="key">The entry's key, such as <c>ContentGate:Sources:1</c>.</param>
    /// <param name="shared">Whether answers go to a distributed cache other processes read: a secret is then required.</param>
    /// <param name="problems">Where problems go.</param>
    public static WebServiceSettings? TryCreate(MaxMindWebServiceOptions options, string key, bool shared, List<string> problems)
    {
        var before = problems.Count;

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
        if (breakerFailures is < WebServiceDefaults.MinBreakerFailures or > WebServiceDefaults.MaxBreakerFailures)
        {
            problems.Add($"{key}:BreakerFailures: '{options.BreakerFailures}' is outside {WebServiceDefaults.MinBreakerFailures} to {WebServiceDefaults.MaxBreakerFailures}. Use the number of failed calls (none succeeding, within 30 s) after which the web service is skipped for BreakerDuration, for example {WebServiceDefaults.BreakerFailures}.");
        }

        var secret = CheckSecret(options.CacheKeySecret, key, shared, problems);

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
            CacheKeySecret = secret,
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

    private static string? CheckSecret(string? value, string key, bool shared, List<string> problems)
    {
        // The value is never repeated: it is a secret.
        var fix = $"Set it to a random string of at least {WebServiceDefaults.MinCacheKeySecretLength} characters (openssl rand -base64 32), the same on every instance, kept out of appsettings.json: in user secrets (dotnet user-secrets set \"{key}:CacheKeySecret\" \"<secret>\") or an environment variable ({key.Replace(":", "__", StringComparison.Ordinal)}__CacheKeySecret) or your host's secret store.";
        if (value is null)
        {
            if (shared)
            {
                problems.Add($"{key}:CacheKeySecret is not set, but the app registers a distributed cache (IDistributedCache), where web-service answers are kept under keyed hashes of readers' networks so that whoever reads the cache cannot tell which networks it holds. {fix}");
            }

            return null;
        }

        if (value.Trim().Length < WebServiceDefaults.MinCacheKeySecretLength)
        {
            problems.Add($"{key}:CacheKeySecret is shorter than {WebServiceDefaults.MinCacheKeySecretLength} characters: networks hashed with a short secret can be guessed back. {fix}");
            return null;
        }

        return value.Trim();
    }
}
