namespace ContentGate.Regions;

/// <summary>
/// One reviewed English spelling of a subdivision's name, as region databases write it (DB-IP's GeoNames-style
/// names), and the ISO 3166-2 code it stands for — or, with no code, a name that must map to nothing in that country.
/// </summary>
/// <param name="Country">The ISO 3166-1 alpha-2 code of the country the name is read under, for example <c>UA</c>.</param>
/// <param name="Name">The name as written, for example <c>Zaporozhye</c>; compared by its <see cref="SubdivisionNameKey"/>.</param>
/// <param name="Code">The full ISO 3166-2 code, for example <c>UA-23</c>; null for a name deliberately left unmapped.</param>
/// <param name="Why">Why a name is left unmapped; null for a mapped name.</param>
internal sealed record SubdivisionAlias(string Country, string Name, string? Code, string? Why);
