using System.Net;
using ContentGate.Actions.Acknowledging;
using ContentGate.Actions.Blocking;
using ContentGate.Actions.Redirecting;
using ContentGate.Caching;
using ContentGate.Configuration;
using ContentGate.Decisions;
using ContentGate.Diagnostics;
using ContentGate.Endpoints;
using ContentGate.Actions.Notices;
using ContentGate.Policies;
using ContentGate.Preview;
using ContentGate.Regions;
using ContentGate.ReaderChoices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ContentGate.Hosting;

/// <summary>
/// The request's way through ContentGate: the region (the snapshot's resolver), published; the decision
/// (<see cref="GateEvaluator"/>); then the action that carries it out — a 451, a redirect, an interstitial, or the
/// notices streamed into the page by <see cref="NoticeRunner"/>. This class decides nothing itself.
/// </summary>
/// <remarks>
/// Where the app put the middleware around it matters, and what can be made not to matter is: an output or response
/// cache in front never stores a response ContentGate covers (<see cref="CachesInFront"/>); routing after ContentGate
/// is followed through <see cref="RoutingObserver"/>; a compressor in front sees the request as the reader sent it
/// (<see cref="HiddenRequestHeaders"/>). What cannot be fixed from here (forwarded headers read after ContentGate) is
/// detected and reported through <see cref="PipelineDiagnostics"/>.
/// </remarks>
internal sealed partial class ContentGateMiddleware
{
    // RFC 7239; the framework's middleware reads only the X-Forwarded-* headers, so a proxy sending only this one is
    // not trusted by anything.
    private const string ForwardedHeaderName = "Forwarded";

    private static readonly Func<object, Task> MarkNoStoreCallback = MarkNoStore;

    private readonly RequestDelegate _next;
    private readonly ContentGateRuntime _runtime;
    private readonly ContentGateEndpoints _endpoints;
    private readonly AcknowledgmentCookies _acknowledgments;
    private readonly RegionPreview _preview;
    private readonly ContentGateMetrics _metrics;
    private readonly PipelineDiagnostics _diagnostics;
    private readonly EndpointRuleIndex _endpointRules;
    private readonly NoticeRunner _notices;
    private readonly ILogger _logger;

    // Where routing runs relative to this middleware, learned from requests: RoutingOrderUnknown until a request
    // arrives with an endpoint already chosen (routing runs before) or routing picks one through a RoutingObserver
    // (routing runs after). Until then, and when routing runs after, requests without an endpoint are watched.
    private const int RoutingOrderUnknown = 0;
    private const int RoutingBefore = 1;
    private const int RoutingAfter = 2;
    private int _routingOrder = RoutingOrderUnknown;

    public ContentGateMiddleware(
        RequestDelegate next,
        ContentGateRuntime runtime,
        ContentGateEndpoints endpoints,
        AcknowledgmentCookies acknowledgments,
        RegionPreview preview,
        ContentGateMetrics metrics,
        PipelineDiagnostics diagnostics,
        EndpointRuleIndex endpointRules,
        NoticeRunner notices,
        ILogger<ContentGateMiddleware> logger)
    {
        _next = next;
        _runtime = runtime;
        _endpoints = endpoints;
        _acknowledgments = acknowledgments;
        _preview = preview;
        _metrics = metrics;
        _diagnostics = diagnostics;
        _endpointRules = endpointRules;
        _notices = notices;
        _logger = logger;
    }

    internal PipelineDiagnostics Diagnostics => _diagnostics;

    internal NoticeRunner Notices => _notices;

    internal AcknowledgmentCookies Acknowledgments => _acknowledgments;

    public Task InvokeAsync(HttpContext context)
    {
        var snapshot = _runtime.Current;
        if (context.Request.Path.StartsWithSegments(snapshot.PathPrefix, StringComparison.OrdinalIgnoreCase, out var remainder))
        {
            return _endpoints.HandleAsync(context, snapshot, remainder);
        }

        // A request that still carries forwarded headers here was not (fully) handled by a forwarded-headers middleware
        // before ContentGate; after the rest of the pipeline has run, its connection address tells why.
        var headers = context.Request.Headers;
        if (headers.ContainsKey(ForwardedHeadersDefaults.XForwardedForHeaderName) || headers.ContainsKey(ForwardedHeaderName))
        {
            var peer = context.Connection.RemoteIpAddress;
            var running = Invoke(context, snapshot);
            if (!running.IsCompletedSuccessfully)
            {
                return CheckForwardingAfterAsync(running, context, peer);
            }

            CheckForwarding(context, peer);
            return running;
        }

        return Invoke(context, snapshot);
    }

    private Task Invoke(HttpContext context, GateSnapshot snapshot)
    {
        if (RegionPreview.IsRequested(context, snapshot.Preview))
        {
            return InvokeWithPreviewAsync(context, snapshot);
        }

        var resolving = snapshot.Resolver.ResolveAsync(context);
        return resolving.IsCompletedSuccessfully
            ? Apply(context, snapshot, resolving.Result)
            : ResolveThenApplyAsync(context, snapshot, resolving);
    }

