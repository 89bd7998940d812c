using System.Collections.Concurrent;

namespace ContentGate.MaxMind;

/// <summary>
/// Keeps one opened reader per database file for the life of the app, so validation and every compiled
/// snapshot share it.
/// </summary>
internal sealed class MaxMindDatabaseCache : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<MaxMindDatabase>> _databases = new(StringComparer.Ordinal);

    public MaxMindDatabase GetOrOpen(string fullPath, string key)
    {
        var lazy = _databases.GetOrAdd(fullPath, path => new Lazy<MaxMindDatabase>(() => MaxMindDatabase.Open(path, key)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failed open is not cached: the next validation (after the file is fixed) tries again.
            _databases.TryRemove(new KeyValuePair<string, Lazy<MaxMindDatabase>>(fullPath, lazy));
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
