using System.Net;
using ContentGate.Acknowledgments;
using ContentGate.Assets;
using ContentGate.Diagnostics;
using ContentGate.Endpoints;
using ContentGate.Notices;
using ContentGate.Pipeline;
using ContentGate.Policies;
using ContentGate.Preview;
using ContentGate.Regions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCaching;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ContentGate.Gating;

/// <summary>
/// Determines the visitor's region, publishes it, then applies the policies that cover the request, in this order:
/// the first applying Block answers 451; else the first applying Redirect redirects; else the first applying,
/// unacknowledged Acknowledge shows its interstitial; else every applying, undismissed Notice is inserted.
/// </summary>
/// <remarks>
/// Where the app put the middleware around it matters, and what can be made not to matter is: an output or response
/// cache in front never stores a response ContentGate covers; routing after ContentGate is followed through
/// <see cref="RoutingObserver"/>; a compressor in front sees the request as the reader sent it
/// (<see cref="HiddenRequestHeaders"/>). What cannot be fixed from here (forwarded headers read after ContentGate) is
/// detected and reported through <see cref="PipelineDiagnostics"/>.
/// </remarks>
internal sealed partial class ContentGateMiddleware
{
    // RFC 7239; the framework's middleware reads only the X-Forwarded-* headers, so a proxy sending only this one is
    // not trusted by anything.
    private const string ForwardedHeaderName = "Forwarded";

    private static readonly Func<object, Task> MarkPrivateCallback = MarkPrivate;
    private static readonly Func<object, Task> MarkNoStoreCallback = MarkNoStore;

    private readonly RequestDelegate _next;
    private readonly ContentGateRuntime _runtime;
    private readonly ContentGateEndpoints _endpoints;
    private readonly AcknowledgmentCookies _acknowledgments;
    private readonly RegionPreview _preview;
    private readonly ContentGateMetrics _metrics;
    private readonly PipelineDiagnostics _diagnostics;
    private readonly EndpointRuleIndex _endpointRules;
    private readonly ILogger _logger;
    private readonly CoveredResponseBody.Pool _bodies = new();

    // Where routing runs relative to this middleware, learned from requests: RoutingOrderUnknown until a request
    // arrives with an endpoint already chosen (routing runs before) or routing picks one through a RoutingObserver
    // (routing runs after). Until then, and when routing runs after, requests without an endpoint are watched.
    private const int RoutingOrderUnknown = 0;
    private const int RoutingBefore = 1;
    private const int RoutingAfter = 2;
    private int _routingOrder;

    public ContentGateMiddleware(
        RequestDelegate next,
        ContentGateRuntime runtime,
        ContentGateEndpoints endpoints,
        AcknowledgmentCookies acknowledgments,
        RegionPreview preview,
        ContentGateMetrics metrics,
        PipelineDiagnostics diagnostics,
        EndpointRuleIndex endpointRules,
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
        _logger = logger;
    }

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
        await Apply(context, snapshot, new RegionFeature(previewed, RegionPreview.SourceName, reason, varyHeader: null, snapshot));
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
        // Shared between requests (see RegionResolver): it already names the snapshot it was resolved with.
        context.Features.Set<IRegionFeature>(feature);
        if (!snapshot.HasPolicies)
        {
            return _next(context);
        }

        var path = context.Request.Path;
        var endpoint = context.GetEndpoint();
        if (snapshot.IsExempt(path) || EndpointPolicies.IsSkipped(endpoint))
        {
            return _next(context);
        }

        if (endpoint is not null && _routingOrder != RoutingBefore)
        {
            Volatile.Write(ref _routingOrder, RoutingBefore);
        }

        var region = feature.Region;
        var evaluation = Evaluate(context, snapshot, region, path, endpoint, endpointNamedOnly: false);
        var routingPending = endpoint is null && Volatile.Read(ref _routingOrder) != RoutingBefore && _endpointRules.AnyEndpointHasRules;
        if (!evaluation.Covers && !routingPending)
        {
            return _next(context);
        }

        var keepSharedCacheable = snapshot.KeepSharedCacheable;
        var responseCacheInFront = false;
        if (evaluation.Covers)
        {
            keepSharedCacheable = KeepOutOfCachesInFront(context, path, keepSharedCacheable, out responseCacheInFront);
            VaryOnRegionHeader(context, feature);
        }

        if (evaluation.Answering is { } answering)
        {
            return Answer(context, snapshot, feature, answering, keepSharedCacheable);
        }

