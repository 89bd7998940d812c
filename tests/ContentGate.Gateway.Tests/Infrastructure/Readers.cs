using System.Net;
using ContentGate.Testing;
using ContentGate.Testing.MaxMind;

namespace ContentGate.Gateway.Tests.Infrastructure;

/// <summary>
/// The readers of the gateway tests: documentation-range addresses per region, in a real City .mmdb built once per
/// test run by ContentGate.Testing and read by ContentGate's real loader.
/// </summary>
internal static class Readers
{
    public static readonly RegionAddressBook Book = RegionAddressBook.For("RU", "UA-43", "UA-30", "DE", "KZ");

    private static readonly Lazy<string> City = new(() =>
    {
        var directory = Path.Combine(Path.GetTempPath(), "contentgate-gateway-tests-" + Environment.ProcessId);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "city.mmdb");
        Book.ToDatabase(GeoDatabaseKind.City).WriteTo(path);
        return path;
    });

    /// <summary>A reader in Crimea: gets the notice (the README's region contract: UA-43 is Russia-controlled).</summary>
    public static IPAddress Crimea => Book.IPv4For("UA-43");

    /// <summary>A reader in Germany: gets nothing.</summary>
    public static IPAddress Germany => Book.IPv4For("DE");

    /// <summary>A reader in Kazakhstan: blocked on the article under the court order.</summary>
    public static IPAddress Kazakhstan => Book.IPv4For("KZ");

    /// <summary>A reader in Russia: redirected from the donation page, asked to acknowledge the investigation.</summary>
    public static IPAddress Russia => Book.IPv4For("RU");

    public static string DatabasePath => City.Value;
}
