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
    /// Required when any policy is configured. The file is opened once at start-up, checked (format, database
    /// type, a probe lookup) and read into memory, so replacing it on disk never corrupts lookups in flight.
    /// Subdivisions are only available from City databases. Defaults to <see langword="null"/> (not set).
    /// </remarks>
    public string? DatabasePath { get; set; }
}
