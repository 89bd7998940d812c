namespace ContentGate.Caching;

/// <summary>How responses whose content depends on the visitor's region are marked for caches.</summary>
public sealed class CachingOptions
{
    /// <summary>
    /// Gets or sets a value indicating whether every shared cache in front of the app (CDN, reverse proxy)
    /// includes the visitor's region in its cache key. Configuration key
    /// <c>ContentGate:Caching:CdnCacheKeyIncludesRegion</c>.
    /// </summary>
    /// <remarks>
    /// When <see langword="false"/>, ContentGate marks every response whose content depends on the region
    /// <c>Cache-Control: private</c>, so a shared cache never serves a page without the notice to a visitor who
    /// must see it. Set it to <see langword="true"/> only when the CDN's cache key really includes the country
    /// and subdivision ContentGate uses. Defaults to <see langword="false"/>.
    /// </remarks>
    public bool CdnCacheKeyIncludesRegion { get; set; } = ContentGateDefaults.CdnCacheKeyIncludesRegion;
}
