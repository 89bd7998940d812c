using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ContentGate.Blocking;

/// <summary>
/// The 451 Unavailable For Legal Reasons response of one Block policy (RFC 7725), rendered once at start-up:
/// an HTML page for browsers and RFC 9457 problem details for clients that prefer JSON.
/// </summary>
internal sealed class BlockResponse
{
    public const int StatusCode = StatusCodes.Status451UnavailableForLegalReasons;

    private const string HtmlContentType = "text/html; charset=utf-8";
    private const string ProblemContentType = "application/problem+json; charset=utf-8";
    private const string ProblemType = "https://www.rfc-editor.org/rfc/rfc7725#section-3";

    private readonly byte[] _html;
    private readonly byte[] _problem;
    private readonly string? _link;

    public BlockResponse(string policyName, string? blockedBy, string? html, string? detail)
    {
        PolicyName = policyName;
        _link = blockedBy is null ? null : $"<{blockedBy}>; rel=\"blocked-by\"";
        _html = Encoding.UTF8.GetBytes(RenderHtml(policyName, html ?? ContentGateDefaults.BlockHtml));
        _problem = RenderProblem(blockedBy, detail ?? ContentGateDefaults.BlockDetail);
    }

    public string PolicyName { get; }

    public Task WriteAsync(HttpContext context, bool keepSharedCacheable)
    {
        var response = context.Response;
        response.StatusCode = StatusCode;
        var headers = response.Headers;
        if (_link is not null)
        {
            headers.Link = _link;
        }

        headers.Vary = StringValues.Concat(headers.Vary, HeaderNames.Accept);
        if (!keepSharedCacheable)
        {
            headers.CacheControl = "private";
        }

        var json = PrefersJson(context.Request.Headers.Accept);
        var body = json ? _problem : _html;
        response.ContentType = json ? ProblemContentType : HtmlContentType;
        response.ContentLength = body.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return Task.CompletedTask;
        }

        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    /// <summary>
    /// JSON wins only when the client ranks a JSON type strictly above HTML; browsers (which list text/html)
    /// and clients that send nothing or <c>*/*</c> get the HTML page.
    /// </summary>
    internal static bool PrefersJson(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept) || !MediaTypeHeaderValue.TryParseList(accept, out var types))
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

    private static string RenderHtml(string policyName, string html)
    {
        var trimmed = html.TrimStart();
        if (trimmed.StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("<html", StringComparison.OrdinalIgnoreCase))
        {
            return html;
        }

        var title = HtmlEncoder.Default.Encode(ContentGateDefaults.BlockTitle);
        return "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + $"<title>{title}</title>\n</head>\n<body>\n"
            + $"<main data-contentgate-block=\"{HtmlEncoder.Default.Encode(policyName)}\">\n{html}\n</main>\n</body>\n</html>\n";
    }

    private static byte[] RenderProblem(string? blockedBy, string detail)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
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
}