        if (!keepSharedCacheable && evaluation.Varies && !responseCacheInFront && !context.Response.HasStarted)
        {
            // The same URL answers differently in other regions, so every answer to it depends on the region.
            context.Response.OnStarting(MarkPrivateCallback, context);
        }

        if (evaluation.NoticeTranslated)
        {
            context.Response.Headers.Vary = StringValues.Concat(context.Response.Headers.Vary, HeaderNames.AcceptLanguage);
        }

        var injection = evaluation.NoticeMask != 0
            ? NoticeComposer.Compose(context, snapshot, region, evaluation.NoticeMask)
            : evaluation.NoticeCovers && !keepSharedCacheable ? snapshot.NoMatchingNotice
            : null;

        if (routingPending)
        {
            // Routing runs after ContentGate and some endpoint carries rules: follow routing's choice, and keep a body
            // on the response even when no notice covers the path yet, in case the endpoint names one.
            var observer = new RoutingObserver(this, context, snapshot, feature, evaluation.NoticeMask, evaluation.NoticeTranslated, keepSharedCacheable);
            context.Features.Set<IEndpointFeature>(observer);
            return InjectAsync(context, injection ?? NoticeInjection.Nothing, hideRequestHeaders: evaluation.NoticeMask != 0, responseCacheInFront, observer);
        }

