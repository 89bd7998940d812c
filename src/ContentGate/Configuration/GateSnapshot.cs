using ContentGate.Assets;
using ContentGate.Languages;
using ContentGate.Actions.Notices;
using ContentGate.Policies;
using ContentGate.Preview;
using ContentGate.Sources;

namespace ContentGate.Configuration;

/// <summary>
/// One immutable, compiled configuration: the region sources, the policies and everything the actions need. A
/// configuration change produces a whole new snapshot; nothing in here changes after construction except caches.
/// </summary>
/// <remarks>
/// The middleware publishes the snapshot it used on <c>HttpContext.Features</c> (keyed by this type), so views and
/// code asking about policies and region sets during the request see the same configuration the middleware did.
/// </remarks>
internal sealed class GateSnapshot
{
    public required RegionResolver Resolver { get; init; }

    public required PolicySet Policies { get; init; }

    /// <summary><c>ContentGate:Caching:CdnCacheKeyIncludesRegion</c>: every shared cache keys by region, so <c>Cache-Control</c> is left alone.</summary>
    public bool CdnCacheKeyIncludesRegion { get; init; }

    /// <summary>Builds (and caches) what goes into a page for a set of notices.</summary>
    public required NoticeComposer Notices { get; init; }

    /// <summary>Where ContentGate serves its stylesheet and receives form posts, without a trailing slash.</summary>
    public string PathPrefix => Policies.PathPrefix;

    public StylingSettings Styling { get; init; } = new(true, null);

    /// <summary>The markup that brings the styles into ContentGate's notices and pages, built once.</summary>
    public required StyleMarkup StyleMarkup { get; init; }

    public LanguageSelector Languages { get; init; } = LanguageSelector.Empty;

    public PreviewSettings Preview { get; init; } = new(ContentGateDefaults.PreviewParameter, null, true);

    /// <summary>Full paths of the HTML files the texts were read from; a change to any of them recompiles.</summary>
    public IReadOnlyList<string> WatchedFiles { get; init; } = [];
}
