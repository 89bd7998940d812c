namespace ContentGate.Regions;

/// <summary>
/// The published region of a request. Immutable, so the resolver shares one instance between every request with the
/// same answer (the region resolver among the sources keeps them): nothing here may depend on the request itself.
/// </summary>
internal sealed class RegionFeature(Region region, string? source, RegionUnknownReason unknownReason, string? varyHeader = null) : IRegionFeature
{
    public Region Region { get; } = region;

    public string? Source { get; } = source;

    public RegionUnknownReason UnknownReason { get; } = unknownReason;

    /// <summary>The request header the region came from, when a header source answered; responses it decided vary on it.</summary>
    public string? VaryHeader { get; } = varyHeader;
}
