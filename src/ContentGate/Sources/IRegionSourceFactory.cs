namespace ContentGate.Sources;

/// <summary>
/// Creates the region sources of one <c>Type</c> named in <c>ContentGate:Sources</c>: the way to add a source of your
/// own (or of another package) next to ContentGate's built-in ones. Register it with
/// <see cref="ContentGateBuilder.AddRegionSource{TFactory}(string)"/>.
/// </summary>
/// <example>
/// <code>
/// builder.Services.AddContentGate(builder.Configuration.GetSection("ContentGate")).AddRegionSource&lt;MyGeoSourceFactory&gt;("MyGeo");
/// // appsettings.json: "Sources": [ { "Type": "MyGeo", "Endpoint": "…" }, { "Type": "MaxMindDatabase" } ]
/// </code>
/// </example>
public interface IRegionSourceFactory
{
    /// <summary>
    /// Validates one <c>ContentGate:Sources</c> entry of this factory's type and creates its source. Called at start-up
    /// and on each configuration reload, on every entry of the type. Report each mistake with
    /// <see cref="RegionSourceEntry.AddProblem(string)"/> (the host then does not start, or a reload is refused) and
    /// return <see langword="null"/>. Do no I/O here: connect on first use.
    /// </summary>
    /// <param name="entry">The entry: its key, its configuration and the app's services.</param>
    /// <returns>The source, or <see langword="null"/> when the entry has problems.</returns>
    IRegionSource? Create(RegionSourceEntry entry);
}
