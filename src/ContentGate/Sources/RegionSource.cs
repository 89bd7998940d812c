using System.Net;
using ContentGate.Regions;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Sources;

/// <summary>
/// One place a visitor's region can come from: a MaxMind database, a CDN's geolocation header, the MaxMind web
/// service. Sources are asked in the configured order; the first confident answer wins.
/// </summary>
internal abstract class RegionSource
{
    /// <summary>The name the region feature, logs and metrics report (<c>maxmind</c>, <c>cloudflare</c>, …).</summary>
    public abstract string Name { get; }

    /// <summary>Whether the source looks the client address up (and so never answers for non-public addresses).</summary>
    public abstract bool UsesClientAddress { get; }

    /// <summary>
    /// Answers for one request. Must not throw for bad input (a forged or malformed header is a
    /// <see cref="RegionAnswer.NoAnswer"/>); an exception means the source itself failed and is logged and counted
    /// by the caller. Completes synchronously when it can.
    /// </summary>
    public abstract ValueTask<RegionAnswer> LookupAsync(RegionQuery query, CancellationToken cancellationToken);
}

/// <summary>What a source gets to work with.</summary>
/// <param name="Context">The request (headers, services).</param>
/// <param name="ClientAddress">
/// The connection's remote address after the app's forwarded-headers handling, IPv4-mapped IPv6 normalized to IPv4;
/// <see langword="null"/> when the connection has none.
/// </param>
internal readonly record struct RegionQuery(HttpContext Context, IPAddress? ClientAddress);

/// <summary>A source's answer: a region, or why it has none.</summary>
internal readonly struct RegionAnswer
{
    private RegionAnswer(Region? region, RegionUnknownReason reason, string? varyHeader, string outcome, bool peerIsProxy = false)
    {
        PeerIsProxy = peerIsProxy;
        Region = region;
        Reason = reason;
        VaryHeader = varyHeader;
        Outcome = outcome;
    }

    /// <summary>The region, when the source answered.</summary>
    public Region? Region { get; }

    public RegionUnknownReason Reason { get; }

    /// <summary>
    /// The request header the answer came from, so responses decided by it carry <c>Vary</c> on it; <see langword="null"/>
    /// for address-based sources.
    /// </summary>
    public string? VaryHeader { get; }

    /// <summary>The <c>contentgate.region.outcome</c> metric tag: <c>found</c>, <c>not_found</c>, <c>untrusted</c>, …</summary>
    public string Outcome { get; }

    public bool IsFound => Region is not null;

    /// <summary>
    /// The connection came from a trusted proxy (a CDN edge) that sent no usable region: its address is the proxy's,
    /// so address-based sources after this one must not look it up (they would place the reader at the CDN).
    /// </summary>
    public bool PeerIsProxy { get; }

    public static RegionAnswer NoAnswerFromProxy(RegionUnknownReason reason, string outcome) => new(null, reason, null, outcome, peerIsProxy: true);

    public static RegionAnswer Found(Region region, string? varyHeader = null) => new(region, RegionUnknownReason.None, varyHeader, "found");

    public static RegionAnswer NoAnswer(RegionUnknownReason reason, string outcome) => new(null, reason, null, outcome);
}
