namespace ContentGate.Sources;

/// <summary>The base of ContentGate's own region sources (the MaxMind database, CDN headers).</summary>
internal abstract class RegionSource : IRegionSource
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract bool UsesClientAddress { get; }

    /// <inheritdoc />
    public virtual bool ProvidesAutonomousSystems => false;

    /// <inheritdoc />
    public abstract ValueTask<RegionAnswer> LookupAsync(RegionQuery query, CancellationToken cancellationToken);
}
