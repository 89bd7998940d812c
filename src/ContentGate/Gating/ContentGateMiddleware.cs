using ContentGate.Diagnostics;
using ContentGate.Notices;
using ContentGate.Policies;
using ContentGate.Regions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace ContentGate.Gating;

/// <summary>
/// Determines the visitor's region, publishes it, then applies the policies that cover the path: the first
/// applying Block policy answers 451; every applying Notice policy is inserted into the HTML page.
/// </summary>
internal sealed partial class ContentGateMiddleware
{
    private static readonly Func<object, Task> MarkPrivateCallback = MarkPrivate;

    private readonly RequestDelegate _next;
    private readonly ContentGateRuntime _runtime;
    private readonly ContentGateMetrics _metrics;
    private readonly ILogger _logger;

    public ContentGateMiddleware(RequestDelegate next, ContentGateRuntime runtime, ContentGateMetrics metrics, ILogger<ContentGateMiddleware> logger)
    {
        _next = next;
        _runtime = runtime;
        _metrics = metrics;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var snapshot = _runtime.Current;
        var feature = snapshot.Resolver.Resolve(context);
        context.Features.Set<IRegionFeature>(feature);
        if (!snapshot.HasPolicies)
        {
            return _next(context);
        }

        var path = context.Request.Path;
        var region = feature.Region;

        var blockCovers = false;
        foreach (var policy in snapshot.BlockPolicies)
        {
            if (!policy.Covers(path))
            {
                continue;
            }

            blockCovers = true;
            var applies = policy.AppliesTo(region);
            _metrics.Decision(policy.Name, "block", DecisionName(applies, region));
            if (applies)
            {
                Log.Blocked(_logger, policy.Name, region);
                return policy.Block!.WriteAsync(context, snapshot.KeepSharedCacheable);
            }
        }

        ulong matched = 0;
        var noticeCovers = false;
        var notices = snapshot.NoticePolicies;
        for (var i = 0; i < notices.Length; i++)
        {
            var policy = notices[i];
            if (!policy.Covers(path))
            {
                continue;
            }

            noticeCovers = true;
            var applies = policy.AppliesTo(region);
            _metrics.Decision(policy.Name, "notice", DecisionName(applies, region));
            if (applies)
            {
                matched |= 1UL << i;
            }
        }

        if (!snapshot.KeepSharedCacheable && blockCovers && !context.Response.HasStarted)
        {
            // The same URL is a 451 for some visitors, so every answer to it depends on the region.
            context.Response.OnStarting(MarkPrivateCallback, context);
        }

        if (matched != 0)
        {
            PrepareRequestForNotice(context.Request.Headers);
            return InjectAsync(context, snapshot.GetNotice(matched), expectNotice: true);
        }

        if (noticeCovers && !snapshot.KeepSharedCacheable)
        {
            return InjectAsync(context, snapshot.NoMatchingNotice, expectNotice: false);
        }

        return _next(context);
    }

    private async Task InjectAsync(HttpContext context, NoticeInjection injection, bool expectNotice)
    {
        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        var body = new NoticeInjectingBodyFeature(context, original, injection);
        context.Features.Set<IHttpResponseBodyFeature>(body);
        try
        {
            await _next(context);
            await body.FinishAsync();
        }
        finally
        {
            context.Features.Set(original);
        }

        if (expectNotice)
        {
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
    }
}
