using System.Diagnostics.CodeAnalysis;

namespace ContentGate.Regions;

// Placeholder until the subdivision-names branch lands (it replaces this file): the ISO name, exactly.
internal static class SubdivisionNames
{
    internal static bool TryMap(string countryCode, string name, [NotNullWhen(true)] out string? subdivisionCode)
    {
        foreach (var entry in IsoSubdivisions.All)
        {
            if (entry.Code.StartsWith(countryCode + "-", StringComparison.Ordinal) && string.Equals(entry.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                subdivisionCode = entry.Code;
                return true;
            }
        }

        subdivisionCode = null;
        return false;
    }
}
