using System.Collections.Frozen;
using System.Globalization;

namespace ContentGate.Regions;

/// <summary>
/// The comparable form of a subdivision name (docs/subdivision-names.md): lower case, Latin letters without their
/// diacritics, apostrophes dropped, every other run of non-letters one space, "st"/"ste"/"mt" spelled out, and —
/// for the last lookup rule — designation words such as "oblast", "republic" or "city" removed.
/// </summary>
/// <remarks>
/// Diacritics are folded with a table generated from Unicode's canonical decompositions
/// (<c>SubdivisionNameKey.g.cs</c>), not with <see cref="string.Normalize(System.Text.NormalizationForm)"/>: in an
/// app with invariant globalization (common in containers) normalization does nothing, and "Île-de-France" would stop
/// matching. Writes into a caller's span and allocates nothing.
/// </remarks>
internal static partial class SubdivisionNameKey
{
    /// <summary>Names longer than this have no key (no ISO name has more than 51 characters).</summary>
    public const int MaxNameLength = 128;

    /// <summary>The room a key may need: folding at most doubles a letter (æ → ae), spelling out "st" adds three.</summary>
    public const int MaxKeyLength = MaxNameLength * 4;

    // Words that say what kind of subdivision a name is rather than which. Area and city words also say which kind
    // the name claims, so that "Kyiv Oblast" never lands on the city of Kyiv by dropping "oblast".
    private static readonly FrozenDictionary<string, Designations> Words = new Dictionary<string, Designations>
    {
        ["oblast"] = Designations.Area, ["oblasti"] = Designations.Area, ["oblasts"] = Designations.Area,
        ["voblast"] = Designations.Area, ["voblasc"] = Designations.Area, ["voblasts"] = Designations.Area,
        ["oblys"] = Designations.Area, ["oblysy"] = Designations.Area,
        ["region"] = Designations.Area, ["province"] = Designations.Area, ["provincia"] = Designations.Area,
        ["provinz"] = Designations.Area, ["krai"] = Designations.Area, ["kray"] = Designations.Area,
        ["kraj"] = Designations.Area, ["territory"] = Designations.Area, ["county"] = Designations.Area,
        ["state"] = Designations.Area, ["governorate"] = Designations.Area, ["prefecture"] = Designations.Area,
        ["voivodeship"] = Designations.Area, ["voivodship"] = Designations.Area, ["district"] = Designations.Area,
        ["raion"] = Designations.Area, ["raionul"] = Designations.Area, ["rayon"] = Designations.Area,
        ["department"] = Designations.Area, ["canton"] = Designations.Area, ["parish"] = Designations.Area,
        ["republic"] = Designations.Area, ["respublika"] = Designations.Area, ["respublikasi"] = Designations.Area,
        ["okrug"] = Designations.Area,
        ["city"] = Designations.City, ["gorod"] = Designations.City, ["horad"] = Designations.City,
        ["misto"] = Designations.City, ["qalasy"] = Designations.City, ["shahri"] = Designations.City,
        ["of"] = Designations.Other, ["the"] = Designations.Other, ["autonomous"] = Designations.Other,
        ["avtonomnyj"] = Designations.Other, ["avtonomnyy"] = Designations.Other, ["avtonomnaja"] = Designations.Other,
        ["avtonomnaya"] = Designations.Other, ["avtonomna"] = Designations.Other, ["avtonomnoy"] = Designations.Other,
        ["municipality"] = Designations.Other, ["municipiul"] = Designations.Other,
        ["sheng"] = Designations.Other, ["shi"] = Designations.Other, ["zizhiqu"] = Designations.Other,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, Designations>.AlternateLookup<ReadOnlySpan<char>> WordLookup =
        Words.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>What the designation words removed from a name said about it.</summary>
    [Flags]
    public enum Designations
    {
        /// <summary>No designation word.</summary>
        None = 0,

        /// <summary>A word for an area: oblast, region, province, krai, republic, county, state …</summary>
        Area = 1,

        /// <summary>A word for a city: city, gorod, misto, qalasy …</summary>
        City = 2,

        /// <summary>A word that says neither: of, the, autonomous, municipality …</summary>
        Other = 4,
    }

    /// <summary>The designation words the last rule removes, for the documentation test.</summary>
    public static IReadOnlyCollection<string> DesignationWords => Words.Keys;

    /// <summary>Returns a name's key as a string: for building tables and for tests, not for lookups.</summary>
    public static string Of(string name, bool withoutDesignations = false)
    {
        Span<char> key = stackalloc char[MaxKeyLength];
        var length = Write(name, key, withoutDesignations, out _);
        return key[..length].ToString();
    }

    /// <summary>
    /// Writes the key of <paramref name="name"/> into <paramref name="destination"/> (at least
    /// <see cref="MaxKeyLength"/> long) and returns its length: 0 when the name is too long or has no letters or
    /// digits, or when designation words were all it had.
    /// </summary>
    public static int Write(ReadOnlySpan<char> name, Span<char> destination, bool withoutDesignations, out Designations removed)
    {
        removed = Designations.None;
        if (name.Length > MaxNameLength)
        {
            return 0;
        }

        Span<char> folded = stackalloc char[MaxNameLength * 2];
        var foldedLength = Fold(name, folded);
        var written = 0;
        foreach (var range in folded[..foldedLength].Split(' '))
        {
            var word = SpelledOut(folded[range]);
            if (withoutDesignations && WordLookup.TryGetValue(word, out var designation))
            {
                removed |= designation;
                continue;
            }

            if (written > 0)
            {
                destination[written++] = ' ';
            }

            word.CopyTo(destination[written..]);
            written += word.Length;
        }

        return written;
    }

    private static ReadOnlySpan<char> SpelledOut(ReadOnlySpan<char> word) => word switch
    {
        "st" => "saint",
        "ste" => "sainte",
        "mt" => "mount",
        _ => word,
    };

    // Lower case, marks dropped, apostrophes dropped (a transliterated soft sign sits inside a word: "Tul'skaja",
    // "Luhans'ka" must meet "Tulskaja", "Luhanska"), any other run of non-letters one space, no space at either end.
    private static int Fold(ReadOnlySpan<char> name, Span<char> destination)
    {
        var written = 0;
        var pendingSpace = false;
        foreach (var c in name)
        {
            if (IsApostrophe(c))
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            var category = CharUnicodeInfo.GetUnicodeCategory(lower);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (!char.IsLetterOrDigit(lower))
            {
                pendingSpace = written > 0;
                continue;
            }

            if (pendingSpace)
            {
                destination[written++] = ' ';
                pendingSpace = false;
            }

            written += FoldLetter(lower, destination[written..]);
        }

        return written;
    }

    private static bool IsApostrophe(char c) => c is '\'' or '`' or '\u00B4' or '\u02B9' or '\u02BA' or '\u02BB' or '\u02BC'
        or '\u02BD' or '\u2018' or '\u2019' or '\u201B' or '\u2032';

    // Letters without a canonical decomposition that English spellings still write as plain Latin.
    private static int FoldLetter(char c, Span<char> destination)
    {
        switch (c)
        {
            case 'æ': destination[0] = 'a'; destination[1] = 'e'; return 2;
            case 'œ': destination[0] = 'o'; destination[1] = 'e'; return 2;
            case 'ß': destination[0] = 's'; destination[1] = 's'; return 2;
            case 'þ': destination[0] = 't'; destination[1] = 'h'; return 2;
            case 'ł' or 'ŀ': destination[0] = 'l'; return 1;
            case 'ø': destination[0] = 'o'; return 1;
            case 'đ' or 'ð': destination[0] = 'd'; return 1;
            case 'ħ': destination[0] = 'h'; return 1;
            case 'ı': destination[0] = 'i'; return 1;
        }

        destination[0] = BaseLetter(c);
        return 1;
    }

    private static char BaseLetter(char c)
    {
        if (c >= LatinStart && c < LatinStart + LatinFolds.Length)
        {
            return LatinFolds[c - LatinStart];
        }

        if (c >= LatinAdditionalStart && c < LatinAdditionalStart + LatinAdditionalFolds.Length)
        {
            return LatinAdditionalFolds[c - LatinAdditionalStart];
        }

        return c;
    }
}
