using MaxMind.Db;

namespace ContentGate.Testing.Tests.Support;

/// <summary>
/// Opens written databases with MaxMind's official .NET reader.
/// </summary>
internal static class MaxMindReaders
{
    public static Reader Open(byte[] database) => new(new MemoryStream(database, writable: false));

    public static Dictionary<string, object>? Find(byte[] database, string address)
    {
        using var reader = Open(database);
        return reader.Find<Dictionary<string, object>>(System.Net.IPAddress.Parse(address));
    }
}
