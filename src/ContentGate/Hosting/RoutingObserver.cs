using ContentGate.Caching;
using ContentGate.Configuration;
using ContentGate.Decisions;
using ContentGate.Endpoints;
using ContentGate.Actions.Notices;
using ContentGate.Regions;
using ContentGate.ReaderChoices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ContentGate.Hosting;

/// <summary>
/// The request's <see cref="IEndpointFeature"/> while ContentGate runs before routing: routing records the endpoint it
/// picks through this feature (<c>HttpContext.SetEndpoint</c>), and at that moment — after routing, before the endpoint
/// or any middleware between them runs — the rules the endpoint carries (<c>[RegionPolicy]</c>,
/// <c>RequireRegionPolicy</c>, <c>[SkipContentGate]</c>) are decided and applied as if ContentGate ran after routing.
/// </summary>
/// <remarks>
/// Installed only for requests that reach ContentGate without an endpoint in an app where some endpoint carries
/// ContentGate metadata. The body ContentGate installed for the request is still undecided when routing runs, so the
/// notices can still change; a Block, Redirect or Acknowledge policy the endpoint names replaces the endpoint with one
/// that answers in its place, keeping its metadata.
/// </remarks>
internal sealed class RoutingObserver(
    ContentGateMiddleware middleware,
    HttpContext context,
    GateSnapshot snapshot,
    RegionFeature region,
    NoticeMask notices,
    bool noticeTranslated,
    bool cdnCacheKeyIncludesRegion) : IEndpointFeature, ICoveredResponseObserver
{
    private Endpoint? _endpoint;
    private CoveredResponseBody? _body;
    private NoticeMask _notices = notices;
    private bool _noticeTranslated = noticeTranslated;

    public Endpoint? Endpoint
    {
        get => _endpoint;
        set => _endpoint = value is null ? null : OnEndpointSelected(value);
    }

    public void BodyInstalled(CoveredResponseBody body) => _body = body;

    /// <summary>
    /// Reports an endpoint with ContentGate rules that routing recorded somewhere else (a middleware after ContentGate
    /// replaced the endpoint feature): its rules were not applied.
    /// </summary>
    public void Completed(HttpContext context)
    {
        if (context.GetEndpoint() is { } reached && !ReferenceEquals(reached, _endpoint) && EndpointRuleIndex.HasRules(reached))
        {
            middleware.Diagnostics.EndpointRulesNotApplied(EndpointPolicies.DisplayName(reached));
        }
    }

    private Endpoint OnEndpointSelected(Endpoint endpoint)
    {
        middleware.RoutingRunsAfter();
        if (!EndpointRuleIndex.HasRules(endpoint))
        {
            return endpoint;
        }

        middleware.Diagnostics.RoutingAfterContentGate(EndpointPolicies.DisplayName(endpoint));
        if (EndpointPolicies.IsSkipped(endpoint))
        {
            // Path rules decided before routing cannot be taken back once they answered; notices still can.
            _body?.TryRetarget(NoticeInjection.Nothing);
            _body?.RestoreRequestHeaders();
            return endpoint;
        }

        var path = context.Request.Path;
        var activity = DecisionActivity.Start();
        var decision = GateEvaluator.Evaluate(snapshot.Policies, region.Region, path, endpoint, new CookieReaderChoices(context, middleware.Acknowledgments), endpointNamedOnly: true);
        if (activity is not null)
        {
            DecisionActivity.Complete(activity, snapshot.Policies, decision, region);
        }

        middleware.Count(snapshot.Policies, decision);
        if (!decision.Covers)
        {
            return endpoint;
        }

        var cdnKey = CachesInFront.KeepOut(context, path, cdnCacheKeyIncludesRegion, middleware.Diagnostics, out var responseCacheInFront);
        ContentGateMiddleware.VaryOnRegionHeader(context, region);
        if (responseCacheInFront)
        {
            _body?.MakePrivateWhenDecided();
        }

        if (decision.Answering is { } answering)
        {
            // ContentGate's own page replaces the endpoint's: nothing goes into it, and the endpoint never runs.
            _body?.TryRetarget(NoticeInjection.Nothing);
            _body?.RestoreRequestHeaders();
            RequestDelegate answer = c => middleware.Answer(c, snapshot, region, answering, cdnKey);
            return endpoint is RouteEndpoint route
                ? new RouteEndpoint(answer, route.RoutePattern, route.Order, route.Metadata, route.DisplayName)
                : new Endpoint(answer, endpoint.Metadata, endpoint.DisplayName);
        }

        if (!cdnKey && decision.GatedCovered && !responseCacheInFront && !context.Response.HasStarted)
        {
            SharedCacheRules.MakePrivateWhenStarting(context);
        }

        if (!decision.Notices.IsEmpty)
        {
            var translated = snapshot.Notices.AnyTranslated(decision.Notices);
            if (translated && !_noticeTranslated)
            {
                context.Response.Headers.Vary = StringValues.Concat(context.Response.Headers.Vary, HeaderNames.AcceptLanguage);
            }

            var all = _notices.Union(decision.Notices);
            if (_body is not null && _body.TryRetarget(snapshot.Notices.Compose(context, region.Region, all)))
            {
                _body.HideRequestHeaders();
                _notices = all;
                _noticeTranslated |= translated;
            }
        }
        else if (decision.NoticeCovered && !cdnKey && _body?.Injection is { } injection && ReferenceEquals(injection, NoticeInjection.Nothing))
        {
            _body.TryRetarget(snapshot.Notices.NoMatchingNotice);
        }

        return endpoint;
    }
}
