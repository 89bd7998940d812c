namespace ContentGate.MaxMind;

/// <summary>Where the MaxMind database is. Configuration section <c>ContentGate:MaxMind</c>.</summary>
public sealed class MaxMindOptions
{
    /// <summary>
    /// Gets or sets the path of a GeoIP2 or GeoLite2 <b>Country</b> or <b>City</b> database (<c>.mmdb</c>).
    /// A relative path is resolved against the host's content root. Configuration key
    /// <c>ContentGate:MaxMind:DatabasePath</c>.
    /// </summary>
    /// <remarks>
    /// Required when any policy is configured. The file is checked at start-up (format, database type, probe
    /// lookups) and read into memory. When it is replaced (geoipupdate renames a new file over it; a copy over it
    /// in place works too), the new file is checked the same way once it has stopped changing and swapped in
    /// without a restart; lookups in flight finish on the old one. A replacement that does not validate, or a
    /// Country database replacing a City one, is logged as an error and ignored: the old database keeps serving.
    /// Subdivisions are only available from City databases. Defaults to <see langword="null"/> (not set).
    /// </remarks>
    public string? DatabasePath { get; set; }
}
