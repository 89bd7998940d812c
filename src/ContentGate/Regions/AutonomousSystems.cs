using System.Globalization;

namespace ContentGate.Regions;

/// <summary>
/// Autonomous system numbers as configuration writes them: <c>AS</c> and the number in decimal (<c>AS12389</c>), from 1
/// to 4294967295 (RFC 6793's 32-bit numbers; 0 is reserved and means "none" in the databases that carry it).
/// </summary>
internal static class AutonomousSystems
{
    /// <summary>The largest autonomous system number (32 bits).</summary>
    public const long MaxNumber = uint.MaxValue;

    /// <summary>The code policies list for <paramref name="number"/>: <c>AS12389</c>.</summary>
    public static string Format(long number) => "AS" + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether <paramref name="value"/> has the shape of an autonomous system code (<c>AS</c> followed by digits, any case);
    /// <paramref name="number"/> is then its number, or -1 when it is out of range.
    /// </summary>
    public static bool LooksLikeCode(ReadOnlySpan<char> value, out long number)
    {
        number = -1;
        if (value.Length < 3 || !value.StartsWith("AS", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var digits = value[2..];
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= MaxNumber)
        {
            number = parsed;
        }

        return true;
    }
}
