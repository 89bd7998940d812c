namespace ContentGate.Actions.Notices;

/// <summary>
/// What <see cref="NoticeInjectingBodyFeature"/> inserts into a page, at which places, and how it marks the
/// response for caches. Immutable; build one per configured set of notices at start-up (or configuration reload)
/// and share it between requests.
/// </summary>
internal sealed class NoticeInjection
{
    // Indexed by Slot(placement): AfterBodyStart, BeforeBodyEnd, AtMarker.
    private readonly byte[][] _utf8;
    private readonly byte[][] _ascii;

    private NoticeInjection(string afterBodyStart, string beforeBodyEnd, string atMarker, bool cdnCacheKeyIncludesRegion)
    {
        string[] html = [afterBodyStart, beforeBodyEnd, atMarker];
        _utf8 = Array.ConvertAll(html, NoticeMarkup.ToUtf8);
        _ascii = Array.ConvertAll(html, NoticeMarkup.ToAsciiWithCharacterReferences);
        CdnCacheKeyIncludesRegion = cdnCacheKeyIncludesRegion;
        Placements = (afterBodyStart.Length > 0 ? NoticePlacements.AfterBodyStart : NoticePlacements.None)
            | (beforeBodyEnd.Length > 0 ? NoticePlacements.BeforeBodyEnd : NoticePlacements.None)
            | (atMarker.Length > 0 ? NoticePlacements.AtMarker : NoticePlacements.None);
    }

    /// <summary>
    /// An injection that changes nothing at all, not even the cache headers: for a response ContentGate must watch
    /// (routing has not picked the endpoint yet) but no notice policy covers.
    /// </summary>
    public static readonly NoticeInjection Nothing = CacheRulesOnly(cdnCacheKeyIncludesRegion: true);

    /// <summary>Gets the places that have content: any of <see cref="NoticePlacements.AfterBodyStart"/>,
    /// <see cref="NoticePlacements.BeforeBodyEnd"/> and <see cref="NoticePlacements.AtMarker"/>.</summary>
    public NoticePlacements Placements { get; }

    /// <summary>Gets a value indicating whether <c>Cache-Control</c> is left alone (the CDN keys by region).</summary>
    public bool CdnCacheKeyIncludesRegion { get; }

    /// <summary>Gets a value indicating whether there is nothing to insert anywhere (only the cache rules apply).</summary>
    public bool IsEmpty => Placements == NoticePlacements.None;

    /// <summary>Builds the injection for a visitor who must see notices right after the body start tag only.</summary>
    /// <param name="html">
    /// The complete HTML to insert after the body start tag, each notice already wrapped in its
    /// <c>data-contentgate-notice</c> element. An empty string behaves like <see cref="CacheRulesOnly"/>.
    /// </param>
    /// <param name="cdnCacheKeyIncludesRegion">
    /// <see langword="true"/> when every shared cache in front of the app keys its cache by the visitor's
    /// region, so <c>Cache-Control</c> is left as the app set it.
    /// </param>
    /// <returns>An immutable injection to share between requests.</returns>
    public static NoticeInjection Create(string html, bool cdnCacheKeyIncludesRegion) =>
        Create(html, string.Empty, string.Empty, cdnCacheKeyIncludesRegion);

    /// <summary>Builds the injection for a visitor who must see notices, at up to three places in the page.</summary>
    /// <remarks>
    /// Each non-empty piece is inserted at most once; see <see cref="NoticePlacements"/> for where, and for the
    /// fallbacks when the page has no marker comment or no <c>&lt;/body&gt;</c>. Nothing is inserted into a page
    /// without a real <c>&lt;body</c> start tag. Where several pieces meet (an empty body, a missing marker) they come
    /// in the order after-body-start, at-marker, before-body-end.
    /// </remarks>
    /// <param name="afterBodyStart">HTML to insert right after the body start tag; empty for none.</param>
    /// <param name="beforeBodyEnd">HTML to insert right before the body end tag; empty for none.</param>
    /// <param name="atMarker">HTML to insert right after the <c>&lt;!-- contentgate:notice --&gt;</c> comment; empty for none.</param>
    /// <param name="cdnCacheKeyIncludesRegion">
    /// <see langword="true"/> when every shared cache in front of the app keys its cache by the visitor's
    /// region, so <c>Cache-Control</c> is left as the app set it.
    /// </param>
    /// <returns>An immutable injection to share between requests; all three empty behaves like <see cref="CacheRulesOnly"/>.</returns>
    public static NoticeInjection Create(string afterBodyStart, string beforeBodyEnd, string atMarker, bool cdnCacheKeyIncludesRegion)
    {
        ArgumentNullException.ThrowIfNull(afterBodyStart);
        ArgumentNullException.ThrowIfNull(beforeBodyEnd);
        ArgumentNullException.ThrowIfNull(atMarker);
        return new NoticeInjection(afterBodyStart, beforeBodyEnd, atMarker, cdnCacheKeyIncludesRegion);
    }

    /// <summary>
    /// Builds the injection for a visitor who is not shown a notice on a path a notice policy covers: no bytes
    /// are inserted, but HTML responses still get the cache rules, because their content depends on the region.
    /// </summary>
    /// <param name="cdnCacheKeyIncludesRegion">Whether every shared cache keys by region (then nothing changes at all).</param>
    /// <returns>An immutable injection to share between requests.</returns>
    public static NoticeInjection CacheRulesOnly(bool cdnCacheKeyIncludesRegion) =>
        new(string.Empty, string.Empty, string.Empty, cdnCacheKeyIncludesRegion);

    /// <summary>Gets the bytes to insert at one place, in the form that fits the page.</summary>
    /// <param name="placement">
    /// Exactly one of <see cref="NoticePlacements.AfterBodyStart"/>, <see cref="NoticePlacements.BeforeBodyEnd"/> and
    /// <see cref="NoticePlacements.AtMarker"/>.
    /// </param>
    /// <param name="encoding">
    /// <see cref="NoticeEncoding.Utf8"/> for pages whose charset is UTF-8; <see cref="NoticeEncoding.Ascii"/> (ASCII
    /// with character references) for every other ASCII-compatible charset.
    /// </param>
    /// <returns>The bytes; empty when nothing goes there.</returns>
    public ReadOnlyMemory<byte> GetBytes(NoticePlacements placement, NoticeEncoding encoding)
    {
        var slot = placement switch
        {
            NoticePlacements.AfterBodyStart => 0,
            NoticePlacements.BeforeBodyEnd => 1,
            NoticePlacements.AtMarker => 2,
            _ => throw new ArgumentOutOfRangeException(nameof(placement), placement, "Expected exactly one place."),
        };
        return encoding == NoticeEncoding.Utf8 ? _utf8[slot] : _ascii[slot];
    }
}
