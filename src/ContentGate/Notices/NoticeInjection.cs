namespace ContentGate.Notices;

/// <summary>
/// What <see cref="NoticeInjectingBodyFeature"/> inserts into a page and how it marks the response for caches.
/// Immutable; build one per configured set of notices at start-up (or configuration reload) and share it
/// between requests.
/// </summary>
internal sealed class NoticeInjection
{
    private NoticeInjection(string html, bool keepSharedCacheable)
    {
        Utf8 = NoticeMarkup.ToUtf8(html);
        Ascii = NoticeMarkup.ToAsciiWithCharacterReferences(html);
        KeepSharedCacheable = keepSharedCacheable;
    }

    /// <summary>Gets the notice for pages whose charset is UTF-8.</summary>
    public ReadOnlyMemory<byte> Utf8 { get; }

    /// <summary>Gets the notice as ASCII with character references, for every other ASCII-compatible charset.</summary>
    public ReadOnlyMemory<byte> Ascii { get; }

    /// <summary>Gets a value indicating whether <c>Cache-Control</c> is left alone (the CDN keys by region).</summary>
    public bool KeepSharedCacheable { get; }

    /// <summary>Gets a value indicating whether there is nothing to insert (only the cache rules apply).</summary>
    public bool IsEmpty => Utf8.IsEmpty;

    /// <summary>Builds the injection for a visitor who must see notices.</summary>
    /// <param name="html">
    /// The complete HTML to insert after the body start tag, each notice already wrapped in its
    /// <c>data-contentgate-notice</c> element. An empty string behaves like <see cref="CacheRulesOnly"/>.
    /// </param>
    /// <param name="keepSharedCacheable">
    /// <see langword="true"/> when every shared cache in front of the app keys its cache by the visitor's
    /// region, so <c>Cache-Control</c> is left as the app set it.
    /// </param>
    /// <returns>An immutable injection to share between requests.</returns>
    public static NoticeInjection Create(string html, bool keepSharedCacheable)
    {
        ArgumentNullException.ThrowIfNull(html);
        return new NoticeInjection(html, keepSharedCacheable);
    }

    /// <summary>
    /// Builds the injection for a visitor who is not shown a notice on a path a notice policy covers: no bytes
    /// are inserted, but HTML responses still get the cache rules, because their content depends on the region.
    /// </summary>
    /// <param name="keepSharedCacheable">Whether every shared cache keys by region (then nothing changes at all).</param>
    /// <returns>An immutable injection to share between requests.</returns>
    public static NoticeInjection CacheRulesOnly(bool keepSharedCacheable) => new(string.Empty, keepSharedCacheable);
}
