namespace ContentGate.Testing;

/// <summary>
/// Checks the ISO 3166 codes that test helpers accept: <c>RU</c> (ISO 3166-1 alpha-2) and <c>UA-43</c>
/// (ISO 3166-2: the country code, a hyphen and one to three letters or digits).
/// </summary>
internal static class RegionCodes
{
    private static readonly HashSet<string> ContinentCodes = new(StringComparer.Ordinal)
    {
        "AF", "AN", "AS", "EU", "NA", "OC", "SA",
    };

    public static string ValidateCountry(string? code, string parameterName)
    {
        if (!IsCountry(code))
        {
            throw new ArgumentException(
                $"'{code}' is not a country code: use two upper-case letters (ISO 3166-1 alpha-2), like 'RU' or 'UA'.",
                parameterName);
        }

        return code;
    }

    public static string ValidateContinent(string? code, string parameterName)
    {
        if (code is null || !ContinentCodes.Contains(code))
        {
            throw new ArgumentException(
                $"'{code}' is not a continent code: use one of {string.Join(", ", ContinentCodes.Order(StringComparer.Ordinal))}.",
                parameterName);
        }

        return code;
    }

    /// <summary>Splits a subdivision code like <c>UA-43</c> into <c>UA</c> and <c>43</c>.</summary>
    public static (string Country, string Subdivision) ParseSubdivision(string? code, string parameterName)
    {
        if (code is not null && TrySplit(code, out var country, out var subdivision) && subdivision is not null)
        {
            return (country, subdivision);
        }

        throw new ArgumentException(
            $"'{code}' is not a subdivision code: use the full ISO 3166-2 code, the country code, a hyphen and one to " +
            "three upper-case letters or digits, like 'UA-43'.",
            parameterName);
    }

    /// <summary>Splits a region, <c>RU</c> or <c>UA-43</c>, into its country and optional subdivision.</summary>
    public static (string Country, string? Subdivision) ParseRegion(string? region, string parameterName)
    {
        if (region is not null && TrySplit(region, out var country, out var subdivision))
        {
            return (country, subdivision);
        }

        throw new ArgumentException(
            $"'{region}' is not a region: use a country code like 'RU' or a subdivision code like 'UA-43' " +
            "(upper-case, ISO 3166).",
            parameterName);
    }

    private static bool IsCountry([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? code) =>
        code is { Length: 2 } && char.IsAsciiLetterUpper(code[0]) && char.IsAsciiLetterUpper(code[1]);

    private static bool TrySplit(string code, out string country, out string? subdivision)
    {
        country = string.Empty;
        subdivision = null;
        if (IsCountry(code))
        {
            country = code;
            return true;
        }

        if (code.Length is < 4 or > 6 || code[2] != '-' || !IsCountry(code[..2]))
        {
            return false;
        }

        foreach (var character in code.AsSpan(3))
        {
            if (!char.IsAsciiLetterUpper(character) && !char.IsAsciiDigit(character))
            {
                return false;
            }
        }

        country = code[..2];
        subdivision = code[3..];
        return true;
    }
}
