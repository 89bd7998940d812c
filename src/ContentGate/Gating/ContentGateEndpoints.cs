using System.Text;
using ContentGate.Acknowledgments;
using ContentGate.Assets;
using ContentGate.Policies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContentGate.Gating;

/// <summary>
/// What ContentGate serves under its prefix: the stylesheet, and the dismiss and acknowledge form posts. Handled in
/// the middleware itself, so it works whether or not the app uses endpoint routing.
/// </summary>
internal sealed partial class ContentGateEndpoints(AcknowledgmentCookies acknowledgments, ILogger<ContentGateEndpoints> logger)
{
    public const string DismissAction = "dismiss";
    public const string AcknowledgeAction = "acknowledge";

    public async Task HandleAsync(HttpContext context, GateSnapshot snapshot, PathString remainder)
    {
        var request = context.Request;
        if (remainder.Equals("/" + ContentGateStyles.FileName, StringComparison.OrdinalIgnoreCase) && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            await WriteStylesheetAsync(context);
            return;
        }

        var action = remainder.Equals("/" + DismissAction, StringComparison.OrdinalIgnoreCase) ? DismissAction
            : remainder.Equals("/" + AcknowledgeAction, StringComparison.OrdinalIgnoreCase) ? AcknowledgeAction
            : null;
        if (action is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = HttpMethods.Post;
            return;
        }

        // Before the body is read: a post another site made the reader's browser send gets nothing from us.
        if (!CrossOriginProtection.IsSameOrigin(request))
        {
            Log.FormRejected(logger, action, "cross-origin");
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, "This form was sent from another site. Go back to the page and use its button.");
            return;
        }

        if (!request.HasFormContentType)
        {
            Log.FormRejected(logger, action, "not a form");
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "This request is not a form ContentGate sent. Go back and reload the page.");
            return;
        }

        var form = await request.ReadFormAsync(context.RequestAborted);
        var policy = snapshot.FindPolicy(form[FormMarkup.PolicyField].ToString());
        var expected = action == DismissAction ? PolicyAction.Notice : PolicyAction.Acknowledge;
        if (policy is null || policy.Action != expected || (action == DismissAction && !policy.Dismissible))
        {
            Log.FormRejected(logger, action, "unknown policy");
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "This notice cannot be dismissed here. Go back and reload the page.");
            return;
        }

        // A form rendered for an older text is not an acknowledgment of the current one: reload shows the new text.
        if (string.Equals(form[FormMarkup.VersionField].ToString(), policy.Version, StringComparison.Ordinal))
        {
            if (action == DismissAction)
            {
                DismissalCookie.Remember(context, policy);
            }
            else
            {
                acknowledgments.Remember(context, policy);
            }

            Log.FormAccepted(logger, action, policy.Name);
        }

        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = FormMarkup.LocalReturnUrl(context, form[FormMarkup.ReturnUrlField].ToString());
        context.Response.Headers.CacheControl = "no-store";
    }

    private static Task WriteStylesheetAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/css; charset=utf-8";
        response.Headers.ETag = ContentGateStyles.ETag;
        // The URL carries the content hash (?v=…), so a year is safe.
        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        if (context.Request.Headers.IfNoneMatch == ContentGateStyles.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentLength = ContentGateStyles.CssBytes.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(ContentGateStyles.CssBytes, context.RequestAborted).AsTask();
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        var body = Encoding.UTF8.GetBytes($"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Request not accepted</title></head><body><main><h1>Request not accepted</h1><p>{System.Net.WebUtility.HtmlEncode(message)}</p></main></body></html>");
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.ContentLength = body.Length;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Debug, "Accepted {Action} for policy '{Policy}'.", EventName = "FormAccepted")]
        public static partial void FormAccepted(ILogger logger, string action, string policy);

        [LoggerMessage(21, LogLevel.Information, "Rejected a {Action} form post ({Reason}).", EventName = "FormRejected")]
        public static partial void FormRejected(ILogger logger, string action, string reason);
    }
}
