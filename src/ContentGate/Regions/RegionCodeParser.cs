namespace ContentGate.Regions;

/// <summary>
/// Reads a region code as people write it in configuration and views, with a message that says how to fix a wrong one.
/// </summary>
internal static class RegionCodeParser
{
    /// <summary>
    /// Parses a country or subdivision code. Returns <see langword="false"/> with a <paramref name="problem"/>
    /// when the entry looks like a code but is wrong, and with no problem when it does not look like a code at all
    /// (so it may be a region set name).
    /// </summary>
    public static bool TryParse(string? entry, out string code, out string? problem)
    {
        code = string.Empty;
        problem = null;
        if (string.IsNullOrWhiteSpace(entry))
        {
            problem = "is empty. Remove the entry or write a code such as \"RU\" or \"UA-43\"";
            return false;
        }

        var value = entry.Trim();
        if (IsoCodes.TryNormalizeCountry(value, out var country))
        {
            code = country;
            return true;
        }

        if (IsoCodes.TryNormalizeSubdivision(value, out var subdivision))
        {
            code = subdivision;
            return true;
        }

        if (IsoCodes.SuggestCountry(value) is { } suggestion)
        {
            problem = $"is not an ISO 3166-1 alpha-2 country code. Use '{suggestion}'";
            return false;
        }

        if (value.Length == 2 && char.IsAsciiLetter(value[0]) && char.IsAsciiLetter(value[1]))
        {
            problem = "is not an assigned ISO 3166-1 alpha-2 country code. Check the code in ISO 3166-1 (for example 'RU', 'UA', 'KZ')";
            return false;
        }

        var hyphen = value.IndexOf('-', StringComparison.Ordinal);
        if (hyphen == 2 && char.IsAsciiLetter(value[0]) && char.IsAsciiLetter(value[1]))
        {
            var prefix = value[..2];
            problem = IsoCodes.IsCountry(prefix)
                ? $"is not a well-formed ISO 3166-2 subdivision code. Write the country code, a hyphen and one to three letters or digits, for example '{prefix.ToUpperInvariant()}-43'"
                : $"is not an ISO 3166-2 subdivision code: '{prefix}' is not a country code{(IsoCodes.SuggestCountry(prefix) is { } fix ? $". Use '{fix}{value[2..]}'" : string.Empty)}";
            return false;
        }

        return false;
    }
}
