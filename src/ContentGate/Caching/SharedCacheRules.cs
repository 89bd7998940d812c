using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace ContentGate.Caching;

/// <summary>
/// How ContentGate keeps an answer that depends on the reader's region out of shared caches: <c>Cache-Control:
/// private</c>, keeping what the app said for the browser's own cache.
/// </summary>
internal static class SharedCacheRules
{
    private static readonly Func<object, Task> MarkPrivateCallback = MarkPrivate;

    /// <summary>Makes the response private when it starts (an <c>OnStarting</c> callback; no closure, no allocation of its own).</summary>
    /// <param name="context">The request, whose response has not started.</param>
    public static void MakePrivateWhenStarting(HttpContext context) => context.Response.OnStarting(MarkPrivateCallback, context);

    /// <summary>
    /// Computes a <c>Cache-Control</c> value that keeps shared caches from storing the response.
    /// </summary>
    /// <remarks>
    /// No header gives <c>private</c>. A header that already has <c>no-store</c> or an unqualified
    /// <c>private</c> is left alone. Otherwise <c>public</c>, <c>s-maxage</c> and a field-qualified
    /// <c>private="…"</c> (which keeps only the named fields out of shared caches) are removed, every other
    /// directive is kept as written (<c>max-age=60</c> still lets the browser cache it), after a leading
    /// <c>private</c>. Quoted arguments may contain commas.
    /// </remarks>
    /// <param name="cacheControl">The current header values.</param>
    /// <param name="privateCacheControl">The new value, when it changes.</param>
    /// <returns><see langword="true"/> when the header must be replaced by <paramref name="privateCacheControl"/>.</returns>
    public static bool TryMakePrivate(StringValues cacheControl, [NotNullWhen(true)] out string? privateCacheControl)
    {
        privateCacheControl = null;
        if (StringValues.IsNullOrEmpty(cacheControl))
        {
            privateCacheControl = "private";
            return true;
        }

        foreach (var value in cacheControl)
        {
            var rest = value.AsSpan();
            while (NextDirective(ref rest, out var directive))
            {
                if (IsNamed(directive, "no-store", out _) || (IsNamed(directive, "private", out var hasArgument) && !hasArgument))
                {
                    return false;
                }
            }
        }

        var kept = new List<string> { "private" };
        foreach (var value in cacheControl)
        {
            var rest = value.AsSpan();
            while (NextDirective(ref rest, out var directive))
            {
                if (!IsNamed(directive, "public", out _) && !IsNamed(directive, "s-maxage", out _) && !IsNamed(directive, "private", out _))
                {
                    kept.Add(directive.ToString());
                }
            }
        }

        privateCacheControl = string.Join(", ", kept);
        return true;
    }

    // Cuts the next comma-separated directive (trimmed, non-empty) off the front of `rest`; commas inside a
    // quoted-string do not separate.
    private static bool NextDirective(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> directive)
    {
        while (!rest.IsEmpty)
        {
            var inQuotes = false;
            var end = 0;
            for (; end < rest.Length; end++)
            {
                var c = rest[end];
                if (inQuotes && c == '\\')
                {
                    end++; // quoted-pair
                }
                else if (c == '"')
                {
                    inQuotes = !inQuotes;
                }
                else if (c == ',' && !inQuotes)
                {
                    break;
                }
            }

            end = Math.Min(end, rest.Length);
            directive = rest[..end].Trim();
            rest = end < rest.Length ? rest[(end + 1)..] : [];
            if (!directive.IsEmpty)
            {
                return true;
            }
        }

        directive = default;
        return false;
    }

    private static bool IsNamed(ReadOnlySpan<char> directive, string name, out bool hasArgument)
    {
        var equals = directive.IndexOf('=');
        var directiveName = (equals < 0 ? directive : directive[..equals]).TrimEnd();
        hasArgument = equals >= 0;
        return directiveName.Equals(name, StringComparison.OrdinalIgnoreCase);
    }

    private static Task MarkPrivate(object state)
    {
        var headers = ((HttpContext)state).Response.Headers;
        if (TryMakePrivate(headers.CacheControl, out var cacheControl))
        {
            headers.CacheControl = cacheControl;
        }

        return Task.CompletedTask;
    }
}
