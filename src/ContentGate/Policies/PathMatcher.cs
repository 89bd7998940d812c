using Microsoft.AspNetCore.Http;

namespace ContentGate.Policies;

/// <summary>Whole-segment, case-insensitive path prefixes, compiled once.</summary>
internal sealed class PathMatcher
{
    private readonly PathString[] _prefixes;

    private PathMatcher(bool matchesAll, PathString[] prefixes)
    {
        MatchesAll = matchesAll;
        _prefixes = prefixes;
    }

    public static PathMatcher All { get; } = new(true, []);

    public static PathMatcher None { get; } = new(false, []);

    public bool MatchesAll { get; }

    public bool IsEmpty => !MatchesAll && _prefixes.Length == 0;

    /// <summary>Builds a matcher from paths already validated by <see cref="TryNormalize"/>.</summary>
    public static PathMatcher Create(IEnumerable<string> normalizedPaths)
    {
        var prefixes = new List<PathString>();
        foreach (var path in normalizedPaths)
        {
            if (path == "/")
            {
                return All;
            }

            prefixes.Add(new PathString(path));
        }

        return prefixes.Count == 0 ? None : new PathMatcher(false, [.. prefixes]);
    }

    public bool Matches(PathString path)
    {
        if (MatchesAll)
        {
            return true;
        }

        foreach (var prefix in _prefixes)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Checks a configured path and returns it without a trailing slash (<c>/articles/</c> → <c>/articles</c>),
    /// or an explanation of what is wrong with it.
    /// </summary>
    public static bool TryNormalize(string? value, out string normalized, out string? problem)
    {
        normalized = string.Empty;
        problem = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            problem = "is empty. Remove the entry, or use '/' for every path";
            return false;
        }

        var trimmed = value.Trim();
        if (!trimmed.StartsWith('/'))
        {
            problem = $"must start with '/'. Use '/{trimmed.TrimStart('~')}'";
            return false;
        }

        if (trimmed.AsSpan().IndexOfAny('*', '?', '#') >= 0)
        {
            problem = "contains '*', '?' or '#'. Paths are whole-segment prefixes without wildcards or query strings: '/articles' already covers '/articles/anything'";
            return false;
        }

        normalized = trimmed.Length > 1 ? trimmed.TrimEnd('/') : trimmed;
        if (normalized.Length == 0)
        {
            normalized = "/";
        }

        return true;
    }
}
