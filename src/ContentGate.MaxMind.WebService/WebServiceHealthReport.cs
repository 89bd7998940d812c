using System.Globalization;
using ContentGate.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polly.CircuitBreaker;

namespace ContentGate.MaxMind.WebService;

/// <summary>Turns a <see cref="WebServiceHealth"/> into what the ContentGate health check reports. No address, no license key.</summary>
internal static class WebServiceHealthReport
{
    public static RegionSourceHealth Create(WebServiceHealth health, WebServiceSettings settings)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["service"] = settings.Service.ToString(),
            ["host"] = settings.Host,
            ["state"] = health.State.ToString(),
            ["consecutive_failures"] = health.ConsecutiveFailures,
            ["calls"] = health.Calls,
            ["failures"] = health.Failures,
            ["cache"] = health.Distributed ? "Distributed" : "Memory",
            ["cache_state"] = health.CacheState.ToString(),
        };
        Add(data, "last_success", health.LastSuccessUtc);
        Add(data, "last_failure", health.LastFailureUtc);
        if (health.LastFailure is { } kind)
        {
            data["last_failure_kind"] = kind;
        }

        Add(data, "open_until", health.OpenUntilUtc);

        var accountProblem = health.ConsecutiveFailures > 0 && health.LastFailure is "unauthorized" or "out_of_queries";
        if (accountProblem)
        {
            // Nothing improves until someone fixes the account: every visitor not in the cache is unknown.
            return new RegionSourceHealth(
                HealthStatus.Unhealthy,
                health.LastFailure == "unauthorized"
                    ? $"The MaxMind web service refuses account {settings.AccountId}'s license key for the {settings.Service} service; visitors not in the cache are unknown. Check AccountId and LicenseKey."
                    : $"MaxMind account {settings.AccountId} has no queries left for the {settings.Service} service; visitors not in the cache are unknown until queries are added.",
                data);
        }

        if (health.State != CircuitState.Closed)
        {
            return new RegionSourceHealth(
                HealthStatus.Degraded,
                $"The MaxMind web service failed {health.ConsecutiveFailures} times in a row (last: {health.LastFailure}); it is skipped until {Timestamp(health.OpenUntilUtc)} and visitors not in the cache are unknown.",
                data);
        }

        if (health.CacheState != CircuitState.Closed)
        {
            return new RegionSourceHealth(
                HealthStatus.Degraded,
                "Reads of the distributed cache of web-service answers time out; lookups skip it and call the MaxMind web service (paid per query) until it answers again.",
                data);
        }

        return new RegionSourceHealth(HealthStatus.Healthy, $"The MaxMind {settings.Service} web service answers.", data);
    }

    private static void Add(Dictionary<string, object> data, string key, DateTimeOffset? value)
    {
        if (value is { } at)
        {
            data[key] = Timestamp(at);
        }
    }

    private static string Timestamp(DateTimeOffset? value)
        => value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) ?? "unknown";
}
