using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace ContentGate.MaxMind.Verification;

/// <summary>
/// Writes a search tree path as a network in CIDR notation. In an IPv6 tree, paths under <c>::/96</c> (where IPv4
/// networks live) are written as the IPv4 network, as people know them: <c>198.51.100.240/29</c>.
/// </summary>
internal static class NetworkText
{
    /// <param name="path">The path's bits, left-aligned in 128 bits (bit 0 of the path is the top bit).</param>
    /// <param name="length">How many bits of the path are set: the prefix length in the tree.</param>
    /// <param name="ipVersion">The tree's IP version.</param>
    public static string Format(UInt128 path, int length, int ipVersion)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, path);
        if (ipVersion == 4)
        {
            return Cidr(new IPAddress(bytes[..4]), length);
        }

        if (length >= 96 && path >> 32 == UInt128.Zero)
        {
            return Cidr(new IPAddress(bytes[12..]), length - 96);
        }

        return Cidr(new IPAddress(bytes), length);
    }

    private static string Cidr(IPAddress address, int length) => string.Create(CultureInfo.InvariantCulture, $"{address}/{length}");
}