    private async Task ResolveThenApplyAsync(HttpContext context, GateSnapshot snapshot, ValueTask<RegionFeature> resolving)
        => await Apply(context, snapshot, await resolving);

    private async Task InvokeWithPreviewAsync(HttpContext context, GateSnapshot snapshot)
    {
        var previewed = await _preview.TryGetAsync(context, snapshot.Preview);
        if (previewed is null)
        {
            Log.PreviewIgnored(_logger);
            await Apply(context, snapshot, await snapshot.Resolver.ResolveAsync(context));
            return;
        }

        Log.Preview(_logger, previewed);
        // A previewed page must never be cached anywhere, not even by the browser.
        context.Response.OnStarting(MarkNoStoreCallback, context);
        var reason = previewed.IsKnown ? RegionUnknownReason.None : RegionUnknownReason.NotFound;
        await Apply(context, snapshot, new RegionFeature(previewed, RegionPreview.SourceName, reason, varyHeader: null));
    }

    private async Task CheckForwardingAfterAsync(Task running, HttpContext context, IPAddress? peer)
    {
        await running;
        CheckForwarding(context, peer);
    }

    private void CheckForwarding(HttpContext context, IPAddress? peer)
    {
        var now = context.Connection.RemoteIpAddress;
        if (!ReferenceEquals(peer, now) && !Equals(peer, now))
        {
            // A forwarded-headers middleware after ContentGate replaced the address ContentGate looked up.
            _diagnostics.ForwardedHeadersAfterContentGate();
        }
        else if (peer is not null && ClientAddress.IsNonPublic(ClientAddress.Normalize(peer)))
        {
            _diagnostics.ProxyNotTrusted();
        }
    }

    private Task Apply(HttpContext context, GateSnapshot snapshot, RegionFeature feature)
    {
        // Shared between requests (see RegionResolver): immutable. The snapshot goes with it, so views and code that
        // ask about policies later in the request see the configuration this request was decided with.
        context.Features.Set<IRegionFeature>(feature);
        context.Features.Set(snapshot);
        if (!snapshot.Policies.HasPolicies)
        {
            return _next(context);
        }

        var endpoint = context.GetEndpoint();
        if (endpoint is not null && _routingOrder != RoutingBefore)
        {
            Volatile.Write(ref _routingOrder, RoutingBefore);
        }

        var path = context.Request.Path;
        var activity = DecisionActivity.Start();
        var decision = GateEvaluator.Evaluate(snapshot.Policies, feature.Region, path, endpoint, new CookieReaderChoices(context, _acknowledgments));
        if (activity is not null)
        {
            DecisionActivity.Complete(activity, snapshot.Policies, decision, feature);
        }

        if (decision.Exempt)
        {
            return _next(context);
        }

        Count(snapshot.Policies, decision);
        var routingPending = endpoint is null && Volatile.Read(ref _routingOrder) != RoutingBefore && _endpointRules.AnyEndpointHasRules;
        if (!decision.Covers && !routingPending)
        {
            return _next(context);
        }

        var cdnCacheKeyIncludesRegion = snapshot.CdnCacheKeyIncludesRegion;
        var responseCacheInFront = false;
        if (decision.Covers)
        {
            cdnCacheKeyIncludesRegion = CachesInFront.KeepOut(context, path, cdnCacheKeyIncludesRegion, _diagnostics, out responseCacheInFront);
            VaryOnRegionHeader(context, feature);
        }

        if (decision.Answering is { } answering)
        {
            return Answer(context, snapshot, feature, answering, cdnCacheKeyIncludesRegion);
        }

        if (!cdnCacheKeyIncludesRegion && decision.GatedCovered && !responseCacheInFront && !context.Response.HasStarted)
        {
            // The same URL answers differently in other regions, so every answer to it depends on the region.
            SharedCacheRules.MakePrivateWhenStarting(context);
        }

        var translated = !decision.Notices.IsEmpty && snapshot.Notices.AnyTranslated(decision.Notices);
        if (translated)
        {
            context.Response.Headers.Vary = StringValues.Concat(context.Response.Headers.Vary, HeaderNames.AcceptLanguage);
        }

        var injection = !decision.Notices.IsEmpty
            ? snapshot.Notices.Compose(context, feature.Region, decision.Notices)
            : decision.NoticeCovered && !cdnCacheKeyIncludesRegion ? snapshot.Notices.NoMatchingNotice
            : null;

        if (routingPending)
        {
            // Routing runs after ContentGate and some endpoint carries rules: follow routing's choice, and keep a body
            // on the response even when no notice covers the path yet, in case the endpoint names one.
            var observer = new RoutingObserver(this, context, snapshot, feature, decision.Notices, translated, cdnCacheKeyIncludesRegion);
            context.Features.Set<IEndpointFeature>(observer);
            return _notices.RunAsync(context, _next, injection ?? NoticeInjection.Nothing, hideRequestHeaders: !decision.Notices.IsEmpty, responseCacheInFront, observer);
        }

        // A response cache in front needs the body too, whatever the response: it must see "private" on the first byte.
        return injection is null && !responseCacheInFront
            ? _next(context)
            : _notices.RunAsync(context, _next, injection ?? NoticeInjection.Nothing, hideRequestHeaders: !decision.Notices.IsEmpty, responseCacheInFront, observer: null);
    }

