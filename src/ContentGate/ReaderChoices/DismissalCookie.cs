using ContentGate.Policies;
using Microsoft.AspNetCore.Http;

namespace ContentGate.ReaderChoices;

/// <summary>
/// Remembers which notices a visitor dismissed, as <c>policy~version</c> pairs in one cookie. Not protected: a
/// forged value can only hide a notice from the person who forged it, and the form that sets it refuses posts from
/// other sites (<see cref="CrossOriginProtection"/>), so another site cannot dismiss a notice on a visitor's behalf.
/// </summary>
internal static class DismissalCookie
{
    private const char PairSeparator = '|';
    private const char VersionSeparator = '~';
    private const int MaxPairs = 32;

    // A policy name, '~' and a 12-character version are far shorter; a longer pair was not written by us.
    private const int MaxPairLength = 200;

    public static bool IsDismissed(HttpContext context, CompiledPolicy policy)
    {
        if (!context.Request.Cookies.TryGetValue(ContentGateDefaults.DismissalCookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return false;
        }

        var wanted = policy.Name + VersionSeparator + policy.Version;
        foreach (var range in value.AsSpan().Split(PairSeparator))
        {
            if (value.AsSpan(range).Equals(wanted, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public static void Remember(HttpContext context, CompiledPolicy policy)
    {
        // Keep other policies' dismissals, drop this policy's older versions, cap the size.
        var pairs = new List<string>();
        if (context.Request.Cookies.TryGetValue(ContentGateDefaults.DismissalCookieName, out var value) && !string.IsNullOrEmpty(value))
        {
            foreach (var pair in value.Split(PairSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var name = pair.Split(VersionSeparator)[0];
                if (pair.Length <= MaxPairLength && !name.Equals(policy.Name, StringComparison.OrdinalIgnoreCase) && pair.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or VersionSeparator))
                {
                    pairs.Add(pair);
                }
            }
        }

        pairs.Add(policy.Name + VersionSeparator + policy.Version);
        context.Response.Cookies.Append(ContentGateDefaults.DismissalCookieName, string.Join(PairSeparator, pairs.TakeLast(MaxPairs)), ContentGateCookie.Options(context, TimeSpan.FromDays(365)));
    }
}
