using System.Net;
using ContentGate.Diagnostics;
using ContentGate.Regions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContentGate.MaxMind;

/// <summary>
/// A MaxMind DB file (GeoIP2/GeoLite2, DB-IP or IPinfo; places, or autonomous systems), opened, verified, compiled and
/// shared for the life of the app; when
/// opened with reload settings it also follows the file: a replacement is loaded, verified exactly as at start-up
/// and swapped in without a restart. Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Lookups read the load in use through one volatile field: a load is the compiled index and its network cache,
/// managed memory only, so a lookup takes no lock and no lease. A replacement is published by writing that field; the
/// previous load is collected once the last lookup reading it has finished.
/// </para>
/// <para>
/// A replacement is read and verified (every search tree node and data record) on a background task while lookups
/// keep going to the load in use. One that does not validate (corrupt, truncated, not a MaxMind DB, in another
/// provider's layout, a database type without countries, or a Country database replacing a City one) is logged as an
/// Error, counted, and remembered for the health check; the database in use keeps serving. The same file is not tried
/// again until it changes.
/// </para>
/// </remarks>
internal sealed partial class MaxMindDatabase : IDisposable, IObservedDatabase
{
    private readonly string _key;
    private readonly DatabaseReading _reading;
    private readonly MaxMindReloadSettings? _settings;
    private readonly ContentGateMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly Lock _swapLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationToken _stoppingToken;
    private readonly MaxMindDatabaseWatcher? _watcher;
    private readonly IDisposable? _ageRegistration;
    private volatile MaxMindDatabaseGeneration _current;
    private volatile MaxMindDatabaseRejection? _lastRejection;
    private MaxMindDatabaseFileStamp? _rejectedStamp;
    private int _reloadRequested;
    private int _reloadRunning;
    private bool _disposed;

    private MaxMindDatabase(MaxMindDatabaseGeneration first, string key, DatabaseReading reading, MaxMindReloadSettings? settings, ContentGateMetrics? metrics, ILoggerFactory? loggerFactory)
    {
        _current = first;
        _key = key;
        _reading = reading;
        _settings = settings;
        _metrics = metrics;
        _logger = (ILogger?)loggerFactory?.CreateLogger<MaxMindDatabase>() ?? NullLogger.Instance;
        Path = first.Path;
        _stoppingToken = _stopping.Token;
        if (settings is not null)
        {
            _watcher = new MaxMindDatabaseWatcher(Path, settings, RequestReload, ex => Log.WatchFailed(_logger, Path, ex.GetType().Name, ex.Message));
        }

        _ageRegistration = metrics?.TrackDatabase(this);
        LogUnmapped(first);
    }

    /// <summary>The full path of the file.</summary>
    public string Path { get; }

    /// <summary>The <c>database_type</c> of the load in use, such as <c>GeoLite2-City</c>.</summary>
    public string DatabaseType => _current.DatabaseType;

    /// <summary>The <c>build_epoch</c> of the load in use, in UTC.</summary>
    public DateTime BuildDate => _current.BuildDate;

    /// <summary>Whether the load in use can answer subdivisions (a City-level file in a layout that carries them).</summary>
    public bool HasSubdivisions => _current.HasSubdivisions;

    /// <summary>Whether the load in use carries autonomous systems.</summary>
    public bool HasAutonomousSystems => _current.HasAutonomousSystems;

    /// <summary>The provider layout the load in use was read in.</summary>
    internal Verification.RecordSchema Schema => _current.Schema;

    /// <summary>DB-IP subdivision names of the load in use that could not be mapped to ISO 3166-2 codes.</summary>
    public UnmappedSubdivisionNames UnmappedNames => _current.UnmappedNames;

    /// <summary>The load in use and the last rejected replacement, as one consistent record.</summary>
    public MaxMindDatabaseStatus Status
    {
        get
        {
            var current = _current;
            return new MaxMindDatabaseStatus(current.Path, current.DatabaseType, current.BuildDate, current.Number, current.LoadedAt, _lastRejection)
            {
                UnmappedNames = current.UnmappedNames,
            };
        }
    }

    /// <inheritdoc/>
    public (string DatabaseType, DateTime BuildDate, string Path) Observe()
    {
        var current = _current;
        return (current.DatabaseType, current.BuildDate, current.Path);
    }

    /// <summary>Raised after each reload attempt that reached a verdict (accepted or rejected); for tests and diagnostics.</summary>
    public event Action<MaxMindDatabaseStatus>? Reloaded;

