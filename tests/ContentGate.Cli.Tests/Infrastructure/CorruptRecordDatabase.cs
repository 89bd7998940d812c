using System.Net;
using System.Text;
using ContentGate.Testing.MaxMind;

namespace ContentGate.Cli.Tests.Infrastructure;

/// <summary>
/// A City database whose record for <see cref="Network"/> is corrupted on disk: MaxMind's reader opens it and throws
/// only when an address of that network is looked up; ContentGate's verification refuses the whole file.
/// </summary>
internal static class CorruptRecordDatabase
{
    public const string Network = "198.51.100.240/29";

    public static readonly IPAddress Address = IPAddress.Parse("198.51.100.242");

    public static void WriteTo(string path)
    {
        const string Marker = "QQCORRUPTRECORDQQ";
        var builder = Visitors.Book.ToDatabase(GeoDatabaseKind.City);
        builder.AddRecord(IPNetwork.Parse(Network), new Dictionary<string, object?>
        {
            ["country"] = new Dictionary<string, object?> { ["iso_code"] = Marker },
        });
        var bytes = builder.ToArray();
        var at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(Marker));
        Assert.True(at > 0, "marker not found in the written database");

        // The byte before a UTF-8 string is its control byte. Type 0 means "extended", and the next byte ('Q', 81)
        // then names type 88, which does not exist.
        bytes[at - 1] = 0x00;
        File.WriteAllBytes(path, bytes);
    }
}
