namespace ContentGate.MaxMind;

/// <summary>
/// Where the MaxMind DB (<c>.mmdb</c>) files are: MaxMind's GeoIP2/GeoLite2, DB-IP's or IPinfo's. Configuration section
/// <c>ContentGate:MaxMind</c>.
/// </summary>
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

    /// <summary>
    /// Gets or sets the path of a database of autonomous systems (GeoLite2-ASN, GeoIP2-ISP, DB-IP ASN Lite, or an
    /// IPinfo Lite file), for policies and region sets that list networks such as <c>AS12389</c>. Checked, read, verified
    /// and followed like <see cref="DatabasePath"/>. Configuration key <c>ContentGate:MaxMind:AsnDatabasePath</c>.
    /// </summary>
    /// <remarks>
    /// Not needed when the file at <see cref="DatabasePath"/> carries autonomous systems itself (GeoIP2 Enterprise,
    /// IPinfo Lite); when both give one, this file's wins. Defaults to <see langword="null"/> (not set).
    /// </remarks>
    public string? AsnDatabasePath { get; set; }

    /// <summary>
    /// Gets or sets whose layout the files' records follow. <see cref="DatabaseProvider.Auto"/> (the default) recognises
    /// it from each file's <c>database_type</c> (<c>GeoIP2-…</c>/<c>GeoLite2-…</c>, <c>DBIP-…</c>, <c>ipinfo …</c>);
    /// name the provider for a file whose type does not say. Configuration key <c>ContentGate:MaxMind:Provider</c>.
    /// </summary>
    public DatabaseProvider Provider { get; set; }
}
