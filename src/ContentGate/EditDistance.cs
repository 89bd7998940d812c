namespace ContentGate;

/// <summary>Levenshtein distance, ignoring case: how start-up errors find the name that was probably meant.</summary>
internal static class EditDistance
{
    public static int Between(string a, string b) => Compute(a, b, transpositions: false);

    /// <summary>
    /// The distance when swapping two neighbouring characters also counts as one edit (optimal string alignment), for
    /// codes, where <c>34</c> for <c>43</c> is the usual slip.
    /// </summary>
    public static int WithTranspositions(string a, string b) => Compute(a, b, transpositions: true);

    private static int Compute(string a, string b, bool transpositions)
    {
        var beforePrevious = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = Same(a[i - 1], b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (transpositions && i > 1 && j > 1 && Same(a[i - 1], b[j - 2]) && Same(a[i - 2], b[j - 1]))
                {
                    current[j] = Math.Min(current[j], beforePrevious[j - 2] + 1);
                }
            }

            (beforePrevious, previous, current) = (previous, current, beforePrevious);
        }

        return previous[b.Length];
    }

    private static bool Same(char x, char y) => char.ToLowerInvariant(x) == char.ToLowerInvariant(y);
}
