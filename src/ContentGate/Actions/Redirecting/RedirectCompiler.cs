using ContentGate.Policies;

namespace ContentGate.Actions.Redirecting;

/// <summary>Compiles <c>Policies:&lt;name&gt;:Redirect</c>.</summary>
internal static class RedirectCompiler
{
    public static RedirectPayload? Compile(CompileContext context, string key, RedirectOptions? options, IReadOnlySet<string> allowedHosts)
    {
        var redirect = options ?? new RedirectOptions();
        var before = context.Problems.Count;
        var url = redirect.Url?.Trim();
        var isLocal = false;
        if (string.IsNullOrEmpty(url))
        {
            context.Add($"{key}:Redirect:Url is not set. Use a local path such as \"/kz\" or an absolute URL whose host is listed in {CompileContext.Root}:AllowedRedirectHosts.");
        }
        else if (url.StartsWith('/'))
        {
            isLocal = true;
            if (url.StartsWith("//", StringComparison.Ordinal) || url.StartsWith("/\\", StringComparison.Ordinal))
            {
                context.Add($"{key}:Redirect:Url: '{url}' is a protocol-relative URL, not a local path. Write a local path (\"/kz\") or a full https:// URL.");
            }
        }
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            context.Add($"{key}:Redirect:Url: '{url}' is neither a local path nor an absolute http(s) URL. Write a local path (\"/kz\") or a full https:// URL whose host is listed in {CompileContext.Root}:AllowedRedirectHosts.");
        }
        else if (!allowedHosts.Contains(uri.Host))
        {
            context.Add($"{key}:Redirect:Url: the host '{uri.Host}' is not allowed. Add it to {CompileContext.Root}:AllowedRedirectHosts if visitors may really be sent there.");
        }

        var status = redirect.StatusCode ?? ContentGateDefaults.RedirectStatusCode;
        if (status is not (302 or 307))
        {
            context.Add($"{key}:Redirect:StatusCode: '{status}' is not supported. Use 302 (Found) or 307 (Temporary Redirect); a permanent redirect would be cached for visitors who travel.");
        }

        return context.Problems.Count > before ? null : new RedirectPayload(url!, isLocal, status);
    }
}
