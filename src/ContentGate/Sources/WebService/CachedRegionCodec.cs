using System.Text;
using ContentGate.Regions;

namespace ContentGate.Sources.WebService;

/// <summary>
/// The cached form of a web-service answer: a version byte, then the country and the full subdivision codes in
/// ASCII separated by spaces (<c>UA UA-43</c>), or nothing after the version byte when the service had no country for
/// the address. A few bytes per address; no address, name or coordinate is stored.
/// </summary>
internal static class CachedRegionCodec
{
    private const byte Version = 1;

    public static byte[] Encode(Region? region)
    {
        if (region?.CountryCode is not { } country)
        {
            return [Version];
        }

        var length = 1 + country.Length;
        foreach (var subdivision in region.SubdivisionCodes)
        {
            length += 1 + subdivision.Length;
        }

        var bytes = new byte[length];
        bytes[0] = Version;
        var at = 1 + Encoding.ASCII.GetBytes(country, bytes.AsSpan(1));
        foreach (var subdivision in region.SubdivisionCodes)
        {
            bytes[at++] = (byte)' ';
            at += Encoding.ASCII.GetBytes(subdivision, bytes.AsSpan(at));
        }

        return bytes;
    }

    /// <summary>
    /// Decodes a cached value. Returns <see langword="false"/> for anything this version did not write (another
    /// version, a corrupt or foreign value in a shared cache), which the caller treats as a miss.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> value, out Region? region)
    {
        region = null;
        if (value.IsEmpty || value[0] != Version || value.Length > 128)
        {
            return false;
        }

        if (value.Length == 1)
        {
            return true;
        }

        var parts = Encoding.ASCII.GetString(value[1..]).Split(' ');
        if (!IsoCodes.TryNormalizeCountry(parts[0], out var country))
        {
            return false;
        }

        var subdivisions = new string[parts.Length - 1];
        for (var i = 1; i < parts.Length; i++)
        {
            if (!IsoCodes.TryNormalizeSubdivision(parts[i], out var subdivision) || !subdivision.StartsWith(country, StringComparison.Ordinal))
            {
                return false;
            }

            subdivisions[i - 1] = subdivision;
        }

        region = Region.FromTrusted(country, subdivisions);
        return true;
    }
}
