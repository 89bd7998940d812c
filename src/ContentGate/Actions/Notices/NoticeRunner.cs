using ContentGate.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace ContentGate.Actions.Notices;

/// <summary>
/// Runs the rest of the pipeline with a <see cref="CoveredResponseBody"/> in place of the server's body, then reports
/// what happened to the notices (counted, logged, a page that arrived encoded reported once).
/// </summary>
/// <remarks>
/// Without an async method while the app completes synchronously, so that a covered request whose response needs
/// nothing from ContentGate (not HTML, or no notice for this reader) allocates nothing here. Bodies are pooled per
/// server body feature (see <see cref="CoveredResponseBody.Pool"/>).
/// </remarks>
internal sealed partial class NoticeRunner(ContentGateMetrics metrics, PipelineDiagnostics diagnostics, ILogger<NoticeRunner> logger)
{
    private readonly CoveredResponseBody.Pool _bodies = new();

    /// <summary>Runs <paramref name="next"/> with a covered body that puts <paramref name="injection"/> into the page.</summary>
    /// <param name="context">The request.</param>
    /// <param name="next">The rest of the pipeline.</param>
    /// <param name="injection">What goes into the page (possibly nothing but the cache rules, or nothing at all).</param>
    /// <param name="hideRequestHeaders">Whether the reader must see a notice, so the app must send a full, unencoded page (see <see cref="HiddenRequestHeaders"/>).</param>
    /// <param name="makePrivate">Whether the response must be private by its first byte (a response cache runs in front).</param>
    /// <param name="observer">Told when the body is installed and when the request is done; may be <see langword="null"/>.</param>
    /// <returns>A task that completes when the response is.</returns>
    public Task RunAsync(HttpContext context, RequestDelegate next, NoticeInjection injection, bool hideRequestHeaders, bool makePrivate, ICoveredResponseObserver? observer)
    {
        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        var body = _bodies.Rent(context, original, injection);
        context.Features.Set<IHttpResponseBodyFeature>(body);
        if (hideRequestHeaders)
        {
            body.HideRequestHeaders();
        }

        if (makePrivate)
        {
            body.MakePrivateWhenDecided();
        }

        observer?.BodyInstalled(body);
        Task finishing;
        try
        {
            var running = next(context);
            if (!running.IsCompletedSuccessfully)
            {
                return RunAfterAsync(context, running, original, body, observer);
            }

            finishing = body.FinishAsync();
            if (!finishing.IsCompletedSuccessfully)
            {
                return RunAfterAsync(context, finishing, original, body, observer, nextDone: true);
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

    private async Task RunAfterAsync(HttpContext context, Task pending, IHttpResponseBodyFeature original, CoveredResponseBody body, ICoveredResponseObserver? observer, bool nextDone = false)
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

    private void Report(HttpContext context, CoveredResponseBody body, ICoveredResponseObserver? observer)
    {
        observer?.Completed(context);
        if (body.Injection is not { IsEmpty: false })
        {
            return;
        }

        var outcome = body.Outcome;
        metrics.NoticeResponse(OutcomeName(outcome));
        if (outcome == NoticeOutcome.ContentEncoded)
        {
            diagnostics.EncodedPageWithoutNotice(context.Request.Path.Value ?? "/", context.Response.Headers.ContentEncoding.ToString());
        }
        else if (outcome == NoticeOutcome.CorruptEncoding)
        {
            Log.EncodedPageCorrupt(logger, context.Request.Path.Value ?? "/");
        }

        Log.NoticeOutcome(logger, outcome);

        // The page template lacks the marker (or the page its </body>): the notice still went in, but not where
        // the editor meant; tell whoever maintains the templates.
        if ((body.InsertedPlacements & (NoticePlacements.MarkerFallback | NoticePlacements.AppendedAtEnd)) != 0)
        {
            Log.NoticePlacementFallback(logger, body.InsertedPlacements);
        }
    }

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
        NoticeOutcome.CorruptEncoding => "corrupt_encoding",
        _ => "no_body",
    };

    private static partial class Log
    {
        [LoggerMessage(11, LogLevel.Debug, "Notice response outcome: {Outcome}.", EventName = "NoticeOutcome")]
        public static partial void NoticeOutcome(ILogger logger, NoticeOutcome outcome);

        [LoggerMessage(17, LogLevel.Warning, "A notice was placed by fallback ({Placements}): the page has no <!-- contentgate:notice --> marker or no </body> end tag.", EventName = "NoticePlacementFallback")]
        public static partial void NoticePlacementFallback(ILogger logger, NoticePlacements placements);

        [LoggerMessage(18, LogLevel.Warning, "A page that had to carry a notice ({Path}) arrived compressed, and its compressed data was corrupt or cut short: the response was aborted, as the reader's browser could not have read the page either. Check what the origin sends for this path.", EventName = "EncodedPageCorrupt")]
        public static partial void EncodedPageCorrupt(ILogger logger, string path);
    }
}
