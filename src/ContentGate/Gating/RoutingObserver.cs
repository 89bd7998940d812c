using ContentGate.Notices;
using ContentGate.Policies;
using ContentGate.Regions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ContentGate.Gating;

/// <summary>
/// The request's <see cref="IEndpointFeature"/> while ContentGate runs before routing: routing records the endpoint it
/// picks through this feature (<c>HttpContext.SetEndpoint</c>), and at that moment — after routing, before the endpoint
/// or any middleware between them runs — ContentGate applies the rules the endpoint carries (<c>[RegionPolicy]</c>,
/// <c>RequireRegionPolicy</c>, <c>[SkipContentGate]</c>) as if it had run after routing.
/// </summary>
/// <remarks>
/// Installed only for requests that reach ContentGate without an endpoint in an app where some endpoint carries
/// ContentGate metadata. The body ContentGate installed for the request (<see cref="Body"/>) is still undecided when
/// routing runs, so the notices can still change; a Block, Redirect or Acknowledge policy the endpoint names replaces
/// the endpoint with one that answers in its place, keeping its metadata.
/// </remarks>
internal sealed class RoutingObserver : IEndpointFeature
{
    private readonly ContentGateMiddleware _middleware;
    private Endpoint? _endpoint;

    public RoutingObserver(ContentGateMiddleware middleware, HttpContext context, GateSnapshot snapshot, RegionFeature region, ulong noticeMask, bool noticeTranslated, bool keepSharedCacheable)
    {
        _middleware = middleware;
        Context = context;
        Snapshot = snapshot;
        Region = region;
        NoticeMask = noticeMask;
        NoticeTranslated = noticeTranslated;
        KeepSharedCacheable = keepSharedCacheable;
    }

    public HttpContext Context { get; }

    public GateSnapshot Snapshot { get; }

    public RegionFeature Region { get; }

    /// <summary>The notice policies that apply so far (a bit per index in <see cref="GateSnapshot.NoticePolicies"/>).</summary>
    public ulong NoticeMask { get; set; }

    /// <summary>Whether any notice that applies so far has translations (the response then varies on Accept-Language).</summary>
    public bool NoticeTranslated { get; set; }

    public bool KeepSharedCacheable { get; }

    /// <summary>The body ContentGate installed for the request; set right after construction.</summary>
    public CoveredResponseBody? Body { get; set; }

    /// <summary>The last endpoint routing picked, before ContentGate replaced it; <see langword="null"/> if none.</summary>
    public Endpoint? Selected { get; private set; }

    public Endpoint? Endpoint
    {
        get => _endpoint;
        set
        {
            Selected = value;
            _endpoint = value is null ? null : _middleware.OnEndpointSelected(this, value);
        }
    }

    /// <summary>Whether the injection is the one for "no notice covers" (so an endpoint's notice policy may still add one).</summary>
    public bool BodyInjectsNothing => Body?.Injection is { } injection && ReferenceEquals(injection, NoticeInjection.Nothing);
}
