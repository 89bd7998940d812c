using ContentGate.Policies;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Actions.Redirecting;

/// <summary>Answers a request a Redirect policy applies to: the configured target, never one taken from the request.</summary>
internal static class RedirectAction
{
    public static void Execute(HttpContext context, CompiledPolicy policy, bool cdnCacheKeyIncludesRegion)
    {
        var payload = policy.PayloadAs<RedirectPayload>();
        var response = context.Response;
        response.StatusCode = payload.StatusCode;
        response.Headers.Location = payload.IsLocal ? context.Request.PathBase + payload.Url : payload.Url;
        if (!cdnCacheKeyIncludesRegion)
        {
            response.Headers.CacheControl = "private";
        }
    }
}
