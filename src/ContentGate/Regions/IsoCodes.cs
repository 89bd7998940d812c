using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace ContentGate.Regions;

/// <summary>
/// ISO 3166-1 alpha-2 country codes and the ISO 3166-2 subdivision code format, with suggestions for the
/// codes people commonly write by mistake.
/// </summary>
internal static class IsoCodes
{
    // The 249 officially assigned ISO 3166-1 alpha-2 codes, plus XK (Kosovo), a user-assigned code that
    // GeoIP2 databases and most CDNs use.
    private const string AssignedCountries =
        "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ " +
        "BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
        "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ " +
        "DE DJ DK DM DO DZ " +
        "EC EE EG EH ER ES ET " +
        "FI FJ FK FM FO FR " +
        "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY " +
        "HK HM HN HR HT HU " +
        "ID IE IL IM IN IO IQ IR IS IT " +
        "JE JM JO JP " +
        "KE KG KH KI KM KN KP KR KW KY KZ " +
        "LA LB LC LI LK LR LS LT LU LV LY " +
        "MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ " +
        "NA NC NE NF NG NI NL NO NP NR NU NZ " +
        "OM " +
        "PA PE PF PG PH PK PL PM PN PR PS PT PW PY " +
        "QA " +
        "RE RO RS RU RW " +
        "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ " +
        "TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ " +
        "UA UG UM US UY UZ " +
        "VA VC VE VG VI VN VU " +
        "WF WS " +
        "YE YT " +
        "ZA ZM ZW " +
        "XK";

    /// <summary>Kosovo's user-assigned code, which ISO 3166 does not list and geolocation providers use.</summary>
    public const string Kosovo = "XK";

    private static readonly FrozenSet<string> Countries =
        AssignedCountries.Split(' ').ToFrozenSet(StringComparer.Ordinal);

    // Codes that look right but are not ISO 3166-1 alpha-2, with the code that was almost certainly meant.
    private static readonly FrozenDictionary<string, string> Mistakes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["UK"] = "GB",  // United Kingdom: ISO uses GB; UK is only exceptionally reserved.
        ["EL"] = "GR",  // Greece: EL is the EU's own abbreviation.
        ["KV"] = "XK",  // Kosovo.
        ["SU"] = "RU",  // Soviet Union, withdrawn.
        ["YU"] = "RS",  // Yugoslavia, withdrawn.
        ["CS"] = "RS",  // Serbia and Montenegro, withdrawn.
        ["ZR"] = "CD",  // Zaire, withdrawn.
        ["TP"] = "TL",  // East Timor, withdrawn.
        ["FX"] = "FR",  // Metropolitan France, withdrawn.
        ["RUS"] = "RU", // Alpha-3 codes people write for alpha-2.
        ["UKR"] = "UA",
        ["BLR"] = "BY",
        ["KAZ"] = "KZ",
        ["GBR"] = "GB",
        ["USA"] = "US",
        ["DEU"] = "DE",
        ["FRA"] = "FR",
        ["CHN"] = "CN",
        ["GEO"] = "GE",
        ["MDA"] = "MD",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Gets the number of country codes known, for tests.</summary>
    internal static int CountryCount => Countries.Count;

    /// <summary>Returns the upper-case country code when <paramref name="value"/> is an assigned alpha-2 code.</summary>
    public static bool TryNormalizeCountry(string? value, [NotNullWhen(true)] out string? country)
    {
        country = null;
        if (value is null || value.Length != 2)
        {
            return false;
        }

        Span<char> upper = stackalloc char[2];
        value.AsSpan().ToUpperInvariant(upper);
        if (!Countries.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(upper, out var interned))
        {
            return false;
        }

        country = interned;
        return true;
    }

    /// <summary>Returns whether <paramref name="value"/> is an assigned country code, ignoring case.</summary>
    public static bool IsCountry(string? value) => TryNormalizeCountry(value, out _);

    /// <summary>
    /// Returns the upper-case subdivision code when <paramref name="value"/> has the ISO 3166-2 form: an
    /// assigned country code, a hyphen, and one to three letters or digits (<c>UA-43</c>, <c>US-CA</c>,
    /// <c>GB-ENG</c>).
    /// </summary>
    public static bool TryNormalizeSubdivision(string? value, [NotNullWhen(true)] out string? subdivision)
    {
        subdivision = null;
        if (value is null || value.Length < 4 || value.Length > 6 || value[2] != '-')
        {
            return false;
        }

        if (!TryNormalizeCountry(value[..2], out _))
        {
            return false;
        }

        for (var i = 3; i < value.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(value[i]))
            {
                return false;
            }
        }

        subdivision = value.ToUpperInvariant();
        return true;
    }

    /// <summary>Composes a full ISO 3166-2 code from a country and the part after the hyphen, if well formed.</summary>
    public static string? ComposeSubdivision(string country, string? localCode)
    {
        if (string.IsNullOrEmpty(localCode) || localCode.Length > 3)
        {
            return null;
        }

        foreach (var c in localCode)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return null;
            }
        }

        return string.Concat(country, "-", localCode.ToUpperInvariant());
    }

    /// <summary>Returns the code that was probably meant by a wrong country code, if one is known.</summary>
    public static string? SuggestCountry(string value)
    {
        var upper = value.ToUpperInvariant();
        return Mistakes.TryGetValue(upper, out var suggestion) ? suggestion : null;
    }
}
