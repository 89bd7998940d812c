using System.Collections.Frozen;
using ContentGate.Regions;

namespace ContentGate.Policies;

/// <summary>Compiles <c>ContentGate:RegionSets</c> into upper-case code sets, by name (ignoring case).</summary>
internal static class RegionSetCompiler
{
    public static Dictionary<string, FrozenSet<string>> Compile(CompileContext context, IDictionary<string, IList<string>> regionSets)
    {
        var sets = new Dictionary<string, FrozenSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, entries) in regionSets)
        {
            var key = $"{CompileContext.Root}:RegionSets:{name}";
            if (IsoCodes.IsCountry(name) || IsoCodes.TryNormalizeSubdivision(name, out _))
            {
                context.Add($"{key}: a region set may not be named like the region code '{name.ToUpperInvariant()}', or policies could not tell them apart. Rename it, for example '{name.ToLowerInvariant()}-regions'.");
                continue;
            }

            if (entries is null || entries.Count == 0)
            {
                context.Add($"{key} is empty. List country codes (\"RU\"), subdivision codes (\"UA-43\") or autonomous systems (\"AS12389\").");
                continue;
            }

            var codes = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                if (RegionCodeParser.TryParse(entry, out var code, out var problem))
                {
                    codes.Add(code);
                }
                else if (entry is not null && regionSets.ContainsKey(entry.Trim()))
                {
                    context.Add($"{key}:{i}: '{entry}' is a region set; region sets list codes only and cannot contain other sets. Copy the codes of '{entry.Trim()}' here.");
                }
                else
                {
                    context.Add($"{key}:{i}: '{entry}' {problem ?? "is not a country code (\"RU\"), an ISO 3166-2 subdivision code (\"UA-43\") or an autonomous system (\"AS12389\")"}.");
                }
            }

            sets[name] = codes.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        }

        return sets;
    }
}
