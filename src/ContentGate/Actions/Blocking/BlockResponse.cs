using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using ContentGate.Assets;
using ContentGate.Languages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ContentGate.Actions.Blocking;

/// <summary>
/// The 451 Unavailable For Legal Reasons response of one Block policy (RFC 7725), rendered once per language at
/// start-up: an HTML page for browsers and RFC 9457 problem details for clients that prefer JSON.
/// </summary>
internal sealed class BlockResponse
{
    public const int StatusCode = StatusCodes.Status451UnavailableForLegalReasons;

    private const string HtmlContentType = "text/html; charset=utf-8";
    private const string ProblemContentType = "application/problem+json; charset=utf-8";
    private const string ProblemType = "https://www.rfc-editor.org/rfc/rfc7725#section-3";

    private readonly FrozenDictionary<LocalizedText, Rendered> _rendered;
    private readonly string? _blockedBy;
    private readonly bool _blockedByIsLocal;
    private readonly string? _absoluteLink;

    public BlockResponse(string policyName, string? blockedBy, LocalizedContent content)
    {
        PolicyName = policyName;
        _blockedBy = blockedBy;
        _blockedByIsLocal = blockedBy is not null && blockedBy.StartsWith('/');
        _absoluteLink = blockedBy is null || _blockedByIsLocal ? null : LinkTo(blockedBy);
        _rendered = content.All.ToFrozenDictionary(
            text => text,
            text => IsFullDocument(text.Html)
                ? new Rendered(Encoding.UTF8.GetBytes(text.Html), [], text.Detail ?? ContentGateDefaults.BlockDetail, FullDocument: true)
                : new Rendered(
                    Encoding.UTF8.GetBytes(PageDocument.Head(text)),
                    Encoding.UTF8.GetBytes(PageDocument.Body("data-contentgate-block", policyName, text.Html)),
                    text.Detail ?? ContentGateDefaults.BlockDetail,
                    FullDocument: false));
    }

    public string PolicyName { get; }

    /// <summary>The local path of the page explaining the block, which no policy may cover; otherwise <see langword="null"/>.</summary>
    public string? LocalBlockedBy => _blockedByIsLocal ? _blockedBy!.Split('?', '#')[0] : null;

    public async Task WriteAsync(HttpContext context, LocalizedText text, ReadOnlyMemory<byte> styleMarkup, bool cdnCacheKeyIncludesRegion)
    {
        var response = context.Response;
        response.StatusCode = StatusCode;
        var headers = response.Headers;
        var blockedBy = BlockedByUrl(context.Request);
        if (blockedBy is not null)
        {
            // An absolute BlockedBy gives the same header on every request: built once.
            headers.Link = _blockedByIsLocal ? LinkTo(blockedBy) : _absoluteLink;
        }

        headers.Vary = StringValues.Concat(headers.Vary, HeaderNames.Accept);
        if (!cdnCacheKeyIncludesRegion)
        {
            headers.CacheControl = "private";
        }

        headers.ContentLanguage = text.Language;
        var rendered = _rendered[text];
        if (PrefersJson(context.Request.Headers.Accept))
        {
            var problem = RenderProblem(blockedBy, rendered.Detail);
            response.ContentType = ProblemContentType;
            response.ContentLength = problem.Length;
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await response.Body.WriteAsync(problem, context.RequestAborted);
            }

            return;
        }

        var style = rendered.FullDocument ? ReadOnlyMemory<byte>.Empty : styleMarkup;
        response.ContentType = HtmlContentType;
        response.ContentLength = rendered.Head.Length + style.Length + rendered.Body.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        await response.Body.WriteAsync(rendered.Head, context.RequestAborted);
        await response.Body.WriteAsync(style, context.RequestAborted);
        await response.Body.WriteAsync(rendered.Body, context.RequestAborted);
    }

    /// <summary>
    /// JSON wins only when the client ranks a JSON type strictly above HTML; browsers (which list text/html)
    /// and clients that send nothing or <c>*/*</c> get the HTML page.
    /// </summary>
    internal static bool PrefersJson(StringValues accept)
    {
        // Every JSON type below has "json" in its name: without it, JSON cannot win, and the header need not be parsed.
        if (StringValues.IsNullOrEmpty(accept) || !MentionsJson(accept) || !MediaTypeHeaderValue.TryParseList(accept, out var types))
        {
            return false;
        }

        double json = 0, html = 0;
        foreach (var type in types)
        {
            var quality = type.Quality ?? 1.0;
            var media = type.MediaType;
            if (media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || media.Equals("application/problem+json", StringComparison.OrdinalIgnoreCase)
                || (type.Type.Equals("application", StringComparison.OrdinalIgnoreCase) && type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
            {
                json = Math.Max(json, quality);
            }
            else if (media.Equals("text/html", StringComparison.OrdinalIgnoreCase)
                || media.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase)
                || media.Equals("text/*", StringComparison.OrdinalIgnoreCase)
                || media.Equals("*/*", StringComparison.OrdinalIgnoreCase))
            {
                html = Math.Max(html, quality);
            }
        }

        return json > 0 && json > html;
    }

    private static bool MentionsJson(StringValues accept)
    {
        foreach (var value in accept)
        {
            if (value is not null && value.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string LinkTo(string blockedBy) => $"<{blockedBy}>; rel=\"blocked-by\"";

    private string? BlockedByUrl(HttpRequest request)
        => _blockedByIsLocal
            ? $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.Add(_blockedBy!).ToUriComponent()}"
            : _blockedBy;

    // A full document as configured is sent as written; a fragment goes into the page's main landmark.
    private static bool IsFullDocument(string html)
    {
        var trimmed = html.AsSpan().TrimStart();
        return trimmed.StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }

    private static byte[] RenderProblem(string? blockedBy, string detail)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("type", ProblemType);
            writer.WriteString("title", ContentGateDefaults.BlockTitle);
            writer.WriteNumber("status", StatusCode);
            writer.WriteString("detail", detail);
            if (blockedBy is not null)
            {
                writer.WriteString("blockedBy", blockedBy);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private sealed record Rendered(byte[] Head, byte[] Body, string Detail, bool FullDocument);
}
