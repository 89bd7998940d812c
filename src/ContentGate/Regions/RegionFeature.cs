namespace ContentGate.Regions;

internal sealed class RegionFeature(Region region, string? source, RegionUnknownReason unknownReason) : IRegionFeature
{
    public Region Region { get; } = region;

    public string? Source { get; } = source;

    public RegionUnknownReason UnknownReason { get; } = unknownReason;
}
