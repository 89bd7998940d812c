using ContentGate.ConformanceTests.Apps;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContentGate.ConformanceTests;

/// <summary>
/// What each pipeline order means for a reader, and what ContentGate reports about it. This is the README's table
/// "Where to put UseContentGate", as code.
/// </summary>
internal sealed class Expectation(AppKind kind, PipelineOrder order)
{
    private static readonly string[] RussiaControlled = ["RU", "UA-43"];

    /// <summary>Forwarded headers read after ContentGate: it sees the proxy (127.0.0.1), so every reader is unknown.</summary>
    private bool EveryReaderUnknown => order == PipelineOrder.ForwardedHeadersAfterContentGate;

    /// <summary>Static files served before ContentGate, on a site whose pages are static files: ContentGate never sees them.</summary>
    private bool PagesBypassContentGate => kind == AppKind.StaticSite && order == PipelineOrder.StaticFilesBeforeContentGate;

    public bool HasEndpointRule => kind != AppKind.StaticSite;

    /// <summary>
    /// The notice shows for the regions it is for; for every reader when ContentGate cannot tell (the notice's fail
    /// mode, Apply); for nobody when the pages never pass through ContentGate (reported, below).
    /// </summary>
    public bool NoticeFor(string region)
        => !PagesBypassContentGate && (EveryReaderUnknown || RussiaControlled.Contains(region));

    /// <summary>
    /// The client accepts br, and it gets it, except a reader whose page carries a notice when the compressor runs
    /// after ContentGate: ContentGate hides Accept-Encoding from it so the page can be rewritten.
    /// </summary>
    /// <remarks>
    /// Blazor's streaming rendering sends <c>Content-Encoding: identity</c> itself so that no compressor buffers the
    /// stream: those pages are never compressed, and still carry the notice.
    /// </remarks>
    public bool CompressedFor(string region)
        => kind != AppKind.BlazorStreaming && !(order == PipelineOrder.CompressionAfterContentGate && NoticeFor(region));

    /// <summary>The article under the Kazakh court order; on the static site, its folder (the files' own URL).</summary>
    public string RestrictedPath => kind == AppKind.StaticSite ? "/articles/restricted-in-kazakhstan/" : "/articles/restricted-in-kazakhstan";

    /// <summary>The front page depends on the region, so it is private — unless ContentGate never saw it.</summary>
    public bool PrivateFrontPage => !PagesBypassContentGate;

    /// <summary>451 by the path rule; 200 when the Block's fail mode (Skip) applies or the page bypasses ContentGate.</summary>
    public int RestrictedStatusForKazakhReader => EveryReaderUnknown || PagesBypassContentGate ? 200 : 451;

    /// <summary>451 by the endpoint's <c>[RegionPolicy]</c>/<c>RequireRegionPolicy</c>, whatever the routing order.</summary>
    public int LiveStatusForKazakhReader => EveryReaderUnknown ? 200 : 451;

    /// <summary>The problems ContentGate logs (Warning or Error, once each) and its health check lists.</summary>
    public IReadOnlyList<string> LoggedProblems => order switch
    {
        PipelineOrder.ForwardedHeadersAfterContentGate => ["ForwardedHeadersAfterContentGate"],
        PipelineOrder.OutputCacheBeforeContentGate => ["OutputCacheBeforeContentGate"],
        PipelineOrder.ResponseCachingBeforeContentGate => ["ResponseCachingBeforeContentGate"],
        PipelineOrder.RoutingAfterContentGate when HasEndpointRule => ["RoutingAfterContentGate"],
        PipelineOrder.StaticFilesBeforeContentGate when kind == AppKind.StaticSite => ["GatedPathAnsweredWithoutContentGate", "NoticePathAnsweredWithoutContentGate"],
        _ => [],
    };

    /// <summary>The health status when a problem means a rule may not have been applied; <see langword="null"/> to leave it (the fixture database's age may degrade it).</summary>
    public HealthStatus? HealthStatus => order == PipelineOrder.ForwardedHeadersAfterContentGate || PagesBypassContentGate
        ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy
        : null;
}
