using System.Collections.Frozen;

namespace ContentGate.Regions;

/// <summary>
/// The ISO 3166-2 subdivision list: every code with its name and type, generated from Debian's <c>iso-codes</c> into
/// <c>IsoSubdivisions.g.cs</c> (see <c>IsoSubdivisionTableTests</c> for the one command that updates it). Configuration
/// is checked against it; region sources are not, so a provider's code outside the list still reaches the region.
/// </summary>
internal static partial class IsoSubdivisions
{
    private const int MaxSuggestions = 4;

    private static readonly IsoSubdivision[] Entries = Parse(Table);

    private static readonly FrozenDictionary<string, IsoSubdivision> ByCode =
        Entries.ToFrozenDictionary(e => e.Code, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, IsoSubdivision[]> ByCountry =
        Entries.GroupBy(e => e.Code[..2], StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets every subdivision of the list, in the list's order (by code).</summary>
    public static IReadOnlyList<IsoSubdivision> All => Entries;

    /// <summary>Finds a full code (<c>UA-43</c>, any case) in the list, without allocating.</summary>
    public static bool TryGet(ReadOnlySpan<char> code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IsoSubdivision? subdivision)
        => ByCode.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(code, out subdivision);

    /// <summary>Returns how many subdivisions the list has for a country code (0 when it lists none, as for <c>AQ</c> or <c>XK</c>).</summary>
    public static int CountOf(string country) => ByCountry.TryGetValue(country, out var list) ? list.Length : 0;

    /// <summary>
    /// Returns the listed subdivisions of the same country closest to <paramref name="code"/> (a well-formed full code
    /// that is not in the list): the fewest edits of the part after the hyphen, a swap of two neighbours counting as one,
    /// codes made of the same characters (<c>34</c> for <c>43</c>) first; none when every code is too different.
    /// </summary>
    public static IReadOnlyList<IsoSubdivision> Closest(string code)
    {
        if (code.Length < 4 || !ByCountry.TryGetValue(code[..2], out var list))
        {
            return [];
        }

        var local = code[3..];
        var scored = new List<(IsoSubdivision Entry, int Distance, bool SameCharacters)>();
        foreach (var entry in list)
        {
            var other = entry.Code[3..];
            var distance = EditDistance.WithTranspositions(local, other);
            if (distance <= 2 && distance < Math.Max(local.Length, other.Length))
            {
                scored.Add((entry, distance, SameCharacters(local, other)));
            }
        }

        if (scored.Count == 0)
        {
            return [];
        }

        var best = scored.Min(s => s.Distance);
        return
        [
            .. scored.Where(s => s.Distance == best)
                .OrderBy(s => s.SameCharacters ? 0 : 1)
                .ThenBy(s => s.Entry.Code, StringComparer.Ordinal)
                .Take(MaxSuggestions)
                .Select(s => s.Entry),
        ];
    }

    private static bool SameCharacters(string a, string b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        var x = a.ToUpperInvariant().ToCharArray();
        var y = b.ToUpperInvariant().ToCharArray();
        Array.Sort(x);
        Array.Sort(y);
        return x.AsSpan().SequenceEqual(y);
    }

    private static IsoSubdivision[] Parse(string table)
    {
        var entries = new List<IsoSubdivision>(5200);
        foreach (var range in table.AsSpan().Split('\n'))
        {
            var line = table.AsSpan()[range].TrimEnd('\r');
            if (line.IsEmpty)
            {
                continue;
            }

            var first = line.IndexOf('|');
            var second = line[(first + 1)..].IndexOf('|') + first + 1;
            entries.Add(new IsoSubdivision(
                string.Intern(line[..first].ToString()),
                line[(second + 1)..].ToString(),
                string.Intern(line[(first + 1)..second].ToString())));
        }

        return [.. entries];
    }
}