    /// <summary>Called by a <see cref="RoutingObserver"/>: routing picked an endpoint after ContentGate.</summary>
    internal void RoutingRunsAfter()
    {
        if (_routingOrder != RoutingAfter)
        {
            Volatile.Write(ref _routingOrder, RoutingAfter);
        }
    }

    /// <summary>
    /// Counts each policy the decision weighed against the reader's region, and, for a reader with a country and no
    /// subdivision, each of them that lists subdivisions of that country (what its <c>UnresolvedSubdivision</c> decided).
    /// </summary>
    internal void Count(PolicySet policies, in GateDecision decision)
    {
        var decisions = _metrics.DecisionsEnabled;
        var unresolved = decision.Region.IsKnown && decision.Region.SubdivisionCodes.Count == 0 && _metrics.UnresolvedSubdivisionsEnabled;
        if (!decisions && !unresolved)
        {
            return;
        }

        foreach (var policy in policies.All)
        {
            if (decision.WasDecided(policy))
            {
                var applies = decision.AppliesToReader(policy);
                if (decisions)
                {
                    _metrics.Decision(policy.Name, DecisionActivity.ActionName(policy.Action), DecisionName(applies, decision.Region));
                }

                if (unresolved && policy.IsUnresolvedFor(decision.Region))
                {
                    _metrics.UnresolvedSubdivision(policy.Name, UnresolvedOutcome(policy, applies));
                }
            }
        }
    }

    /// <summary>Carries out a Block, Redirect or Acknowledge decision: ContentGate's page or redirect instead of the content.</summary>
    internal Task Answer(HttpContext context, GateSnapshot snapshot, RegionFeature feature, CompiledPolicy policy, bool cdnCacheKeyIncludesRegion)
    {
        var region = feature.Region;
        switch (policy.Action)
        {
            case PolicyAction.Block:
                Log.Blocked(_logger, policy.Name, region);
                return BlockAction.ExecuteAsync(context, policy, region, snapshot.Languages, snapshot.StyleMarkup, cdnCacheKeyIncludesRegion);

            case PolicyAction.Redirect:
                Log.Redirected(_logger, policy.Name, region);
                RedirectAction.Execute(context, policy, cdnCacheKeyIncludesRegion);
                return Task.CompletedTask;

            default:
                Log.Interstitial(_logger, policy.Name, region);
                return InterstitialAction.ExecuteAsync(context, policy, region, snapshot.Languages, snapshot.StyleMarkup, snapshot.PathPrefix);
        }
    }

    /// <summary>When the region came from request headers (a CDN's), a cache must key the response on them.</summary>
    internal static void VaryOnRegionHeader(HttpContext context, RegionFeature feature)
    {
        if (feature.VaryHeader is { } varyHeader && !context.Response.HasStarted)
        {
            context.Response.Headers.Vary = StringValues.Concat(context.Response.Headers.Vary, varyHeader);
        }
    }

    private static Task MarkNoStore(object state)
    {
        ((HttpContext)state).Response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }

    private static string UnresolvedOutcome(CompiledPolicy policy, bool applies) => policy.UnresolvedSubdivision switch
    {
        UnresolvedSubdivision.Match => "match",
        UnresolvedSubdivision.FailMode => applies ? "fail_mode_applied" : "fail_mode_skipped",
        _ => "no_match",
    };

    private static string DecisionName(bool applies, Region region)
        => region.IsKnown
            ? (applies ? "applied" : "not_applied")
            : (applies ? "fail_mode_applied" : "fail_mode_skipped");

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Debug, "Request blocked with 451 by policy '{Policy}' for region {Region}.", EventName = "Blocked")]
        public static partial void Blocked(ILogger logger, string policy, Region region);

        [LoggerMessage(13, LogLevel.Debug, "Request redirected by policy '{Policy}' for region {Region}.", EventName = "Redirected")]
        public static partial void Redirected(ILogger logger, string policy, Region region);

        [LoggerMessage(14, LogLevel.Debug, "Acknowledgment page of policy '{Policy}' shown for region {Region}.", EventName = "Interstitial")]
        public static partial void Interstitial(ILogger logger, string policy, Region region);

        [LoggerMessage(15, LogLevel.Information, "Previewing the page as a visitor from {Region}.", EventName = "Preview")]
        public static partial void Preview(ILogger logger, Region region);

        [LoggerMessage(16, LogLevel.Debug, "Preview parameter ignored: not allowed for this request, or not a region code.", EventName = "PreviewIgnored")]
        public static partial void PreviewIgnored(ILogger logger);
    }
}