    /// <summary>
    /// Opens and checks the database once, without following the file, or throws <see cref="MaxMindDatabaseException"/>
    /// saying what to fix. For one-off checks and tests; the app gets its databases from <see cref="MaxMindDatabaseCache"/>.
    /// </summary>
    public static MaxMindDatabase Open(string path, string key) => Open(path, key, settings: null, metrics: null, loggerFactory: null);

    /// <summary>
    /// Opens and checks the database, or throws <see cref="MaxMindDatabaseException"/> saying what to fix. With
    /// <paramref name="settings"/>, the file is watched and replacements are loaded.
    /// </summary>
    public static MaxMindDatabase Open(string path, string key, MaxMindReloadSettings? settings, ContentGateMetrics? metrics, ILoggerFactory? loggerFactory, DatabaseReading reading = default)
    {
        var first = MaxMindDatabaseGeneration.Load(path, key, number: 1, reading: reading);
        return new MaxMindDatabase(first, key, reading, settings, metrics, loggerFactory);
    }

    /// <summary>
    /// Looks an address up in the load in use. Returns <see langword="false"/> when the database has no record for it
    /// or the record has no usable country. Throws <see cref="global::MaxMind.Db.InvalidDatabaseException"/> when the
    /// data is corrupt, and <see cref="ObjectDisposedException"/> once the database is disposed (the app is stopping).
    /// </summary>
    /// <remarks>
    /// Needs no lease: the network cache and the compiled index are managed memory that lives as long as the load
    /// object, so no reader is touched and no counter every request shares is written.
    /// </remarks>
    public bool TryFind(IPAddress address, out Region region)
    {
        region = Find(address);
        return region.IsKnown;
    }

