using ContentGate.Acknowledgments;
using ContentGate.Assets;
using ContentGate.Diagnostics;
using ContentGate.Endpoints;
using ContentGate.Notices;
using ContentGate.Policies;
using ContentGate.Preview;
using ContentGate.Regions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ContentGate.Gating;

/// <summary>
/// Determines the visitor's region, publishes it, then applies the policies that cover the request, in this order:
/// the first applying Block answers 451; else the first applying Redirect redirects; else the first applying,
/// unacknowledged Acknowledge shows its interstitial; else every applying, undismissed Notice is inserted.
/// </summary>
internal sealed partial class ContentGateMiddleware
{
    private static readonly Func<object, Task> MarkPrivateCallback = MarkPrivate;
    private static readonly Func<object, Task> MarkNoStoreCallback = MarkNoStore;

    private readonly RequestDelegate _next;
    private readonly ContentGateRuntime _runtime;
    private readonly ContentGateEndpoints _endpoints;
    private readonly AcknowledgmentCookies _acknowledgments;
    private readonly RegionPreview _preview;
    private readonly ContentGateMetrics _metrics;
    private readonly ILogger _logger;
    private readonly CoveredResponseBody.Pool _bodies = new();

    public ContentGateMiddleware(
        RequestDelegate next,
        ContentGateRuntime runtime,
        ContentGateEndpoints endpoints,
        AcknowledgmentCookies acknowledgments,
        RegionPreview preview,
        ContentGateMetrics metrics,
        ILogger<ContentGateMiddleware> logger)
    {
        _next = next;
        _runtime = runtime;
        _endpoints = endpoints;
        _acknowledgments = acknowledgments;
        _preview = preview;
        _metrics = metrics;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var snapshot = _runtime.Current;
        if (context.Request.Path.StartsWithSegments(snapshot.PathPrefix, StringComparison.OrdinalIgnoreCase, out var remainder))
        {
            return _endpoints.HandleAsync(context, snapshot, remainder);
        }

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

        var region = feature.Region;
        var varies = false;
        var gated = !snapshot.NeverGated.Matches(path);

        foreach (var policy in gated ? snapshot.BlockPolicies : [])
        {
            if (GateSnapshot.CoversPathOrEndpoint(policy, path, endpoint))
            {
                varies = true;
                if (Decide(policy, region))
                {
                    Log.Blocked(_logger, policy.Name, region);
                    VaryOnRegionHeader(context, feature);
                    var text = snapshot.Languages.Choose(context, region, policy.Content!);
                    return policy.Block!.WriteAsync(context, text, snapshot.StyleMarkup.Utf8For(context), snapshot.KeepSharedCacheable);
                }
            }
        }

        foreach (var policy in gated ? snapshot.RedirectPolicies : [])
        {
            if (GateSnapshot.CoversPathOrEndpoint(policy, path, endpoint))
            {
                varies = true;
                if (Decide(policy, region))
                {
                    Log.Redirected(_logger, policy.Name, region);
                    VaryOnRegionHeader(context, feature);
                    Redirect(context, policy, snapshot.KeepSharedCacheable);
                    return Task.CompletedTask;
                }
            }
        }

        foreach (var policy in gated ? snapshot.AcknowledgePolicies : [])
        {
            if (GateSnapshot.CoversPathOrEndpoint(policy, path, endpoint))
            {
                varies = true;
                if (Decide(policy, region) && !_acknowledgments.IsAcknowledged(context, policy))
                {
                    Log.Interstitial(_logger, policy.Name, region);
                    VaryOnRegionHeader(context, feature);
                    var text = snapshot.Languages.Choose(context, region, policy.Content!);
                    var form = FormMarkup.Render(context, snapshot.PathPrefix, ContentGateEndpoints.AcknowledgeAction, policy, text.ButtonText, "contentgate-page__form", autofocus: false);
                    return InterstitialPage.WriteAsync(context, policy, text, snapshot.StyleMarkup.For(context, out _), form);
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
            if (!GateSnapshot.CoversPathOrEndpoint(policy, path, endpoint))
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

        if (varies || noticeCovers)
        {
            VaryOnRegionHeader(context, feature);
        }

        if (!snapshot.KeepSharedCacheable && varies && !context.Response.HasStarted)
        {
            // The same URL answers differently in other regions, so every answer to it depends on the region.
            context.Response.OnStarting(MarkPrivateCallback, context);
        }

        if (matched != 0)
        {
            PrepareRequestForNotice(context.Request.Headers);
            if (translated)
            {
                context.Response.Headers.Vary = StringValues.Concat(context.Response.Headers.Vary, HeaderNames.AcceptLanguage);
            }

            var injection = NoticeComposer.Compose(context, snapshot, region, matched);
            return InjectAsync(context, injection, expectNotice: true);
        }

        if (noticeCovers && !snapshot.KeepSharedCacheable)
        {
            return InjectAsync(context, snapshot.NoMatchingNotice, expectNotice: false);
        }

        return _next(context);
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
    private Task InjectAsync(HttpContext context, NoticeInjection injection, bool expectNotice)
    {
        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        var body = _bodies.Rent(context, original, injection);
        context.Features.Set<IHttpResponseBodyFeature>(body);
        Task finishing;
        try
        {
            var running = _next(context);
            if (!running.IsCompletedSuccessfully)
            {
                return InjectAfterAsync(context, running, original, body, expectNotice);
            }

            finishing = body.FinishAsync();
            if (!finishing.IsCompletedSuccessfully)
            {
                return InjectAfterAsync(context, finishing, original, body, expectNotice, nextDone: true);
            }
        }
        catch
        {
            context.Features.Set(original);
            _bodies.Return(body);
            throw;
        }

        context.Features.Set(original);
        Report(body, expectNotice);
        _bodies.Return(body);
        return Task.CompletedTask;
    }

    private async Task InjectAfterAsync(HttpContext context, Task pending, IHttpResponseBodyFeature original, CoveredResponseBody body, bool expectNotice, bool nextDone = false)
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

            Report(body, expectNotice);
        }
        finally
        {
            _bodies.Return(body);
        }
    }

    private void Report(CoveredResponseBody body, bool expectNotice)
    {
        if (!expectNotice)
        {
            return;
        }

        var outcome = body.Outcome;
        _metrics.NoticeResponse(OutcomeName(outcome));
        if (outcome == NoticeOutcome.ContentEncoded)
        {
            Log.NoticeNotInsertedEncoded(_logger);
        }
        else
        {
            Log.NoticeOutcome(_logger, outcome);
        }

        // The page template lacks the marker (or the page its </body>): the notice still went in, but not where
        // the editor meant; tell whoever maintains the templates.
        if ((body.InsertedPlacements & (NoticePlacements.MarkerFallback | NoticePlacements.AppendedAtEnd)) != 0)
        {
            Log.NoticePlacementFallback(_logger, body.InsertedPlacements);
        }
    }

    /// <summary>
    /// A visitor who must see the notice gets a full, rewritable response: validators from a copy served to a
    /// visitor who did not need the notice would otherwise turn into a 304 that shows that copy, a byte range
    /// would be a 206 that cannot carry the notice, and an encoded body cannot be rewritten (compress after
    /// ContentGate instead).
    /// </summary>
    private static void PrepareRequestForNotice(IHeaderDictionary headers)
    {
        headers.Remove(HeaderNames.IfNoneMatch);
        headers.Remove(HeaderNames.IfModifiedSince);
        headers.Remove(HeaderNames.Range);
        headers.Remove(HeaderNames.IfRange);
        headers.Remove(HeaderNames.AcceptEncoding);
    }

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

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Debug, "Request blocked with 451 by policy '{Policy}' for region {Region}.", EventName = "Blocked")]
        public static partial void Blocked(ILogger logger, string policy, Region region);

        [LoggerMessage(11, LogLevel.Debug, "Notice response outcome: {Outcome}.", EventName = "NoticeOutcome")]
        public static partial void NoticeOutcome(ILogger logger, NoticeOutcome outcome);

        [LoggerMessage(12, LogLevel.Warning, "A visitor who must see a notice got a Content-Encoding-encoded page that cannot be rewritten. Place UseResponseCompression before UseContentGate, and do not serve pre-compressed HTML on notice paths.", EventName = "NoticeNotInsertedEncoded")]
        public static partial void NoticeNotInsertedEncoded(ILogger logger);

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
