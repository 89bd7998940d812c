namespace ContentGate.Regions;

/// <summary>
/// The visitor's region as ContentGate determined it, published on <c>HttpContext.Features</c> for the
/// rest of the application. Read it with <c>context.Features.Get&lt;IRegionFeature&gt;()</c>.
/// </summary>
public interface IRegionFeature
{
    /// <summary>Gets the visitor's region; <see cref="Region.Unknown"/> when no source could tell.</summary>
    Region Region { get; }

    /// <summary>
    /// Gets the name of the region source that answered (for example <c>maxmind</c>), or
    /// <see langword="null"/> when no source answered.
    /// </summary>
    string? Source { get; }

    /// <summary>Gets why the region is unknown, or <see cref="RegionUnknownReason.None"/> when it is known.</summary>
    RegionUnknownReason UnknownReason { get; }
}
