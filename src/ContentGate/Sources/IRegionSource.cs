namespace ContentGate.Sources;

/// <summary>
/// One place a visitor's region can come from. ContentGate's own sources (the MaxMind database, CDN headers) and
/// sources of other packages (the MaxMind web service) or of the app implement it; <c>ContentGate:Sources</c> lists
/// them in the order they are asked, and the first that answers wins.
/// </summary>
/// <remarks>
/// A source of your own is created by an <see cref="IRegionSourceFactory"/> registered with
/// <see cref="ContentGateBuilder.AddRegionSource{TFactory}(string)"/> under the name that <c>ContentGate:Sources</c>
/// entries give as their <c>Type</c>. A source is created at start-up and again on each configuration reload; the one
/// it replaces is disposed (when it implements <see cref="IDisposable"/>) two minutes later. It is shared by every
/// request, so it must be thread-safe. It must never keep, log or count a client address.
/// </remarks>
public interface IRegionSource
{
    /// <summary>
    /// Gets the name the region feature, logs and metrics report (<c>maxmind</c>, <c>cloudflare</c>,
    /// <c>maxmind-web-service</c>): lower case, short, the same for every instance of the source.
    /// </summary>
    string Name { get; }

    /// <summary>
    /// Gets a value indicating whether the source looks the client address up. Such a source is never asked about a
    /// non-public address (loopback, private, link-local), nor after a trusted proxy said it has no region for the
    /// request (its address is the proxy's).
    /// </summary>
    bool UsesClientAddress { get; }

    /// <summary>
    /// Gets a value indicating whether the source's regions can carry the autonomous system the address belongs to
    /// (<see cref="ContentGate.Regions.Region.AutonomousSystemNumber"/>). Policies that list networks (<c>AS12389</c>)
    /// stop the host when no configured source can: they would never match. Defaults to <see langword="false"/>.
    /// </summary>
    bool ProvidesAutonomousSystems => false;

    /// <summary>
    /// Answers for one request: a region, or why there is none. Must not throw for bad input (a forged or malformed
    /// header is <see cref="RegionAnswer.NoAnswer(ContentGate.Regions.RegionUnknownReason, string)"/>); an exception
    /// means the source itself failed, and is logged (by type only) and counted as <c>error</c>, and the next source is
    /// asked. Complete synchronously when you can: most requests then cost no allocation.
    /// </summary>
    /// <param name="query">The request and its client address.</param>
    /// <param name="cancellationToken">Cancelled when the request is aborted.</param>
    /// <returns>The answer.</returns>
    ValueTask<RegionAnswer> LookupAsync(RegionQuery query, CancellationToken cancellationToken);
}
