using ContentGate.Regions;

namespace ContentGate.Sources;

/// <summary>A region source's answer: a region, or why it has none, and the word the metrics count it under.</summary>
public readonly struct RegionAnswer
{
    private RegionAnswer(Region? region, RegionUnknownReason reason, string? varyHeader, string outcome, bool peerIsProxy = false)
    {
        PeerIsProxy = peerIsProxy;
        Region = region;
        Reason = reason;
        VaryHeader = varyHeader;
        Outcome = outcome;
    }

    /// <summary>Gets the region, when the source answered.</summary>
    public Region? Region { get; }

    /// <summary>Gets why there is no region (<see cref="RegionUnknownReason.None"/> when there is one).</summary>
    public RegionUnknownReason Reason { get; }

    /// <summary>
    /// Gets the request header the answer came from, so responses decided by it carry <c>Vary</c> on it;
    /// <see langword="null"/> for address-based sources.
    /// </summary>
    public string? VaryHeader { get; }

    /// <summary>
    /// Gets the <c>contentgate.region.outcome</c> metric tag: <c>found</c>, <c>not_found</c>, <c>untrusted</c>,
    /// <c>timeout</c>, … — one of a few fixed words, never a value from the request.
    /// </summary>
    public string Outcome { get; }

    /// <summary>Gets a value indicating whether the source answered with a region.</summary>
    public bool IsFound => Region is not null;

    /// <summary>
    /// Gets a value indicating whether the connection came from a trusted proxy (a CDN edge) that sent no usable region:
    /// its address is the proxy's, so address-based sources after this one are not asked (they would place the reader
    /// at the CDN).
    /// </summary>
    public bool PeerIsProxy { get; }

    /// <summary>A region: the source answered. Counted as <c>found</c>.</summary>
    /// <param name="region">The visitor's region; must be known.</param>
    /// <param name="varyHeader">The request header it came from, if any (responses then vary on it).</param>
    /// <returns>The answer.</returns>
    public static RegionAnswer Found(Region region, string? varyHeader = null)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (!region.IsKnown)
        {
            throw new ArgumentException("A found answer needs a known region; use NoAnswer for an unknown one.", nameof(region));
        }

        return new(region, RegionUnknownReason.None, varyHeader, "found");
    }

    /// <summary>No region: the next source is asked, and if none answers each policy applies its fail mode.</summary>
    /// <param name="reason">
    /// <see cref="RegionUnknownReason.NotFound"/> when the source has no data for the visitor,
    /// <see cref="RegionUnknownReason.LookupFailed"/> when the source failed (it outranks every other reason).
    /// </param>
    /// <param name="outcome">The metric tag: a short fixed word such as <c>not_found</c> or <c>timeout</c>.</param>
    /// <returns>The answer.</returns>
    public static RegionAnswer NoAnswer(RegionUnknownReason reason, string outcome) => new(null, reason, null, outcome);

    /// <summary>
    /// No region, from a trusted proxy that should have sent one: address-based sources after this one are skipped.
    /// </summary>
    /// <param name="reason">Why there is no region.</param>
    /// <param name="outcome">The metric tag.</param>
    /// <returns>The answer.</returns>
    public static RegionAnswer NoAnswerFromProxy(RegionUnknownReason reason, string outcome) => new(null, reason, null, outcome, peerIsProxy: true);
}
