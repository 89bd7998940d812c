using ContentGate.Testing;
using ContentGate.Testing.MaxMind;

namespace ContentGate.Sample;

/// <summary>
/// The demo database the sample runs on: one block of documentation addresses (RFC 5737 IPv4, RFC 3849 IPv6)
/// per region, so no real visitor's address is in it. Built with ContentGate.Testing.
/// </summary>
public static class DemoDatabase
{
    /// <summary>The regions, in the order their address blocks are assigned (see README).</summary>
    public static readonly string[] Regions =
    [
        "RU",     // Russia (no subdivision)
        "UA-43",  // Crimea
        "UA-40",  // Sevastopol
        "UA-14",  // Donetsk oblast
        "UA-09",  // Luhansk oblast
        "UA-23",  // Zaporizhzhia oblast
        "UA-65",  // Kherson oblast
        "UA-30",  // Kyiv city
        "UA",     // Ukraine, subdivision unknown
        "DE",     // Germany
        "KZ",     // Kazakhstan
        "GB",     // United Kingdom
        "US",     // United States
    ];

    /// <summary>Writes the demo database to <paramref name="path"/>.</summary>
    public static void Write(string path)
    {
        var book = RegionAddressBook.For(Regions);
        book.ToDatabase(GeoDatabaseKind.City).WriteTo(path);
    }
}
