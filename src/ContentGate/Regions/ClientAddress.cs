using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace ContentGate.Regions;

/// <summary>The visitor's address as the connection reports it, normalized for lookups.</summary>
internal static class ClientAddress
{
    // A dual-stack server reports every IPv4 client as a mapped address, and Kestrel hands out the same instance for
    // every request of a connection: remembering its IPv4 form per instance (for as long as the connection keeps the
    // instance alive, no longer) saves an allocation per request on keep-alive connections.
    private static readonly ConditionalWeakTable<IPAddress, IPAddress> s_mapped = new();

    /// <summary>
    /// Returns the address to look up: IPv4-mapped IPv6 (<c>::ffff:1.2.3.4</c>, what dual-stack sockets report)
    /// becomes plain IPv4 so it finds the IPv4 record in any database.
    /// </summary>
    public static IPAddress Normalize(IPAddress address)
    {
        if (!address.IsIPv4MappedToIPv6)
        {
            return address;
        }

        if (s_mapped.TryGetValue(address, out var ipv4))
        {
            return ipv4;
        }

        ipv4 = address.MapToIPv4();
        s_mapped.AddOrUpdate(address, ipv4);
        return ipv4;
    }

    /// <summary>
    /// Returns whether the address can never be found in a geolocation database: loopback, unspecified,
    /// private (RFC 1918), carrier-grade NAT (RFC 6598), link-local, and IPv6 unique-local or site-local.
    /// </summary>
    public static bool IsNonPublic(IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return b[0] == 0                                  // 0.0.0.0/8 "this network"
                || b[0] == 10                                 // 10.0.0.0/8
                || (b[0] == 172 && (b[1] & 0xF0) == 16)       // 172.16.0.0/12
                || (b[0] == 192 && b[1] == 168)               // 192.168.0.0/16
                || (b[0] == 100 && (b[1] & 0xC0) == 64)       // 100.64.0.0/10 carrier-grade NAT
                || (b[0] == 169 && b[1] == 254);              // 169.254.0.0/16 link-local
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal)
            {
                return true;
            }
        }

        return false;
    }
}
