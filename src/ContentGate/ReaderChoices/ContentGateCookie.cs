using Microsoft.AspNetCore.Http;

namespace ContentGate.ReaderChoices;

/// <summary>The options every ContentGate cookie is written with: scoped to the app, script-proof, sent on top-level navigation.</summary>
internal static class ContentGateCookie
{
    public static CookieOptions Options(HttpContext context, TimeSpan maxAge) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = context.Request.PathBase.HasValue ? context.Request.PathBase.Value : "/",
        MaxAge = maxAge,
        IsEssential = true,
    };
}
