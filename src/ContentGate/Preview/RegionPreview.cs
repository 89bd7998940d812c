using ContentGate.Regions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace ContentGate.Preview;

/// <summary>
/// Lets staff see a page as a visitor from a region would (<c>?contentgate-region=UA-43</c>). Honoured only in
/// Development (when allowed) or for users who satisfy the configured authorization policy; otherwise the parameter
/// is ignored as if it were absent.
/// </summary>
internal sealed class RegionPreview(IHostEnvironment? environment, IAuthorizationService? authorization)
{
    public const string SourceName = "preview";

    /// <summary>Cheap check, no query parsing unless the parameter name appears in the query string.</summary>
    public static bool IsRequested(HttpContext context, PreviewSettings settings)
    {
        var query = context.Request.QueryString;
        return query.HasValue
            && query.Value!.Contains(settings.QueryParameter, StringComparison.OrdinalIgnoreCase)
            && context.Request.Query.ContainsKey(settings.QueryParameter);
    }

    /// <summary>Returns the previewed region when the request asks for one and may have it.</summary>
    public async Task<Region?> TryGetAsync(HttpContext context, PreviewSettings settings)
    {
        var value = context.Request.Query[settings.QueryParameter].ToString();
        if (!TryParse(value, out var region) || !await IsAllowedAsync(context, settings))
        {
            return null;
        }

        return region;
    }

    internal static bool TryParse(string value, out Region region)
    {
        region = Region.Unknown;
        var trimmed = value.Trim();
        if (trimmed.Equals("unknown", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (IsoCodes.TryNormalizeCountry(trimmed, out var country))
        {
            region = Region.Create(country);
            return true;
        }

        if (IsoCodes.TryNormalizeSubdivision(trimmed, out var subdivision))
        {
            region = Region.Create(subdivision[..2], subdivision);
            return true;
        }

        return false;
    }

    private async Task<bool> IsAllowedAsync(HttpContext context, PreviewSettings settings)
    {
        if (settings.AllowInDevelopment && environment?.IsDevelopment() == true)
        {
            return true;
        }

        if (settings.AuthorizationPolicy is null || authorization is null || context.User.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        try
        {
            return (await authorization.AuthorizeAsync(context.User, settings.AuthorizationPolicy)).Succeeded;
        }
        catch (InvalidOperationException)
        {
            // The named policy does not exist: nobody may preview, rather than everybody.
            return false;
        }
    }
}
