using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace ContentGate.Regions;

/// <summary>
/// Maps a subdivision's English name, as DB-IP writes it ("Zaporozhye", "Tatarstan Republic"), to its ISO 3166-2
/// code, within one country: first the alias table (<see cref="SubdivisionAliases"/>), then the ISO names, then the
/// ISO names and aliases without designation words — only when that leaves one subdivision whose kind agrees.
/// docs/subdivision-names.md has the rules and the reasons.
/// </summary>
/// <remarks>
/// Meant for loading a database (once per distinct name), not per request; still, a lookup allocates nothing. The
/// tables are built on first use, once, by the runtime's type initialization.
/// </remarks>
internal static class SubdivisionNames
{
    /// <summary>
    /// Maps <paramref name="name"/>, read under <paramref name="countryCode"/> (upper-case ISO 3166-1 alpha-2), to a
    /// full ISO 3166-2 code of that country that is in the ISO list, such as <c>UA-43</c>; false when no rule maps
    /// it, when it could be more than one subdivision, or when the alias table leaves it unmapped on purpose.
    /// </summary>
    public static bool TryMap(string countryCode, string? name, [NotNullWhen(true)] out string? subdivisionCode)
        => Match(countryCode, name, out subdivisionCode) is SubdivisionNameMatch.Alias or SubdivisionNameMatch.IsoName
            or SubdivisionNameMatch.IsoAlternateName or SubdivisionNameMatch.WithoutDesignations;

    /// <summary>
    /// Like <see cref="TryMap"/>, and says which rule answered or why none did (for the load's log of unmapped names).
    /// <paramref name="subdivisionCode"/> is set only when a rule found a code.
    /// </summary>
    public static SubdivisionNameMatch Match(string countryCode, string? name, out string? subdivisionCode)
    {
        subdivisionCode = null;
        if (string.IsNullOrEmpty(countryCode) || string.IsNullOrEmpty(name)
            || !Tables.ByCountry.TryGetValue(countryCode, out var names))
        {
            return SubdivisionNameMatch.NotFound;
        }

        Span<char> key = stackalloc char[SubdivisionNameKey.MaxKeyLength];
        var length = SubdivisionNameKey.Write(name, key, withoutDesignations: false, out _);
        if (length == 0)
        {
            return SubdivisionNameMatch.NotFound;
        }

        if (names.Aliases.TryGetValue(key[..length], out var alias))
        {
            subdivisionCode = alias;
            return alias is null ? SubdivisionNameMatch.DeliberatelyUnmapped : SubdivisionNameMatch.Alias;
        }

        if (names.IsoNames.TryGetValue(key[..length], out var iso))
        {
            subdivisionCode = iso;
            return iso is null ? SubdivisionNameMatch.Ambiguous : SubdivisionNameMatch.IsoName;
        }

        if (names.IsoAlternateNames.TryGetValue(key[..length], out var alternate))
        {
            subdivisionCode = alternate;
            return alternate is null ? SubdivisionNameMatch.Ambiguous : SubdivisionNameMatch.IsoAlternateName;
        }

        length = SubdivisionNameKey.Write(name, key, withoutDesignations: true, out var said);
        if (length == 0 || !names.WithoutDesignations.TryGetValue(key[..length], out var bare))
        {
            return SubdivisionNameMatch.NotFound;
        }

        if (bare.Code is null)
        {
            return SubdivisionNameMatch.Ambiguous;
        }

        var saysCity = (said & SubdivisionNameKey.Designations.City) != 0;
        var saysArea = (said & SubdivisionNameKey.Designations.Area) != 0;
        if ((saysCity && !bare.IsCity) || (saysArea && bare.IsCity) || (!saysCity && bare.NeedsCityWord))
        {
            return SubdivisionNameMatch.DesignationMismatch;
        }

        subdivisionCode = bare.Code;
        return SubdivisionNameMatch.WithoutDesignations;
    }

    /// <summary>
    /// Returns the aliases that could not enter the table because another alias of the same country has the same key
    /// and another target (each is then unmapped, the safe reading); empty when the table is consistent.
    /// </summary>
    public static IReadOnlyList<string> AliasConflicts => Tables.Conflicts;

    // A subdivision a designation-less key names. IsCity: its ISO kind is a city, or every name that gave this key
    // lost a city word ("London, City of"), so that a bare "London" does not become the City of London.
    private readonly record struct Bare(string? Code, bool IsCity, bool NeedsCityWord);

