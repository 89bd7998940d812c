using System.ComponentModel;
using ContentGate.Regions;
using ContentGate.Sources;

namespace ContentGate.MaxMind.WebService;

/// <summary>
/// What one call to the web service gave, as the lookups that shared it see it: the outcome, the answer in its cached
/// form, and the cache key it was stored under (a keyed hash, no address), so a lookup that joined a neighbour's call
/// can tell whether the answer holds for it too. Immutable, so HybridCache hands the one instance to every waiter.
/// </summary>
[ImmutableObject(true)]
internal sealed class WebServiceCall
{
    private WebServiceCall(string outcome, string? answer, string? storedKey, int storedLevel)
    {
        Outcome = outcome;
        Answer = answer;
        StoredKey = storedKey;
        StoredLevel = storedLevel;
    }

    /// <summary>The metric outcome: <c>found</c>, <c>not_found</c>, <c>timeout</c>, <c>circuit_open</c>, …</summary>
    public string Outcome { get; }

    /// <summary>The answer as cached (see <see cref="Encode"/>); <see langword="null"/> when the call failed.</summary>
    public string? Answer { get; }

    /// <summary>The key the answer was stored under; <see langword="null"/> when it was not stored.</summary>
    public string? StoredKey { get; }

    /// <summary>The prefix length of the block the answer was stored for.</summary>
    public int StoredLevel { get; }

    public static WebServiceCall Stored(string outcome, string answer, string key, int level) => new(outcome, answer, key, level);

    public static WebServiceCall Failed(string outcome) => new(outcome, null, null, 0);

    public RegionAnswer ToAnswer()
        => Answer is null ? RegionAnswer.NoAnswer(RegionUnknownReason.LookupFailed, Outcome)
            : TryDecode(Answer, out var answer) ? answer : RegionAnswer.NoAnswer(RegionUnknownReason.LookupFailed, "error");

    /// <summary>The cached form of an answer: the region's codes (<c>UA UA-43</c>, <c>UA UA-43 AS12389</c>), or empty for "no country".</summary>
    public static string Encode(Region? region) => region is { IsKnown: true } ? region.ToString() : string.Empty;

    /// <summary>Reads a cached answer; <see langword="false"/> for anything this version did not write.</summary>
    public static bool TryDecode(string? value, out RegionAnswer answer)
    {
        answer = default;
        if (value is null || value.Length > 128)
        {
            return false;
        }

        if (value.Length == 0)
        {
            answer = RegionAnswer.NoAnswer(RegionUnknownReason.NotFound, "not_found");
            return true;
        }

        var parts = value.Split(' ');
        long? network = null;
        if (parts.Length > 1 && parts[^1].StartsWith("AS", StringComparison.Ordinal)
            && long.TryParse(parts[^1].AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && number is >= 1 and <= uint.MaxValue)
        {
            network = number;
            parts = parts[..^1];
        }

        if (!Region.TryCreate(parts[0], parts[1..], out var region))
        {
            return false;
        }

        answer = RegionAnswer.Found(network is { } asn ? region.WithAutonomousSystem(asn) : region);
        return true;
    }
}
