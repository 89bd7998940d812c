using System.Buffers;
using System.Text;
using ContentGate.Actions.Acknowledging;
using ContentGate.Configuration;
using ContentGate.ReaderChoices;
using ContentGate.Assets;
using ContentGate.Policies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ContentGate.Hosting;

/// <summary>
/// What ContentGate serves under its prefix: the stylesheet, and the dismiss and acknowledge form posts. Handled in
/// the middleware itself, so it works whether or not the app uses endpoint routing.
/// </summary>
/// <remarks>
/// Every request gets an answer, never an exception: 404 for another path, 405 for another method, 403 for a post
/// from another site, 415 for a body that is not <c>application/x-www-form-urlencoded</c>, 400 for a form that is
/// malformed, too large, or names no policy of that kind. Nothing is recorded unless every check passed.
/// </remarks>
internal sealed partial class ContentGateEndpoints(AcknowledgmentCookies acknowledgments, ILogger<ContentGateEndpoints> logger)
{
    private const string DismissAction = FormMarkup.DismissAction;
    private const string AcknowledgeAction = FormMarkup.AcknowledgeAction;

    // Our forms send three short fields and a return URL of at most MaxReturnUrlLength, which urlencoding can triple.
    // The body is read only this far, whatever Content-Length says or the server allows.
    private const int MaxFormBytes = 32 * 1024;
    private const int MaxFormFields = 16;
    private const int MaxFieldNameLength = 64;

    private const string UrlEncodedForm = "application/x-www-form-urlencoded";

    public async Task HandleAsync(HttpContext context, GateSnapshot snapshot, PathString remainder)
    {
        var request = context.Request;
        if (remainder.Equals("/" + ContentGateStyles.FileName, StringComparison.OrdinalIgnoreCase))
        {
            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            {
                await WriteStylesheetAsync(context);
            }
            else
            {
                MethodNotAllowed(context, "GET, HEAD");
            }

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
            MethodNotAllowed(context, HttpMethods.Post);
            return;
        }

        // Before the body is read: a post another site made the reader's browser send gets nothing from us.
        if (!CrossOriginProtection.IsSameOrigin(request))
        {
            await RejectAsync(context, action, "cross-origin", StatusCodes.Status403Forbidden, "This form was sent from another site. Go back to the page and use its button.");
            return;
        }

        if (!IsUrlEncodedForm(request.ContentType))
        {
            await RejectAsync(context, action, "not a form", StatusCodes.Status415UnsupportedMediaType, "This request is not a form ContentGate sent. Go back and reload the page.");
            return;
        }

        var form = await ReadFormAsync(context);
        if (form is null
            || !TryGetSingle(form, FormMarkup.PolicyField, out var policyName)
            || !TryGetSingle(form, FormMarkup.VersionField, out var version)
            || (form.TryGetValue(FormMarkup.ReturnUrlField, out var returnUrls) && returnUrls.Count > 1))
        {
            await RejectAsync(context, action, "malformed form", StatusCodes.Status400BadRequest, "This form is not one ContentGate sent. Go back and reload the page.");
            return;
        }

        var policy = snapshot.Policies.Find(policyName);
        var expected = action == DismissAction ? PolicyAction.Notice : PolicyAction.Acknowledge;
        if (policy is null || policy.Action != expected || (action == DismissAction && !policy.LiftedByReader))
        {
            await RejectAsync(context, action, "unknown policy", StatusCodes.Status400BadRequest, "This notice cannot be dismissed here. Go back and reload the page.");
            return;
        }

        // Worked out before anything is recorded, so nothing after the cookie can fail.
        var location = FormMarkup.LocalReturnUrl(context, returnUrls.ToString());

        // A form rendered for an older text is not an acknowledgment of the current one: reload shows the new text.
        if (string.Equals(version, policy.Version, StringComparison.Ordinal))
        {
            if (action == DismissAction)
            {
                DismissalCookie.Remember(context, policy);
            }
            else
            {
                acknowledgments.Remember(context, policy, policy.PayloadAs<AcknowledgePayload>().Lifetime);
            }

            Log.FormAccepted(logger, action, policy.Name);
        }
        else
        {
            Log.FormRejected(logger, action, "outdated version");
        }

        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = location;
        context.Response.Headers.CacheControl = "no-store";
    }

    private static bool IsUrlEncodedForm(string? contentType)
        => MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            && parsed.MediaType.Equals(UrlEncodedForm, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads at most <see cref="MaxFormBytes"/> of the body and parses it as UTF-8 (our fields are ASCII whatever the
    /// page's charset), with small limits; <see langword="null"/> for a body that is too large or breaks a limit.
    /// </summary>
    private static async Task<Dictionary<string, StringValues>?> ReadFormAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxFormBytes)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MaxFormBytes + 1);
        try
        {
            var length = 0;
            int read;
            while (length <= MaxFormBytes && (read = await context.Request.Body.ReadAsync(buffer.AsMemory(length, MaxFormBytes + 1 - length), context.RequestAborted)) > 0)
            {
                length += read;
            }

            if (length > MaxFormBytes)
            {
                return null;
            }

            using var reader = new FormReader(Encoding.UTF8.GetString(buffer, 0, length))
            {
                ValueCountLimit = MaxFormFields,
                KeyLengthLimit = MaxFieldNameLength,
                ValueLengthLimit = MaxFormBytes,
            };
            return reader.ReadForm();
        }
        catch (InvalidDataException)
        {
            // A limit of the reader was exceeded.
            return null;
        }
        catch (IOException)
        {
            // The body ended early, or the server refused to read more of it (BadHttpRequestException).
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Exactly one value: a field twice is not from our form, and which one counts would be a guess.</summary>
    private static bool TryGetSingle(Dictionary<string, StringValues> form, string name, out string value)
    {
        value = form.TryGetValue(name, out var values) && values.Count == 1 ? values[0] ?? string.Empty : string.Empty;
        return values.Count == 1;
    }

    private static void MethodNotAllowed(HttpContext context, string allow)
    {
        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.Headers.Allow = allow;
    }

    private Task RejectAsync(HttpContext context, string action, string reason, int status, string message)
    {
        Log.FormRejected(logger, action, reason);
        return WriteErrorAsync(context, status, message);
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
