using ContentGate.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCaching;

namespace ContentGate.Caching;

/// <summary>
/// Keeps a response that depends on the reader's region out of an output cache or a response cache that runs before
/// ContentGate: such a cache would serve one region's answer to every region without ContentGate seeing the requests.
/// </summary>
internal static class CachesInFront
{
    /// <summary>
    /// Tells an output cache in front not to store the response, and reports a response cache in front (which stores
    /// only public responses, and decides when the first byte reaches it: the caller must make the response private by
    /// then). Each order is reported once.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="path">The request path, for the report.</param>
    /// <param name="cdnCacheKeyIncludesRegion">The configured <c>Caching:CdnCacheKeyIncludesRegion</c>.</param>
    /// <param name="diagnostics">Where the order is reported.</param>
    /// <param name="responseCacheInFront">Whether a response cache runs before ContentGate.</param>
    /// <returns>Whether <c>Cache-Control</c> may stay shared-cacheable for this response: never with a response cache in front, which does not key by region whatever the CDN does.</returns>
    public static bool KeepOut(HttpContext context, PathString path, bool cdnCacheKeyIncludesRegion, PipelineDiagnostics diagnostics, out bool responseCacheInFront)
    {
        if (context.Features.Get<IOutputCacheFeature>() is { } outputCache)
        {
            outputCache.Context.AllowCacheStorage = false;
            diagnostics.OutputCacheBeforeContentGate(path.Value ?? "/");
        }

        responseCacheInFront = context.Features.Get<IResponseCachingFeature>() is not null;
        if (responseCacheInFront)
        {
            diagnostics.ResponseCachingBeforeContentGate(path.Value ?? "/");
            return false;
        }

        return cdnCacheKeyIncludesRegion;
    }
}
