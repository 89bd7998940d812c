namespace ContentGate.Regions;

/// <summary>How <see cref="SubdivisionNames.Match"/> answered for a name: which rule found the code, or why none did.</summary>
internal enum SubdivisionNameMatch
{
    /// <summary>No rule knows the name (or the name is empty, too long, or the country has no ISO subdivisions).</summary>
    NotFound,

    /// <summary>The alias table maps the name.</summary>
    Alias,

    /// <summary>The name is the ISO 3166-2 name of one subdivision of the country.</summary>
    IsoName,

    /// <summary>The name is another form ISO gives in the same entry: the part before or inside brackets, a side of a
    /// slash, or a "Name, Designation" entry turned round.</summary>
    IsoAlternateName,

    /// <summary>Without its designation words ("oblast", "republic", …) the name matches exactly one subdivision's.</summary>
    WithoutDesignations,

    /// <summary>The alias table lists the name as one that maps to nothing in the country.</summary>
    DeliberatelyUnmapped,

    /// <summary>The name, or what is left of it without designation words, belongs to more than one subdivision.</summary>
    Ambiguous,

    /// <summary>Without designation words the name matches one subdivision, but its designation says another kind:
    /// a city word for an area, an area word for a city, or no city word where the match needed one.</summary>
    DesignationMismatch,
}
