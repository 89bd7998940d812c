namespace ContentGate.Regions;

/// <summary>Why a visitor's region could not be determined.</summary>
public enum RegionUnknownReason
{
    /// <summary>The region is known.</summary>
    None = 0,

    /// <summary>The connection had no remote address (for example an in-process test server).</summary>
    NoClientAddress,

    /// <summary>The address is loopback, private, link-local or otherwise not routable on the internet.</summary>
    NonPublicAddress,

    /// <summary>The sources had no data for the address, or the data had no country.</summary>
    NotFound,

    /// <summary>A source failed while looking the address up (for example a corrupt database).</summary>
    LookupFailed,
}
