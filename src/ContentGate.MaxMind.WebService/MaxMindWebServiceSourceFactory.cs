using System.Security.Cryptography;
using System.Text;
using ContentGate.Sources;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContentGate.MaxMind.WebService;

/// <summary>
/// Creates the source of each <c>ContentGate:Sources</c> entry of type <c>MaxMindWebService</c>: the options set in
/// code, then the entry's own keys, each checked (key, value, fix).
/// </summary>
internal sealed class MaxMindWebServiceSourceFactory(IOptions<MaxMindWebServiceOptions> defaults) : IRegionSourceFactory
{
    private static readonly string[] HeaderKeys = ["TrustedNetworks", "CountryHeader", "RegionHeader"];

    // Without a distributed cache the answers never leave this process: a key of its own is enough, and is the same
    // for every source it creates (a configuration reload keeps the answers cached so far).
    private readonly byte[] _processSecret = RandomNumberGenerator.GetBytes(32);

    public IRegionSource? Create(RegionSourceEntry entry)
    {
        var options = defaults.Value.Copy();
        var keyProblems = 0;
        if (entry.Configuration is { } section)
        {
            keyProblems = CheckKeys(section, entry);
            try
            {
                section.Bind(options);
            }
            catch (InvalidOperationException ex)
            {
                entry.AddProblem($"{entry.Key}: {ex.Message} Use a number for AccountId and BreakerFailures, and a TimeSpan such as \"00:00:00.300\" for Timeout, CacheDuration and BreakerDuration.");
                return null;
            }
        }

        var services = entry.Services;
        var distributed = services.GetService<IDistributedCache>() is { } cache and not MemoryDistributedCache;
        var problems = new List<string>();
        var settings = WebServiceSettings.TryCreate(options, entry.Key, distributed, problems);
        foreach (var problem in problems)
        {
            entry.AddProblem(problem);
        }

        if (settings is null || keyProblems > 0)
        {
            return null;
        }

        if (services.GetService<HybridCache>() is not { } hybrid)
        {
            entry.AddProblem($"{entry.Key}:Type: the MaxMindWebService source needs HybridCache: call AddMaxMindWebService() on what AddContentGate(...) returns, which registers it.");
            return null;
        }

        var secret = settings.CacheKeySecret is { } configured ? Encoding.UTF8.GetBytes(configured) : _processSecret;
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger<MaxMindWebServiceSource>() ?? NullLogger<MaxMindWebServiceSource>.Instance;

        // No I/O here: the HTTP client connects on first use, so a snapshot that is compiled and discarded costs nothing.
        return Latest = new MaxMindWebServiceSource(settings, hybrid, new CacheKeys(secret, settings.Service), distributed, time, logger);
    }

    /// <summary>The source created last; for tests, which read its state.</summary>
    internal MaxMindWebServiceSource? Latest { get; private set; }

    /// <summary>Reports every key the source does not read; returns how many.</summary>
    private static int CheckKeys(IConfiguration section, RegionSourceEntry entry)
    {
        var problems = 0;
        var names = typeof(MaxMindWebServiceOptions).GetProperties().Select(p => p.Name).Append("Type").Order(StringComparer.Ordinal).ToList();
        foreach (var child in section.GetChildren())
        {
            var key = $"{entry.Key}:{child.Key}";
            if (names.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            problems++;
            if (string.Equals(child.Key, "Redis", StringComparison.OrdinalIgnoreCase))
            {
                // The value may hold a password: not repeated.
                entry.AddProblem($"{key}: the web-service source no longer connects to Redis itself. Remove the key and register the app's distributed cache instead (builder.Services.AddStackExchangeRedisCache(o => o.Configuration = \"…\")); answers are then shared through it, under keyed hashes (set CacheKeySecret).");
            }
            else if (HeaderKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                entry.AddProblem($"{key}: does not apply to a MaxMindWebService source, which looks up the connection's address (after the app's forwarded-headers handling) and reads no header. Remove it.");
            }
            else
            {
                var closest = names.MinBy(n => Distance(n, child.Key));
                var hint = closest is not null && Distance(closest, child.Key) <= 3 ? $" Did you mean '{closest}'?" : string.Empty;
                entry.AddProblem($"{key}: '{child.Key}' is not a setting of a MaxMindWebService source.{hint} Valid keys here: {string.Join(", ", names)}.");
            }
        }

        return problems;
    }

    // Levenshtein, ignoring case.
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
