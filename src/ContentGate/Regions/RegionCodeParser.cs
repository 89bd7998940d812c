namespace ContentGate.Regions;

/// <summary>
/// Reads a region code as people write it in configuration and views, with a message that says how to fix a wrong one.
/// </summary>
internal static class RegionCodeParser
{
    /// <summary>
    /// Parses a country code, a subdivision code or an autonomous system (<c>AS12389</c>). Returns <see langword="false"/> with a <paramref name="problem"/>
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
        if (AutonomousSystems.LooksLikeCode(value, out var number))
        {
            if (number < 0)
            {
                problem = "is not an autonomous system number: write 'AS' and a number from 1 to 4294967295, for example 'AS12389'";
                return false;
            }

            code = AutonomousSystems.Format(number);
            return true;
        }

        if (IsoCodes.TryNormalizeCountry(value, out var country))
        {
            code = country;
            return true;
        }

        if (IsoCodes.TryNormalizeSubdivision(value, out var subdivision))
        {
            // Kosovo (XK) is not in ISO 3166 at all, so ISO 3166-2 lists no codes for it: its well-formed codes stay
            // accepted, as providers that use XK may report subdivisions under it.
            if (IsoSubdivisions.TryGet(subdivision, out _) || subdivision.StartsWith(IsoCodes.Kosovo, StringComparison.Ordinal))
            {
                code = subdivision;
                return true;
            }

            problem = UnlistedSubdivision(subdivision);
            return false;
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
                : $"is not an ISO 3166-2 subdivision code: '{prefix}' is not a country code{CorrectedCountry(prefix, value[2..])}";
            return false;
        }

        return false;
    }

    // "UK-ENG" → ". Use 'GB-ENG'"; "UK-43" → never a code that does not exist: the country, and what GB lists.
    private static string CorrectedCountry(string prefix, string rest)
    {
        if (IsoCodes.SuggestCountry(prefix) is not { } fix)
        {
            return string.Empty;
        }

        var corrected = (fix + rest).ToUpperInvariant();
        return IsoSubdivisions.TryGet(corrected, out _) || !IsoCodes.TryNormalizeSubdivision(corrected, out _)
            ? $". Use '{fix}{rest}'"
            : $" (the country is '{fix}'), and '{corrected}' {UnlistedSubdivision(corrected)}";
    }

    private static string UnlistedSubdivision(string code)
    {
        var country = code[..2];
        var listed = IsoSubdivisions.CountOf(country);
        if (listed == 0)
        {
            return $"is not an ISO 3166-2 subdivision code: ISO 3166-2 lists no subdivisions of '{country}'. Use the country code '{country}'";
        }

        var closest = IsoSubdivisions.Closest(code);
        var list = $"the {listed} codes of '{country}' listed by ISO (https://www.iso.org/obp/ui/#iso:code:3166:{country})";
        if (closest.Count == 0)
        {
            return $"is not in the ISO 3166-2 list of '{country}'. Pick one of {list}";
        }

        var names = closest.Select(s => $"'{s.Code}' ({s.Name})").ToList();
        var suggestion = names.Count == 1 ? names[0] : string.Join(", ", names[..^1]) + " or " + names[^1];
        return $"is not in the ISO 3166-2 list of '{country}'. Did you mean {suggestion}? Or pick another of {list}";
    }
}
