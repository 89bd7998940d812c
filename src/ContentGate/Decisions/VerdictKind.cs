namespace ContentGate.Decisions;

/// <summary>What one policy said about one request.</summary>
internal enum VerdictKind
{
    /// <summary>
    /// The policy covers the request and acts on this reader (their region; its fail mode Apply; or, for a reader
    /// without a subdivision in a country whose subdivisions it lists, its <c>UnresolvedSubdivision</c>).
    /// </summary>
    Applies,

    /// <summary>
    /// The policy covers the request; the reader's known region is not among its regions (for a reader without a
    /// subdivision in a country whose subdivisions it lists: <c>UnresolvedSubdivision</c> is <c>NoMatch</c>).
    /// </summary>
    DoesNotApply,

    /// <summary>
    /// The policy covers the request; its fail mode is Skip and decided: the region is unknown, or the reader has no
    /// subdivision in a country whose subdivisions it lists and <c>UnresolvedSubdivision</c> is <c>FailMode</c>.
    /// </summary>
    Skipped,

    /// <summary>The policy applies, but the reader dismissed the notice (this version of it).</summary>
    Dismissed,

    /// <summary>The policy applies, but the reader acknowledged the interstitial (this version of it).</summary>
    Acknowledged,

    /// <summary>Neither the policy's paths nor the endpoint cover the request (or only notices may cover its path).</summary>
    NotCovered,

    /// <summary>The policy's <c>ExcludePaths</c> take the request out.</summary>
    Excluded,

    /// <summary>No policy covers the request: an exempt path or an endpoint that skips ContentGate.</summary>
    Exempt,

    /// <summary>An earlier Block, Redirect or Acknowledge policy answered the request first.</summary>
    NotReached,
}
