using System.Text.RegularExpressions;

namespace ContentGate.Regions;

/// <summary>
/// The other forms an ISO 3166-2 name carries inside itself: <c>Bender [Tighina]</c> is also "Bender" and
/// "Tighina", <c>Cardiff [Caerdydd GB-CRD]</c> also "Cardiff" and "Caerdydd", <c>Sofia (stolitsa)</c> also "Sofia",
/// <c>Haute-Sangha / Mambéré-Kadéï</c> each side, and <c>Tatarstan, Respublika</c> also "Respublika Tatarstan".
/// </summary>
internal static partial class IsoNameForms
{
    /// <summary>Returns the name's other forms, without the name itself; empty for a plain name.</summary>
    public static IReadOnlyList<string> Alternates(string isoName)
    {
        var forms = new List<string>();
        var main = isoName;
        if (Between(isoName, '[', ']') is var (open, close))
        {
            main = Join(isoName[..open], isoName[(close + 1)..]);
            forms.Add(main);
            forms.Add(TrailingCode().Replace(isoName[(open + 1)..close], string.Empty).Trim());
        }

        if (Between(main, '(', ')') is var (start, end))
        {
            forms.Add(Join(main[..start], main[(end + 1)..]));
        }

        if (main.Contains('/', StringComparison.Ordinal))
        {
            forms.AddRange(main.Split('/', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }

        if (main.Split(',') is [var before, var after])
        {
            forms.Add(Join(after, before));
        }

        return [.. forms.Where(f => f.Length > 0 && f != isoName).Distinct(StringComparer.Ordinal)];
    }

    private static (int Open, int Close)? Between(string name, char open, char close)
    {
        var first = name.IndexOf(open, StringComparison.Ordinal);
        var last = first < 0 ? -1 : name.IndexOf(close, first + 1);
        return first > 0 && last > first ? (first, last) : null;
    }

    private static string Join(string left, string right) => $"{left.Trim()} {right.Trim()}".Trim();

    // The Welsh names of Welsh authorities carry their own code: "Caerdydd GB-CRD".
    [GeneratedRegex(@"\s+[A-Z]{2}-[A-Z0-9]{1,3}$")]
    private static partial Regex TrailingCode();
}
