using ContentGate.Caching;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ContentGate.Actions.Notices;

/// <summary>
/// Adjusts the headers of an HTML response whose content depends on the visitor's region, before they are sent.
/// </summary>
internal static class NoticeResponseHeaders
{
    /// <summary>
    /// Applies the header rules for an eligible HTML response.
    /// </summary>
    /// <remarks>
    /// <para>
    /// When <paramref name="injecting"/>: <c>Content-Length</c> goes (the body grows; the response is sent
    /// chunked or delimited by closing the connection), and so do <c>ETag</c>, <c>Last-Modified</c>,
    /// <c>Content-MD5</c> and <c>Accept-Ranges</c>: a validator or a byte range of the unmodified page must never
    /// be matched against, or stitched onto, a page that carries the notice.
    /// </para>
    /// <para>
    /// Unless <paramref name="cdnCacheKeyIncludesRegion"/>, <c>Cache-Control</c> becomes private (see
    /// <see cref="SharedCacheRules.TryMakePrivate"/>), whether or not bytes are inserted: the same URL gives different pages in
    /// different regions, and a shared cache that does not key by region must not store either.
    /// </para>
    /// </remarks>
    /// <param name="headers">The response headers, not sent yet.</param>
    /// <param name="injecting">Whether bytes will be inserted into the body.</param>
    /// <param name="cdnCacheKeyIncludesRegion">Whether every shared cache keys by region.</param>
    public static void Apply(IHeaderDictionary headers, bool injecting, bool cdnCacheKeyIncludesRegion)
    {
        ArgumentNullException.ThrowIfNull(headers);

        if (injecting)
        {
            headers.ContentLength = null;
            headers.Remove(HeaderNames.ETag);
            headers.Remove(HeaderNames.LastModified);
            headers.Remove(HeaderNames.ContentMD5);
            headers.Remove(HeaderNames.AcceptRanges);
        }

        if (!cdnCacheKeyIncludesRegion && SharedCacheRules.TryMakePrivate(headers.CacheControl, out var cacheControl))
        {
            headers.CacheControl = cacheControl;
        }
    }
}
