namespace ContentGate.MaxMind;

/// <summary>
/// How a database file is watched for replacement. Internal: the defaults suit production, and tests shorten them
/// with <c>services.Configure&lt;MaxMindReloadSettings&gt;(…)</c>.
/// </summary>
internal sealed class MaxMindReloadSettings
{
    /// <summary>Whether a replaced file is loaded without a restart. Defaults to <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether to be told of changes by the file system (a <c>FileSystemWatcher</c> through
    /// <c>PhysicalFileProvider</c>, which honours <c>DOTNET_USE_POLLING_FILE_WATCHER</c>). Defaults to
    /// <see langword="true"/>; the periodic check runs either way.
    /// </summary>
    public bool UseFileSystemWatcher { get; set; } = true;

    /// <summary>
    /// How often the file's size and times are compared with the loaded file's, as a safety net for file systems
    /// whose change notifications are lost or never sent (network shares, some container volumes). Defaults to 30 seconds;
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns the check off.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the file's size and times must stay unchanged before it is read, so a file copied over in place is
    /// read once it is complete rather than half written. Defaults to 2 seconds.
    /// </summary>
    public TimeSpan StableFor { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Called on the reload task once a replacement has been read into memory and before it is verified; blocking in it
    /// holds the reload there while the database in use keeps serving. For tests, which use it to observe a reload in
    /// progress without timing. Defaults to <see langword="null"/>.
    /// </summary>
    public Action? Verifying { get; set; }
}
