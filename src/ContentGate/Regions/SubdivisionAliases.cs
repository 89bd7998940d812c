namespace ContentGate.Regions;

/// <summary>
/// The alias table: English names of subdivisions whose ISO 3166-2 name is another spelling or another language
/// ("Zaporozhye" for <c>Zaporizka oblast</c>, "Bavaria" for <c>Bayern</c>), by country, one line per code, and the
/// names deliberately mapped to nothing. Read before the ISO names (docs/subdivision-names.md says how to add one).
/// </summary>
/// <remarks>
/// A mapped alias's country is the first two letters of its code, so an alias cannot cross a border: "Crimea" read
/// under <c>RU</c> never reaches <c>UA-43</c>. <c>SubdivisionAliasesTests</c> checks every code is in the ISO list,
/// that no two aliases of a country disagree, and that Ukraine's and Russia's tables are complete.
/// </remarks>
internal static partial class SubdivisionAliases
{
    /// <summary>Gets every alias, mapped and unmapped, country by country.</summary>
    public static IReadOnlyList<SubdivisionAlias> All => Table.Entries;

    private static IEnumerable<SubdivisionAlias> Mapped((string Code, string[] Names)[] group)
        => group.SelectMany(row => row.Names.Select(name => new SubdivisionAlias(row.Code[..2], name, row.Code, null)));

    private static IEnumerable<SubdivisionAlias> Unmapped(string country, (string Why, string[] Names)[] group)
        => group.SelectMany(row => row.Names.Select(name => new SubdivisionAlias(country, name, null, row.Why)));

    // A holder class, so the table is built on first use and after every group's field is set.
    private static class Table
    {
        public static readonly SubdivisionAlias[] Entries =
        [
            .. Mapped(Ukraine), .. Unmapped("UA", UkraineUnmapped),
            .. Mapped(Russia), .. Unmapped("RU", RussiaUnmapped),
            .. Mapped(Belarus), .. Unmapped("BY", BelarusUnmapped),
            .. Mapped(Moldova),
            .. Mapped(Georgia),
            .. Mapped(Kazakhstan), .. Unmapped("KZ", KazakhstanUnmapped),
            .. Mapped(Germany),
            .. Mapped(Bulgaria), .. Unmapped("BG", BulgariaUnmapped),
        ];
    }
}
