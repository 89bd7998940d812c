namespace ContentGate.MaxMind;

/// <summary>
/// How much of one country's address space a database places in a subdivision: its IPv4 addresses and IPv6 addresses,
/// and how many of each carry the country and no subdivision.
/// </summary>
/// <param name="Country">The ISO 3166-1 alpha-2 code.</param>
/// <param name="IPv4Addresses">IPv4 addresses the database places in the country.</param>
/// <param name="IPv4WithoutSubdivision">Those of them with no subdivision.</param>
/// <param name="IPv6Addresses">IPv6 addresses the database places in the country (outside the IPv4 space it maps into IPv6).</param>
/// <param name="IPv6WithoutSubdivision">Those of them with no subdivision.</param>
internal sealed record CountryCoverage(string Country, ulong IPv4Addresses, ulong IPv4WithoutSubdivision, UInt128 IPv6Addresses, UInt128 IPv6WithoutSubdivision)
{
    /// <summary>The IPv6 addresses counted in /64 networks, the usual size of one network of one site (fractions for longer prefixes).</summary>
    public double IPv6Networks => Slash64s(IPv6Addresses);

    /// <summary>The IPv6 addresses without a subdivision, in /64 networks.</summary>
    public double IPv6NetworksWithoutSubdivision => Slash64s(IPv6WithoutSubdivision);

    /// <summary>The part of the IPv4 addresses with no subdivision, 0 to 1; <see langword="null"/> when there are none.</summary>
    public double? IPv4ShareWithoutSubdivision => IPv4Addresses == 0 ? null : (double)IPv4WithoutSubdivision / IPv4Addresses;

    /// <summary>The part of the IPv6 addresses with no subdivision, 0 to 1; <see langword="null"/> when there are none.</summary>
    public double? IPv6ShareWithoutSubdivision => IPv6Addresses == UInt128.Zero ? null : (double)IPv6WithoutSubdivision / (double)IPv6Addresses;

    private static double Slash64s(UInt128 addresses) => (double)(addresses >> 64) + ((double)(ulong)addresses / 18446744073709551616.0);
}
