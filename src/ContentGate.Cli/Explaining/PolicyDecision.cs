namespace ContentGate.Cli.Explaining;

/// <summary>What became of one policy for the explained request.</summary>
internal enum PolicyDecision
{
    /// <summary>The policy covers the path and acts on the visitor (a match, or fail mode Apply for an unknown region).</summary>
    Applies,

    /// <summary>The policy covers the path, but the visitor's known region is not in its regions.</summary>
    DoesNotApply,

    /// <summary>
    /// The policy covers the path and its fail mode Skip decided: the region is unknown, or the reader has no subdivision
    /// in a country whose subdivisions the policy lists and its <c>UnresolvedSubdivision</c> is <c>FailMode</c>.
    /// </summary>
    Skipped,

    /// <summary>The path is not under the policy's paths (or is a page that is never gated).</summary>
    NotCovered,

    /// <summary>The path is under one of the policy's <c>ExcludePaths</c>.</summary>
    Excluded,

    /// <summary>The path is exempt from every policy (<c>ExemptPaths</c>, robots.txt, ContentGate's own prefix, …).</summary>
    Exempt,

    /// <summary>An earlier policy answers the request (451, redirect, interstitial), so the middleware never gets here.</summary>
    NotReached,
}