        // A response cache in front needs the body too, whatever the response: it must see "private" on the first byte.
        return injection is null && !responseCacheInFront
            ? _next(context)
            : InjectAsync(context, injection ?? NoticeInjection.Nothing, hideRequestHeaders: evaluation.NoticeMask != 0, responseCacheInFront, observer: null);
    }

    /// <summary>
    /// What the policies say for this request. With <paramref name="endpointNamedOnly"/>, only the policies the
    /// endpoint names and whose own paths do not already cover the request are looked at: those ContentGate could not
    /// see before routing picked the endpoint.
    /// </summary>
    private Evaluation Evaluate(HttpContext context, GateSnapshot snapshot, Region region, PathString path, Endpoint? endpoint, bool endpointNamedOnly)
    {
        var varies = false;
        if (!snapshot.NeverGated.Matches(path))
        {
            foreach (var policy in snapshot.BlockPolicies)
            {
                if (CoversIn(policy, path, endpoint, endpointNamedOnly))
                {
                    varies = true;
                    if (Decide(policy, region))
                    {
                        return new Evaluation(policy, 0, Varies: true, NoticeCovers: false, NoticeTranslated: false);
                    }
                }
            }

            foreach (var policy in snapshot.RedirectPolicies)
            {
                if (CoversIn(policy, path, endpoint, endpointNamedOnly))
                {
                    varies = true;
                    if (Decide(policy, region))
                    {
                        return new Evaluation(policy, 0, Varies: true, NoticeCovers: false, NoticeTranslated: false);
                    }
                }
            }

            foreach (var policy in snapshot.AcknowledgePolicies)
            {
                if (CoversIn(policy, path, endpoint, endpointNamedOnly))
                {
                    varies = true;
                    if (Decide(policy, region) && !_acknowledgments.IsAcknowledged(context, policy))
                    {
                        return new Evaluation(policy, 0, Varies: true, NoticeCovers: false, NoticeTranslated: false);
                    }
                }
            }
        }

        ulong matched = 0;
        var noticeCovers = false;
        var translated = false;
        var notices = snapshot.NoticePolicies;
        for (var i = 0; i < notices.Length; i++)
        {
            var policy = notices[i];
            if (!CoversIn(policy, path, endpoint, endpointNamedOnly))
            {
                continue;
            }

            noticeCovers = true;
            if (Decide(policy, region) && !(policy.Dismissible && DismissalCookie.IsDismissed(context, policy)))
            {
                matched |= 1UL << i;
                translated |= policy.Content!.HasTranslations;
            }
        }

        return new Evaluation(null, matched, varies, noticeCovers, translated);
    }

    private static bool CoversIn(CompiledPolicy policy, PathString path, Endpoint? endpoint, bool endpointNamedOnly)
        => endpointNamedOnly
            ? !policy.ExcludePaths.Matches(path) && !policy.Paths.Matches(path) && EndpointPolicies.Names(endpoint, policy.Name)
            : GateSnapshot.CoversPathOrEndpoint(policy, path, endpoint);

    /// <summary>
    /// Called by <see cref="RoutingObserver"/> when routing, running after ContentGate, picks <paramref name="endpoint"/>:
    /// applies the endpoint's rules as the middleware would have after routing, and returns the endpoint to run (the
    /// same one, or one that answers for a Block, Redirect or Acknowledge policy the endpoint names).
    /// </summary>
    internal Endpoint OnEndpointSelected(RoutingObserver observer, Endpoint endpoint)
    {
        if (_routingOrder != RoutingAfter)
        {
            Volatile.Write(ref _routingOrder, RoutingAfter);
        }

        if (!EndpointRuleIndex.HasRules(endpoint))
        {
            return endpoint;
        }

        _diagnostics.RoutingAfterContentGate(DisplayName(endpoint));
        var context = observer.Context;
        var body = observer.Body;
        if (EndpointPolicies.IsSkipped(endpoint))
        {
            // Path rules decided before routing cannot be taken back once they answered; notices still can.
            body?.TryRetarget(NoticeInjection.Nothing);
            body?.RestoreRequestHeaders();
            return endpoint;
        }

        var snapshot = observer.Snapshot;
        var feature = observer.Region;
        var path = context.Request.Path;
        if (snapshot.IsExempt(path))
        {
            return endpoint;
        }

        var evaluation = Evaluate(context, snapshot, feature.Region, path, endpoint, endpointNamedOnly: true);
        if (!evaluation.Covers)
        {
            return endpoint;
        }

        var keepSharedCacheable = KeepOutOfCachesInFront(context, path, observer.KeepSharedCacheable, out var responseCacheInFront);
        VaryOnRegionHeader(context, feature);
        if (responseCacheInFront)
        {
            body?.MakePrivateWhenDecided();
        }

        if (evaluation.Answering is { } answering)
        {
            // ContentGate's own page replaces the endpoint's: nothing goes into it, and the endpoint never runs.
            body?.TryRetarget(NoticeInjection.Nothing);
            body?.RestoreRequestHeaders();
            RequestDelegate answer = c => Answer(c, snapshot, feature, answering, keepSharedCacheable);
            return endpoint is RouteEndpoint route
                ? new RouteEndpoint(answer, route.RoutePattern, route.Order, route.Metadata, route.DisplayName)
                : new Endpoint(answer, endpoint.Metadata, endpoint.DisplayName);
        }

        if (!keepSharedCacheable && evaluation.Varies && !responseCacheInFront && !context.Response.HasStarted)
        {
            context.Response.OnStarting(MarkPrivateCallback, context);
        }

        if (evaluation.NoticeMask != 0)
        {
            if (evaluation.NoticeTranslated && !observer.NoticeTranslated)
            {
                context.Response.Headers.Vary = StringValues.Concat(context.Response.Headers.Vary, HeaderNames.AcceptLanguage);
            }

            var mask = observer.NoticeMask | evaluation.NoticeMask;
            if (body is not null && body.TryRetarget(NoticeComposer.Compose(context, snapshot, feature.Region, mask)))
            {
                body.HideRequestHeaders();
                observer.NoticeMask = mask;
                observer.NoticeTranslated |= evaluation.NoticeTranslated;
            }
        }
        else if (evaluation.NoticeCovers && !keepSharedCacheable && observer.BodyInjectsNothing)
        {
            body!.TryRetarget(snapshot.NoMatchingNotice);
        }

        return endpoint;
    }

    /// <summary>
    /// Keeps a covered response out of an output or response cache that runs before ContentGate (it would serve one
    /// region's answer to every region), and reports the order once. Returns whether <c>Cache-Control</c> may stay
    /// shared-cacheable for this response.
    /// </summary>
    private bool KeepOutOfCachesInFront(HttpContext context, PathString path, bool keepSharedCacheable, out bool responseCacheInFront)
    {
        if (context.Features.Get<IOutputCacheFeature>() is { } outputCache)
        {
            outputCache.Context.AllowCacheStorage = false;
            _diagnostics.OutputCacheBeforeContentGate(path.Value ?? "/");
        }

        responseCacheInFront = context.Features.Get<IResponseCachingFeature>() is not null;
        if (responseCacheInFront)
        {
            // It stores only public responses, and decides when the first byte reaches it: the covered body makes the
            // response private at that moment (MakePrivateWhenDecided), whatever the CDN setting says, since this
            // cache at least does not key by region.
            _diagnostics.ResponseCachingBeforeContentGate(path.Value ?? "/");
            return false;
        }

        return keepSharedCacheable;
    }

    private Task Answer(HttpContext context, GateSnapshot snapshot, RegionFeature feature, CompiledPolicy policy, bool keepSharedCacheable)
    {
        var region = feature.Region;
        switch (policy.Action)
        {
            case PolicyAction.Block:
            {
                Log.Blocked(_logger, policy.Name, region);
                var text = snapshot.Languages.Choose(context, region, policy.Content!);
                return policy.Block!.WriteAsync(context, text, snapshot.StyleMarkup.Utf8For(context), keepSharedCacheable);
            }

            case PolicyAction.Redirect:
                Log.Redirected(_logger, policy.Name, region);
                Redirect(context, policy, keepSharedCacheable);
                return Task.CompletedTask;

            default:
            {
                Log.Interstitial(_logger, policy.Name, region);
                var text = snapshot.Languages.Choose(context, region, policy.Content!);
                var form = FormMarkup.Render(context, snapshot.PathPrefix, ContentGateEndpoints.AcknowledgeAction, policy, text.ButtonText, "contentgate-page__form", autofocus: false);
                return InterstitialPage.WriteAsync(context, policy, text, snapshot.StyleMarkup.For(context, out _), form);
            }
        }
    }

    /// <summary>When the region came from request headers (a CDN's), a cache must key the response on them.</summary>
    private static void VaryOnRegionHeader(HttpContext context, RegionFeature feature)
    {
        if (feature.VaryHeader is { } varyHeader && !context.Response.HasStarted)
        {
            context.Response.Headers.Vary = StringValues.Concat(context.Response.Headers.Vary, varyHeader);
        }
    }

    private bool Decide(CompiledPolicy policy, Region region)
    {
        var applies = policy.AppliesTo(region);
        _metrics.Decision(policy.Name, ActionName(policy.Action), DecisionName(applies, region));
        return applies;
    }

    private static void Redirect(HttpContext context, CompiledPolicy policy, bool keepSharedCacheable)
    {
        var response = context.Response;
        response.StatusCode = policy.RedirectStatusCode;
        response.Headers.Location = policy.RedirectIsLocal ? context.Request.PathBase + policy.RedirectUrl : policy.RedirectUrl;
        if (!keepSharedCacheable)
        {
            response.Headers.CacheControl = "private";
        }
    }

    // Without an async method while the app completes synchronously, so that a covered request whose response needs
    // nothing from ContentGate (not HTML, or no notice for this visitor) allocates nothing here.
    private Task InjectAsync(HttpContext context, NoticeInjection injection, bool hideRequestHeaders, bool makePrivate, RoutingObserver? observer)
    {
        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        var body = _bodies.Rent(context, original, injection);
        context.Features.Set<IHttpResponseBodyFeature>(body);
        if (hideRequestHeaders)
        {
            // A reader who must see the notice needs a full, unencoded page from the app (see HiddenRequestHeaders).
            body.HideRequestHeaders();
        }

        if (makePrivate)
        {
            body.MakePrivateWhenDecided();
        }

        if (observer is not null)
        {
            observer.Body = body;
        }

        Task finishing;
        try
        {
            var running = _next(context);
            if (!running.IsCompletedSuccessfully)
            {
                return InjectAfterAsync(context, running, original, body, observer);
            }

            finishing = body.FinishAsync();
            if (!finishing.IsCompletedSuccessfully)
            {
                return InjectAfterAsync(context, finishing, original, body, observer, nextDone: true);
            }
        }
        catch
        {
            context.Features.Set(original);
            _bodies.Return(body);
            throw;
        }

        context.Features.Set(original);
        Report(context, body, observer);
        _bodies.Return(body);
        return Task.CompletedTask;
    }

    private async Task InjectAfterAsync(HttpContext context, Task pending, IHttpResponseBodyFeature original, CoveredResponseBody body, RoutingObserver? observer, bool nextDone = false)
    {
        try
        {
            try
            {
                await pending;
                if (!nextDone)
                {
                    await body.FinishAsync();
                }
            }
            finally
            {
                context.Features.Set(original);
            }

            Report(context, body, observer);
        }
        finally
        {
            _bodies.Return(body);
        }
    }

    private void Report(HttpContext context, CoveredResponseBody body, RoutingObserver? observer)
    {
        if (observer is not null && context.GetEndpoint() is { } reached && !ReferenceEquals(reached, observer.Endpoint)
            && EndpointRuleIndex.HasRules(reached))
        {
            // Routing ran, but not through the observer (something replaced the endpoint feature after ContentGate).
            _diagnostics.EndpointRulesNotApplied(DisplayName(reached));
        }

        if (body.Injection is not { IsEmpty: false })
        {
            return;
        }

        var outcome = body.Outcome;
        _metrics.NoticeResponse(OutcomeName(outcome));
        if (outcome == NoticeOutcome.ContentEncoded)
        {
            _diagnostics.EncodedPageWithoutNotice(context.Request.Path.Value ?? "/", context.Response.Headers.ContentEncoding.ToString());
        }

        Log.NoticeOutcome(_logger, outcome);

        // The page template lacks the marker (or the page its </body>): the notice still went in, but not where
        // the editor meant; tell whoever maintains the templates.
        if ((body.InsertedPlacements & (NoticePlacements.MarkerFallback | NoticePlacements.AppendedAtEnd)) != 0)
        {
            Log.NoticePlacementFallback(_logger, body.InsertedPlacements);
        }
    }

    private static string DisplayName(Endpoint endpoint)
        => endpoint.DisplayName ?? (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "(unnamed endpoint)";

    private static Task MarkPrivate(object state)
    {
        var headers = ((HttpContext)state).Response.Headers;
        if (NoticeResponseHeaders.TryMakePrivate(headers.CacheControl, out var cacheControl))
        {
            headers.CacheControl = cacheControl;
        }

        return Task.CompletedTask;
    }

    private static Task MarkNoStore(object state)
    {
        ((HttpContext)state).Response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }

    private static string ActionName(PolicyAction action) => action switch
    {
        PolicyAction.Notice => "notice",
        PolicyAction.Block => "block",
        PolicyAction.Acknowledge => "acknowledge",
        _ => "redirect",
    };

    private static string DecisionName(bool applies, Region region)
        => region.IsKnown
            ? (applies ? "applied" : "not_applied")
            : (applies ? "fail_mode_applied" : "fail_mode_skipped");

    private static string OutcomeName(NoticeOutcome outcome) => outcome switch
    {
        NoticeOutcome.Injected => "injected",
        NoticeOutcome.NoBodyTag => "no_body_tag",
        NoticeOutcome.NotHtml => "not_html",
        NoticeOutcome.HeadRequest => "head_request",
        NoticeOutcome.StatusNotEligible => "status_not_eligible",
        NoticeOutcome.ContentEncoded => "content_encoded",
        NoticeOutcome.PartialContent => "partial_content",
        NoticeOutcome.UnsupportedCharset => "unsupported_charset",
        NoticeOutcome.ResponseStarted => "response_started",
        NoticeOutcome.EmptyNotice => "empty_notice",
        _ => "no_body",
    };

    /// <summary>
    /// What the policies covering a request say: the Block, Redirect or Acknowledge policy that answers it, else the
    /// notices that apply (a bit per index in <see cref="GateSnapshot.NoticePolicies"/>).
    /// </summary>
    /// <param name="Answering">The policy whose page or redirect replaces the content, if any.</param>
    /// <param name="NoticeMask">The notices that go into the page.</param>
    /// <param name="Varies">Whether a Block, Redirect or Acknowledge policy covers the request.</param>
    /// <param name="NoticeCovers">Whether a Notice policy covers the request.</param>
    /// <param name="NoticeTranslated">Whether a notice that goes in has translations.</param>
    private readonly record struct Evaluation(CompiledPolicy? Answering, ulong NoticeMask, bool Varies, bool NoticeCovers, bool NoticeTranslated)
    {
        public bool Covers => Varies || NoticeCovers;
    }

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Debug, "Request blocked with 451 by policy '{Policy}' for region {Region}.", EventName = "Blocked")]
        public static partial void Blocked(ILogger logger, string policy, Region region);

        [LoggerMessage(11, LogLevel.Debug, "Notice response outcome: {Outcome}.", EventName = "NoticeOutcome")]
        public static partial void NoticeOutcome(ILogger logger, NoticeOutcome outcome);

        [LoggerMessage(13, LogLevel.Debug, "Request redirected by policy '{Policy}' for region {Region}.", EventName = "Redirected")]
        public static partial void Redirected(ILogger logger, string policy, Region region);

        [LoggerMessage(14, LogLevel.Debug, "Acknowledgment page of policy '{Policy}' shown for region {Region}.", EventName = "Interstitial")]
        public static partial void Interstitial(ILogger logger, string policy, Region region);

        [LoggerMessage(15, LogLevel.Information, "Previewing the page as a visitor from {Region}.", EventName = "Preview")]
        public static partial void Preview(ILogger logger, Region region);

        [LoggerMessage(16, LogLevel.Debug, "Preview parameter ignored: not allowed for this request, or not a region code.", EventName = "PreviewIgnored")]
        public static partial void PreviewIgnored(ILogger logger);

        [LoggerMessage(17, LogLevel.Warning, "A notice was placed by fallback ({Placements}): the page has no <!-- contentgate:notice --> marker or no </body> end tag.", EventName = "NoticePlacementFallback")]
        public static partial void NoticePlacementFallback(ILogger logger, NoticePlacements placements);
    }
}
