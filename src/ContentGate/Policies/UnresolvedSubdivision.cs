namespace ContentGate.Policies;

/// <summary>
/// What a policy does for a reader the database places in a country without a subdivision, when the policy lists
/// subdivisions of that country and not the country itself: a Ukrainian reader with no subdivision, for a policy that
/// lists <c>UA-43</c>, may be in Crimea or in Lviv. The setting is <c>Policies:&lt;name&gt;:UnresolvedSubdivision</c>.
/// </summary>
public enum UnresolvedSubdivision
{
    /// <summary>
    /// The policy does not apply, as for any reader outside its regions: only readers the database places in a listed
    /// subdivision get it. No reader outside those subdivisions gets it by mistake, and a reader inside one whom the
    /// database knows only by country does not get it either.
    /// </summary>
    NoMatch = 1,

    /// <summary>
    /// The policy applies, as if the reader were in a listed subdivision: no reader in those subdivisions is missed
    /// because the data is blind there, at the cost of every reader from the country whom the database knows only by
    /// country getting it too.
    /// </summary>
    Match = 2,

    /// <summary>
    /// The policy's <see cref="PolicyOptions.FailMode"/> decides, as for a reader whose region is unknown:
    /// <see cref="PolicyFailMode.Apply"/> applies it, <see cref="PolicyFailMode.Skip"/> does not.
    /// </summary>
    FailMode = 3,
}
