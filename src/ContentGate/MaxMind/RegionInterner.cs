using System.Collections.Concurrent;
using ContentGate.Regions;

namespace ContentGate.MaxMind;

/// <summary>
/// One shared <see cref="Region"/> per distinct (country, subdivisions) answer of a database load, so that decoding a
/// record the cache has not seen yet does not also allocate the region, its code array and its composed
/// subdivision codes. Bounded by the database's content (a few thousand subdivisions worldwide). Thread-safe.
/// </summary>
internal sealed class RegionInterner
{
    private readonly ConcurrentDictionary<Key, Region> _regions = new();

    /// <summary>Gets the number of distinct regions seen, for tests.</summary>
    internal int Count => _regions.Count;

    /// <summary>
    /// The region of a record whose country is <paramref name="country"/> (already normalized) and whose
    /// subdivisions carry the local codes in <paramref name="subdivisions"/> (as the database has them, like <c>43</c>).
    /// </summary>
    public Region Get(string country, List<IsoCodeRecord>? subdivisions)
    {
        var count = subdivisions?.Count ?? 0;
        if (count > 2)
        {
            // No GeoIP2 record has more than two levels; do not grow the key for a shape that does not occur.
            return Compose(country, subdivisions);
        }

        var key = new Key(country, count > 0 ? subdivisions![0].IsoCode : null, count > 1 ? subdivisions![1].IsoCode : null);
        return _regions.TryGetValue(key, out var region) ? region : _regions.GetOrAdd(key, Compose(country, subdivisions));
    }

    private static Region Compose(string country, List<IsoCodeRecord>? subdivisions)
    {
        if (subdivisions is null || subdivisions.Count == 0)
        {
            return Region.FromTrusted(country, null);
        }

        var codes = new string[subdivisions.Count];
        var count = 0;
        foreach (var subdivision in subdivisions)
        {
            if (IsoCodes.ComposeSubdivision(country, subdivision.IsoCode) is { } code)
            {
                codes[count++] = code;
            }
        }

        return Region.FromTrusted(country, count == codes.Length ? codes : codes[..count]);
    }

    private readonly record struct Key(string Country, string? First, string? Second);
}
