using System.Collections.Concurrent;
using ContentGate.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContentGate.MaxMind;

/// <summary>
/// Keeps one <see cref="MaxMindDatabase"/> per file for the life of the app, so validation and every compiled
/// snapshot share it; in the app (the constructor with services), each one follows its file and reloads it when it is
/// replaced, so snapshots never need rebuilding for a new database.
/// </summary>
internal sealed class MaxMindDatabaseCache : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<MaxMindDatabase>> _databases = new(StringComparer.Ordinal);
    private readonly MaxMindReloadSettings? _reload;
    private readonly ContentGateMetrics? _metrics;
    private readonly ILoggerFactory? _loggerFactory;

    /// <summary>Databases that are opened once and never reloaded: for one-off checks and unit tests.</summary>
    public MaxMindDatabaseCache()
    {
    }

    /// <summary>Databases that follow their files, count reloads and report their age on the <c>ContentGate</c> meter.</summary>
    public MaxMindDatabaseCache(ContentGateMetrics metrics, ILoggerFactory loggerFactory, IOptions<MaxMindReloadSettings> reload)
    {
        _metrics = metrics;
        _loggerFactory = loggerFactory;
        _reload = reload.Value.Enabled ? reload.Value : null;
    }

    public MaxMindDatabase GetOrOpen(string fullPath, string key, DatabaseReading reading = default)
    {
        // One per file and way of reading it: the same IPinfo file may serve as the location and the ASN database.
        var cacheKey = $"{reading.Role}|{reading.Provider}|{fullPath}";
        var lazy = _databases.GetOrAdd(cacheKey, _ => new Lazy<MaxMindDatabase>(() => MaxMindDatabase.Open(fullPath, key, _reload, _metrics, _loggerFactory, reading)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failed open is not cached: the next validation (after the file is fixed) tries again.
            _databases.TryRemove(new KeyValuePair<string, Lazy<MaxMindDatabase>>(cacheKey, lazy));
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var lazy in _databases.Values)
        {
            if (lazy.IsValueCreated)
            {
                lazy.Value.Dispose();
            }
        }

        _databases.Clear();
    }
}
