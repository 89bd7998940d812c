using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Primitives;

namespace ContentGate.MaxMind;

/// <summary>
/// Tells its owner when a database file may have changed: on every file-system notification for the file's name in
/// its directory (which covers a new file renamed over it, as geoipupdate does, and a copy over it in place), and
/// on every tick of a periodic timer. The owner compares the file's stamp, which is cheap, before doing any work.
/// </summary>
internal sealed class MaxMindDatabaseWatcher : IDisposable
{
    private readonly PhysicalFileProvider? _provider;
    private readonly IDisposable? _subscription;
    private readonly ITimer? _timer;
    private volatile bool _disposed;

    /// <param name="path">The full path of the file.</param>
    /// <param name="settings">Whether to use notifications, and how often to check anyway.</param>
    /// <param name="changed">Called on a thread-pool thread; must return quickly.</param>
    /// <param name="watchFailed">Called with the exception when notifications cannot be set up; the timer still runs.</param>
    public MaxMindDatabaseWatcher(string path, MaxMindReloadSettings settings, Action changed, Action<Exception> watchFailed)
    {
        if (settings.UseFileSystemWatcher && System.IO.Path.GetDirectoryName(path) is { } directory)
        {
            try
            {
                // The directory, not the file: a rename replaces the file's inode, which a watch on the file would lose.
                _provider = new PhysicalFileProvider(directory, ExclusionFilters.None);
                var name = System.IO.Path.GetFileName(path);
                var provider = _provider;

                // ChangeToken.OnChange asks for the next token even while being disposed; a disposed provider must not be asked.
                _subscription = ChangeToken.OnChange(() => _disposed ? NullChangeToken.Singleton : provider.Watch(name), changed);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException or InvalidOperationException)
            {
                // Typically the per-user inotify instance limit. The periodic check still notices a replacement.
                _subscription?.Dispose();
                _provider?.Dispose();
                _subscription = null;
                _provider = null;
                watchFailed(ex);
            }
        }

        if (settings.PollInterval > TimeSpan.Zero && settings.PollInterval != Timeout.InfiniteTimeSpan)
        {
            _timer = TimeProvider.System.CreateTimer(static state => ((Action)state!).Invoke(), changed, settings.PollInterval, settings.PollInterval);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _timer?.Dispose();
        _subscription?.Dispose();
        _provider?.Dispose();
    }
}
