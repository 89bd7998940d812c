using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace ContentGate.ReaderChoices;

/// <summary>
/// Tells a form post from the site's own pages apart from one another site made the reader's browser send, from what
/// the browser itself says (the approach of Go's <c>http.CrossOriginProtection</c>), so ContentGate's forms need no
/// token: no token cookie on every page with a dismissible notice, no per-request form markup, nothing to share between
/// instances.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>Sec-Fetch-Site</c> (every current browser, on HTTPS and on localhost) decides when present:
/// <c>same-origin</c> or <c>none</c> (typed or bookmarked by the reader) is accepted; <c>same-site</c> (a sibling
/// subdomain, which may be run by someone else), <c>cross-site</c> and anything else are refused.</item>
/// <item>Without it (browsers before 2023, plain HTTP), <c>Origin</c> must be absent or name the request's own host and
/// port. The scheme is ignored because TLS may end at a proxy, so the app may see <c>http</c> where the browser saw
/// <c>https</c>. Browsers have sent <c>Origin</c> on every cross-origin POST for years, so its absence means a
/// same-origin post from an old browser or a client that is not a browser, which cannot carry the reader's cookies.</item>
/// <item><c>Origin: null</c> (a sandboxed frame, a <c>data:</c> page, a privacy redirect) names no origin, so it is refused.</item>
/// </list>
/// Only a browser is forced to tell the truth in these headers, and only a browser carries the reader's cookies: any
/// other client can say what it likes, but then it acts only for itself.
/// </remarks>
internal static class CrossOriginProtection
{
    private const string SecFetchSite = "Sec-Fetch-Site";

    // An origin has no user information, path, query or fragment: one that does is not a browser's.
    private static readonly SearchValues<char> NotInOrigin = SearchValues.Create("/\\?#@ ");

    /// <summary>Whether <paramref name="request"/> came from one of the site's own pages (or from no page at all).</summary>
    public static bool IsSameOrigin(HttpRequest request)
    {
        var headers = request.Headers;
        if (headers.TryGetValue(SecFetchSite, out var site))
        {
            // Browsers send exactly one value, in lower case; two values or any other value is not a browser's word.
            return site.Count == 1 && (string.Equals(site[0], "same-origin", StringComparison.Ordinal) || string.Equals(site[0], "none", StringComparison.Ordinal));
        }

        var origin = headers.Origin;
        return origin.Count == 0 || (origin.Count == 1 && NamesHost(origin[0], request.Host));
    }

    /// <summary>Whether a serialized origin (<c>scheme://host[:port]</c>, nothing else) names <paramref name="host"/>, whatever its scheme.</summary>
    private static bool NamesHost(string? origin, HostString host)
    {
        if (origin is null || !host.HasValue)
        {
            return false;
        }

        var span = origin.AsSpan();
        var separator = span.IndexOf("://", StringComparison.Ordinal);
        var scheme = separator < 0 ? default : span[..separator];
        if (!scheme.Equals("https", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("http", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var authority = span[(separator + 3)..];
        return authority.IndexOfAny(NotInOrigin) < 0 && authority.Equals(host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
