using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using ContentGate.Regions;

namespace ContentGate.Sources.Headers;

/// <summary>
/// Turns header codes into shared <see cref="Region"/> instances without allocating once a code has been seen:
/// one region per assigned country, built once, and a bounded cache of country-plus-subdivision regions. Codes are
/// validated with <see cref="IsoCodes"/> before anything is cached, so a forged value can only add well-formed
/// codes, and at most <see cref="MaxSubdivisions"/> of them.
/// </summary>
internal sealed class RegionTable
{
    /// <summary>
    /// Enough for every first-level ISO 3166-2 subdivision (about 3,000) and most second-level ones. Past it new codes
    /// still work; they are just built per request.
    /// </summary>
    public const int MaxSubdivisions = 8192;

    private static readonly FrozenDictionary<string, Region> Countries = BuildCountries();

    private static readonly FrozenDictionary<string, Region>.AlternateLookup<ReadOnlySpan<char>> CountryLookup =
        Countries.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly ConcurrentDictionary<string, Region> _subdivisions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Region>.AlternateLookup<ReadOnlySpan<char>> _subdivisionLookup;
    private int _subdivisionCount;

    public RegionTable() => _subdivisionLookup = _subdivisions.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Gets how many subdivision regions are cached, for tests.</summary>
    internal int CachedSubdivisions => Volatile.Read(ref _subdivisionCount);

    /// <summary>Returns the region of an assigned ISO 3166-1 alpha-2 code, in any case (<c>ua</c>, <c>UA</c>).</summary>
    public static bool TryGetCountry(ReadOnlySpan<char> code, [NotNullWhen(true)] out Region? region)
    {
        region = null;
        if (code.Length != 2 || !char.IsAsciiLetter(code[0]) || !char.IsAsciiLetter(code[1]))
        {
            return false;
        }

        Span<char> upper = stackalloc char[2];
        upper[0] = char.ToUpperInvariant(code[0]);
        upper[1] = char.ToUpperInvariant(code[1]);
        return CountryLookup.TryGetValue(upper, out region);
    }

    /// <summary>
    /// Returns the region of <paramref name="country"/> with the subdivision whose ISO 3166-2 code is the country, a
    /// hyphen and <paramref name="localCode"/> (one to three ASCII letters or digits, any case: <c>43</c>, <c>ca</c>).
    /// </summary>
    public bool TryGetSubdivision(Region country, ReadOnlySpan<char> localCode, [NotNullWhen(true)] out Region? region)
    {
        region = null;
        var countryCode = country.CountryCode;
        if (countryCode is null || localCode.IsEmpty || localCode.Length > 3)
        {
            return false;
        }

        // Checked here, not only by IsoCodes, because upper-casing a non-ASCII character can give an ASCII one.
        Span<char> code = stackalloc char[6];
        countryCode.CopyTo(code);
        code[2] = '-';
        for (var i = 0; i < localCode.Length; i++)
        {
            var c = localCode[i];
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }

            code[3 + i] = char.ToUpperInvariant(c);
        }

        var full = code[..(3 + localCode.Length)];
        if (_subdivisionLookup.TryGetValue(full, out region))
        {
            return true;
        }

        if (IsoCodes.ComposeSubdivision(countryCode, localCode.ToString()) is not { } composed)
        {
            return false;
        }

        region = Region.FromTrusted(countryCode, [composed]);
        if (Volatile.Read(ref _subdivisionCount) < MaxSubdivisions && _subdivisions.TryAdd(composed, region))
        {
            Interlocked.Increment(ref _subdivisionCount);
        }

        return true;
    }

    private static FrozenDictionary<string, Region> BuildCountries()
    {
        var countries = new Dictionary<string, Region>(StringComparer.Ordinal);
        Span<char> pair = stackalloc char[2];
        for (var first = 'A'; first <= 'Z'; first++)
        {
            for (var second = 'A'; second <= 'Z'; second++)
            {
                pair[0] = first;
                pair[1] = second;
                if (IsoCodes.TryNormalizeCountry(new string(pair), out var country))
                {
                    countries[country] = Region.FromTrusted(country, null);
                }
            }
        }

        return countries.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
