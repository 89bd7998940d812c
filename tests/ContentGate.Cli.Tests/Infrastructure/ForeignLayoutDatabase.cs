using ContentGate.Testing.MaxMind;

namespace ContentGate.Cli.Tests.Infrastructure;

/// <summary>
/// A well-formed City-typed database in another provider's layout (the keys of ip-location-db's City files):
/// mmdblookup prints its records, MaxMind's reader opens it, and not one record has a GeoIP2 country.
/// </summary>
internal static class ForeignLayoutDatabase
{
    public static void WriteTo(string path)
    {
        var writer = new MaxMindDatabaseWriter(new MaxMindDatabaseWriterOptions { DatabaseType = "ip-location-db-city" });
        writer.Insert(Visitors.Book.IPv4NetworkFor("RU"), new Dictionary<string, object?>
        {
            ["country_code"] = "RU",
            ["state1"] = "Moscow",
            ["city"] = "Moscow",
            ["latitude"] = 55.7558,
            ["longitude"] = 37.6173,
            ["timezone"] = "Europe/Moscow",
        });
        writer.Insert(Visitors.Book.IPv4NetworkFor("KZ"), new Dictionary<string, object?>
        {
            ["country_code"] = "KZ",
            ["city"] = "Almaty",
        });
        writer.WriteTo(path);
    }
}
