using System.Net;
using ContentGate.Testing;

namespace ContentGate.MaxMind.WebService.Tests;

/// <summary>The visitors of these tests: the same address book as ContentGate's own tests, so the same places.</summary>
internal static class Fixtures
{
    public static readonly string[] AllRegions =
        ["RU", "UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65", "UA-30", "UA", "DE", "KZ", "GB", "US"];

    public static readonly RegionAddressBook Visitors = RegionAddressBook.For(AllRegions);

    /// <summary>An address the web service answers without a country for.</summary>
    public static readonly IPAddress NoCountryAddress = IPAddress.Parse("198.51.100.250");

    /// <summary>An address the web service does not know (404 <c>IP_ADDRESS_NOT_FOUND</c>).</summary>
    public static readonly IPAddress AbsentAddress = IPAddress.Parse("192.0.2.250");

    public static IPAddress IPv4(string region) => Visitors.IPv4For(region);

    public static IPAddress IPv6(string region) => Visitors.IPv6For(region);

    /// <summary>The <paramref name="index"/>-th address of <paramref name="region"/>'s IPv6 /64 (index 1 is the book's own).</summary>
    public static IPAddress IPv6(string region, int index)
    {
        var bytes = Visitors.IPv6NetworkFor(region).BaseAddress.GetAddressBytes();
        bytes[14] = (byte)(index >> 8);
        bytes[15] = (byte)index;
        return new IPAddress(bytes);
    }
}
