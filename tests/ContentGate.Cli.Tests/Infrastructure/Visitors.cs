using System.Net;
using ContentGate.Testing;

namespace ContentGate.Cli.Tests.Infrastructure;

/// <summary>The regions the tests play visitors from, each with its own documentation-range addresses.</summary>
internal static class Visitors
{
    public static readonly RegionAddressBook Book = RegionAddressBook.For("RU", "UA-43", "UA-40", "UA-30", "UA", "DE", "KZ");

    /// <summary>A public address that is in no fixture database.</summary>
    public static readonly IPAddress Absent = IPAddress.Parse("198.51.100.200");

    public static string IPv4(string region) => Book.IPv4For(region).ToString();

    public static string IPv6(string region) => Book.IPv6For(region).ToString();
}