    /// <summary>
    /// The answer for an address in the load in use, as compiled: a known region, <see cref="Region.Unknown"/>, or in an
    /// autonomous system file a region that carries only the autonomous system (see <see cref="Region.AutonomousSystemNumber"/>).
    /// </summary>
    public Region Find(IPAddress address)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        return _current.Find(address);
    }

    /// <summary>The load in use: for tests and benchmarks that read the compiled index directly.</summary>
    internal MaxMindDatabaseGeneration Current => _current;

    /// <summary>
    /// Asks for a check of the file: called by the watcher on every notification and timer tick, and by tests. Returns
    /// at once; at most one check runs at a time, and a request during a check causes one more check after it.
    /// </summary>
    internal void RequestReload()
    {
        if (_settings is null || Volatile.Read(ref _disposed))
        {
            return;
        }

        Volatile.Write(ref _reloadRequested, 1);
        if (Interlocked.CompareExchange(ref _reloadRunning, 1, 0) == 0)
        {
            _ = Task.Run(RunReloadsAsync);
        }
    }

    private async Task RunReloadsAsync()
    {
        while (true)
        {
            while (Interlocked.Exchange(ref _reloadRequested, 0) == 1)
            {
                try
                {
                    await ReloadIfChangedAsync(_settings!, _stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Never let the loop die with the running flag set: later replacements would go unnoticed.
                    Log.ReloadFailed(_logger, Path, ex.GetType().Name, ex.Message);
                }
            }

            Volatile.Write(ref _reloadRunning, 0);

            // A request that came after the last check but before the flag was cleared would otherwise be lost.
            if (Volatile.Read(ref _reloadRequested) == 0 || Interlocked.CompareExchange(ref _reloadRunning, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private async Task ReloadIfChangedAsync(MaxMindReloadSettings settings, CancellationToken cancellationToken)
    {
        var stamp = MaxMindDatabaseFileStamp.Read(Path);
        while (true)
        {
            if (stamp == _current.Stamp || stamp == _rejectedStamp)
            {
                return;
            }

            // Wait until the file stops changing: a copy in place is written over time, and is complete only
            // when its size and times stay put.
            await Task.Delay(settings.StableFor, cancellationToken).ConfigureAwait(false);
            var settled = MaxMindDatabaseFileStamp.Read(Path);
            if (settled != stamp)
            {
                stamp = settled;
                continue;
            }

            MaxMindDatabaseGeneration next;
            try
            {
                next = MaxMindDatabaseGeneration.Load(Path, _key, _current.Number + 1, settings.Verifying, _reading);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var now = MaxMindDatabaseFileStamp.Read(Path);
                if (now != stamp)
                {
                    // Changed while being read: no verdict on a file that is no longer there.
                    stamp = now;
                    continue;
                }

                Reject(stamp, ex is MaxMindDatabaseException ? ex.Message : $"{_key}: the file '{Path}' cannot be loaded ({ex.GetType().Name}: {ex.Message}).");
                return;
            }

            var after = MaxMindDatabaseFileStamp.Read(Path);
            if (next.Stamp != stamp || after != stamp)
            {
                // Changed while being read: the bytes may mix two files even if they happened to validate.
                stamp = after;
                continue;
            }

            var current = _current;
            if (current.HasSubdivisions && !next.HasSubdivisions)
            {
                Reject(stamp,
                    $"{_key}: the file '{Path}' is now a '{next.DatabaseType}' database, which has no subdivisions, replacing a " +
                    $"'{current.DatabaseType}' database, which has them; policies that list subdivision codes (such as UA-43) would " +
                    "never match again. Replace it with a City database (if no policy lists a subdivision, a restart accepts the Country database).");
                return;
            }

            if (current.HasAutonomousSystems && !next.HasAutonomousSystems)
            {
                Reject(stamp,
                    $"{_key}: the file '{Path}' is now a '{next.DatabaseType}' database whose records carry no autonomous system, replacing a " +
                    $"'{current.DatabaseType}' database whose records do; policies that list autonomous systems (such as AS12389) would never match again. " +
                    "Replace it with a file that carries them (if no policy lists one, a restart accepts this file).");
                return;
            }

            Accept(next);
            return;
        }
    }

    private void Accept(MaxMindDatabaseGeneration next)
    {
        MaxMindDatabaseGeneration previous;
        lock (_swapLock)
        {
            if (_disposed)
            {
                return;
            }

            previous = _current;
            _current = next;
            _rejectedStamp = null;
            _lastRejection = null;
        }

        // Collected once no lookup in flight reads it any more.
        _metrics?.DatabaseReload(ContentGateMetrics.ReloadAccepted);
        Log.Reloaded(_logger, Path, next.DatabaseType, next.BuildDate, previous.BuildDate);
        LogUnmapped(next);
        Reloaded?.Invoke(Status);
    }

    private void Reject(MaxMindDatabaseFileStamp stamp, string reason)
    {
        lock (_swapLock)
        {
            if (_disposed)
            {
                return;
            }

            _rejectedStamp = stamp;
            _lastRejection = new MaxMindDatabaseRejection(DateTimeOffset.UtcNow, reason);
        }

        _metrics?.DatabaseReload(ContentGateMetrics.ReloadRejected);
        Log.ReloadRejected(_logger, Path, _current.BuildDate, reason);
        Reloaded?.Invoke(Status);
    }

    public void Dispose()
    {
        lock (_swapLock)
        {
            if (_disposed)
            {
                return;
            }

            Volatile.Write(ref _disposed, true);
        }

        _stopping.Cancel();
        _watcher?.Dispose();
        _ageRegistration?.Dispose();

        _stopping.Dispose();
    }

    private void LogUnmapped(MaxMindDatabaseGeneration generation)
    {
        if (generation.UnmappedNames.Names > 0)
        {
            Log.UnmappedNames(_logger, Path, generation.DatabaseType, generation.UnmappedNames.Names, generation.UnmappedNames.Networks, string.Join(", ", generation.UnmappedNames.Examples));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(36, LogLevel.Warning, "The database '{Path}' ('{DatabaseType}') names {Names} subdivisions that ContentGate could not map to ISO 3166-2 codes, in {Networks} networks: readers there carry their country and no subdivision. For example {Examples}. See docs/subdivision-names.md to add an alias.", EventName = "SubdivisionNamesUnmapped")]
        public static partial void UnmappedNames(ILogger logger, string path, string databaseType, int names, int networks, string examples);

        [LoggerMessage(32, LogLevel.Information, "The MaxMind database '{Path}' was replaced and reloaded: a '{DatabaseType}' database built {BuildDate:u} (the previous one was built {PreviousBuildDate:u}).", EventName = "DatabaseReloaded")]
        public static partial void Reloaded(ILogger logger, string path, string databaseType, DateTime buildDate, DateTime previousBuildDate);

        [LoggerMessage(33, LogLevel.Error, "The MaxMind database '{Path}' was replaced by a file that does not validate; the database built {BuildDate:u} keeps serving. {Reason}", EventName = "DatabaseReloadRejected")]
        public static partial void ReloadRejected(ILogger logger, string path, DateTime buildDate, string reason);

        [LoggerMessage(35, LogLevel.Error, "Checking the MaxMind database '{Path}' for a replacement failed unexpectedly ({ErrorType}: {Error}); the database in use keeps serving.", EventName = "DatabaseReloadFailed")]
        public static partial void ReloadFailed(ILogger logger, string path, string errorType, string error);

        [LoggerMessage(34, LogLevel.Warning, "Changes to the MaxMind database '{Path}' cannot be watched ({ErrorType}: {Error}); a replacement is noticed by the periodic check only.", EventName = "DatabaseWatchFailed")]
        public static partial void WatchFailed(ILogger logger, string path, string errorType, string error);
    }
}