    private sealed class CountryNames(
        FrozenDictionary<string, string?> aliases,
        FrozenDictionary<string, string?> isoNames,
        FrozenDictionary<string, string?> isoAlternateNames,
        FrozenDictionary<string, Bare> withoutDesignations)
    {
        public FrozenDictionary<string, string?>.AlternateLookup<ReadOnlySpan<char>> Aliases { get; } = aliases.GetAlternateLookup<ReadOnlySpan<char>>();

        public FrozenDictionary<string, string?>.AlternateLookup<ReadOnlySpan<char>> IsoNames { get; } = isoNames.GetAlternateLookup<ReadOnlySpan<char>>();

        public FrozenDictionary<string, string?>.AlternateLookup<ReadOnlySpan<char>> IsoAlternateNames { get; } = isoAlternateNames.GetAlternateLookup<ReadOnlySpan<char>>();

        public FrozenDictionary<string, Bare>.AlternateLookup<ReadOnlySpan<char>> WithoutDesignations { get; } = withoutDesignations.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    // Built on first use: the runtime runs a type's initializer once, and every thread waits for it.
    private static class Tables
    {
        public static readonly List<string> Conflicts = [];

        public static readonly FrozenDictionary<string, CountryNames> ByCountry = Build();

        private static FrozenDictionary<string, CountryNames> Build()
        {
            var aliasesByCountry = SubdivisionAliases.All.ToLookup(a => a.Country, StringComparer.Ordinal);
            var countries = new Dictionary<string, CountryNames>(StringComparer.Ordinal);
            foreach (var country in IsoSubdivisions.All.GroupBy(s => s.Code[..2], StringComparer.Ordinal))
            {
                countries[country.Key] = BuildCountry(country, aliasesByCountry[country.Key]);
            }

            return countries.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        }

        private static CountryNames BuildCountry(IEnumerable<IsoSubdivision> subdivisions, IEnumerable<SubdivisionAlias> aliases)
        {
            var aliasKeys = new Dictionary<string, string?>(StringComparer.Ordinal);
            var isoNames = new Dictionary<string, string?>(StringComparer.Ordinal);
            var alternates = new Dictionary<string, string?>(StringComparer.Ordinal);
            var bare = new Dictionary<string, Bare>(StringComparer.Ordinal);

            foreach (var subdivision in subdivisions)
            {
                var isCity = IsCityKind(subdivision.Type);
                AddOnce(isoNames, SubdivisionNameKey.Of(subdivision.Name), subdivision.Code);
                AddBare(bare, subdivision.Name, subdivision.Code, isCity);
                foreach (var alternate in IsoNameForms.Alternates(subdivision.Name))
                {
                    AddOnce(alternates, SubdivisionNameKey.Of(alternate), subdivision.Code);
                    AddBare(bare, alternate, subdivision.Code, isCity);
                }
            }

            foreach (var alias in aliases)
            {
                var key = SubdivisionNameKey.Of(alias.Name);
                if (aliasKeys.TryGetValue(key, out var existing) && existing != alias.Code)
                {
                    Conflicts.Add($"{alias.Country} \"{alias.Name}\" ({key}): {existing ?? "unmapped"} and {alias.Code ?? "unmapped"}");
                    aliasKeys[key] = null;
                    continue;
                }

                aliasKeys[key] = alias.Code;
                if (alias.Code is not null && IsoSubdivisions.TryGet(alias.Code, out var target))
                {
                    AddBare(bare, alias.Name, alias.Code, IsCityKind(target.Type));
                }
            }

            return new CountryNames(
                aliasKeys.ToFrozenDictionary(StringComparer.Ordinal),
                isoNames.ToFrozenDictionary(StringComparer.Ordinal),
                alternates.ToFrozenDictionary(StringComparer.Ordinal),
                bare.ToFrozenDictionary(StringComparer.Ordinal));
        }

        // Two subdivisions with one key: the key answers neither (null marks it ambiguous).
        private static void AddOnce(Dictionary<string, string?> table, string key, string code)
        {
            if (key.Length == 0)
            {
                return;
            }

            table[key] = table.TryGetValue(key, out var existing) && existing != code ? null : code;
        }

        private static void AddBare(Dictionary<string, Bare> table, string name, string code, bool isCity)
        {
            Span<char> buffer = stackalloc char[SubdivisionNameKey.MaxKeyLength];
            var length = SubdivisionNameKey.Write(name, buffer, withoutDesignations: true, out var said);
            if (length == 0)
            {
                return;
            }

            var key = buffer[..length].ToString();
            var lostCityWord = (said & SubdivisionNameKey.Designations.City) != 0;
            if (!table.TryGetValue(key, out var existing))
            {
                table[key] = new Bare(code, isCity || lostCityWord, lostCityWord);
            }
            else if (existing.Code != code)
            {
                table[key] = new Bare(null, false, false);
            }
            else
            {
                table[key] = new Bare(code, existing.IsCity || isCity || lostCityWord, existing.NeedsCityWord && lostCityWord);
            }
        }

        // ISO kinds that are a city rather than an area around one: City, Autonomous city, Capital city,
        // City corporation, Metropolitan city, Special city, City with county rights, Republican city, Capital.
        private static bool IsCityKind(string type)
            => type.Contains("city", StringComparison.OrdinalIgnoreCase) || type is "Capital" or "Town";
    }
}
