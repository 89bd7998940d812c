using System.Net;
using ContentGate.Testing.MaxMind;
using ContentGate.Testing.Tests.Support;

namespace ContentGate.Testing.Tests.MaxMind;

/// <summary>
/// Reads written files with libmaxminddb (MaxMind's C reader, through <c>mmdblookup</c>), an implementation
/// independent of the .NET readers. These tests fail, rather than skip, when mmdblookup is not installed.
/// </summary>
public sealed class LibMaxMindDbCrossCheckTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Write(MaxMindDatabaseWriter writer, string name)
    {
        var path = _directory.File(name);
        writer.WriteTo(path);
        return path;
    }

    private string Write(GeoDatabaseBuilder builder, string name)
    {
        var path = _directory.File(name);
        builder.WriteTo(path);
        return path;
    }

    private string WriteCityDatabase() => Write(
        GeoDatabaseBuilder.City()
            .Add(IPNetwork.Parse("203.0.113.0/29"), "RU")
            .Add(IPNetwork.Parse("203.0.113.8/29"), "UA", "UA-43")
            .Add(IPNetwork.Parse("2001:db8:0:1::/64"), "UA", "UA-40")
            .Add(IPNetwork.Parse("2001:db8:0:2::/64"), "KZ"),
        "city.mmdb");

    [Theory]
    [InlineData("203.0.113.1", "RU")]
    [InlineData("203.0.113.9", "UA")]
    [InlineData("::ffff:203.0.113.9", "UA")]
    [InlineData("2002:cb00:7109::", "UA")]
    [InlineData("2001:db8:0:1::1", "UA")]
    [InlineData("2001:db8:0:2:ffff::", "KZ")]
    public void CityDatabase_CountryIsoCode_MatchesLibMaxMindDb(string address, string country)
    {
        var path = WriteCityDatabase();

        Assert.Equal((country, "utf8_string"), Mmdblookup.Value(path, address, "country", "iso_code"));
        Assert.Equal((country, "utf8_string"), Mmdblookup.Value(path, address, "registered_country", "iso_code"));
    }

    [Theory]
    [InlineData("203.0.113.9", "43")]
    [InlineData("::ffff:203.0.113.15", "43")]
    [InlineData("2001:db8:0:1::1", "40")]
    public void CityDatabase_SubdivisionIsoCode_MatchesLibMaxMindDb(string address, string subdivision)
    {
        var path = WriteCityDatabase();

        Assert.Equal((subdivision, "utf8_string"), Mmdblookup.Value(path, address, "subdivisions", "0", "iso_code"));
    }

    [Theory]
    [InlineData("203.0.113.1")]
    [InlineData("2001:db8:0:2::1")]
    public void CityDatabase_CountryWithoutSubdivision_HasNoSubdivisionsForLibMaxMindDb(string address)
    {
        var path = WriteCityDatabase();

        var result = Mmdblookup.Lookup(path, address, "subdivisions", "0", "iso_code");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("lookup path does not match the data", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("198.51.100.1")]
    [InlineData("203.0.113.16")]
    [InlineData("2001:db8:0:3::1")]
    [InlineData("::ffff:198.51.100.1")]
    public void CityDatabase_AddressOutsideEveryNetwork_IsNotFoundByLibMaxMindDb(string address)
    {
        var path = WriteCityDatabase();

        var result = Mmdblookup.Lookup(path, address);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Could not find an entry", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(24)]
    [InlineData(28)]
    [InlineData(32)]
    public void Metadata_MatchesLibMaxMindDb(int recordSize)
    {
        var writer = new MaxMindDatabaseWriter(new MaxMindDatabaseWriterOptions
        {
            DatabaseType = "ContentGate-Test-Metadata",
            IPVersion = 4,
            RecordSize = recordSize,
            Languages = { "en", "uk" },
            Descriptions = { ["en"] = "English description" },
            BuildEpoch = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
        });
        writer.Insert(IPNetwork.Parse("203.0.113.0/24"), new Dictionary<string, object?> { ["name"] = "doc" });
        var path = Write(writer, $"metadata-{recordSize}.mmdb");

        var result = Mmdblookup.Run("--verbose", "--file", path, "--ip", "203.0.113.1", "name");

        Assert.Equal(0, result.ExitCode);
        // An IPv4 tree holding one /24 has exactly 24 nodes: one per prefix bit.
        Assert.Matches(@"Node count:\s+24\n", result.Output);
        Assert.Matches($@"Record size:\s+{recordSize} bits\n", result.Output);
        Assert.Matches(@"IP version:\s+IPv4\n", result.Output);
        Assert.Matches(@"Binary format:\s+2\.0\n", result.Output);
        Assert.Matches(@"Build epoch:\s+1700000000 ", result.Output);
        Assert.Matches(@"Type:\s+ContentGate-Test-Metadata\n", result.Output);
        Assert.Matches(@"Languages:\s+en uk\s*\n", result.Output);
        Assert.Contains("English description", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"doc\" <utf8_string>", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(24)]
    [InlineData(28)]
    [InlineData(32)]
    public void RecordSizes_ManyNetworks_ReadByLibMaxMindDb(int recordSize)
    {
        var writer = MaxMindDatabaseWriterTests.NewWriter(recordSize: recordSize);
        for (var i = 0; i < 500; i++)
        {
            writer.Insert(new IPNetwork(new IPAddress([10, (byte)(i >> 8), (byte)i, 0]), 24), MaxMindDatabaseWriterTests.Named("v4-" + i));
            writer.Insert(IPNetwork.Parse($"2001:db8:{i:x}::/48"), MaxMindDatabaseWriterTests.Named("v6-" + i));
        }

        var path = Write(writer, $"records-{recordSize}.mmdb");

        Assert.Equal(("v4-0", "utf8_string"), Mmdblookup.Value(path, "10.0.0.1", "name"));
        Assert.Equal(("v4-499", "utf8_string"), Mmdblookup.Value(path, "10.1.243.200", "name"));
        Assert.Equal(("v4-257", "utf8_string"), Mmdblookup.Value(path, "::ffff:10.1.1.1", "name"));
        Assert.Equal(("v6-499", "utf8_string"), Mmdblookup.Value(path, "2001:db8:1f3::1", "name"));
    }

    [Theory]
    [InlineData(28)]
    [InlineData(32)]
    public void RecordValuesAbove24Bits_ReadByLibMaxMindDb(int recordSize)
    {
        var writer = MaxMindDatabaseWriterTests.NewWriter(recordSize: recordSize);
        writer.Insert(IPNetwork.Parse("192.0.2.0/25"), new Dictionary<string, object?> { ["blob"] = new byte[9_000_000] });
        writer.Insert(IPNetwork.Parse("192.0.2.128/25"), new Dictionary<string, object?> { ["blob"] = Enumerable.Repeat((byte)1, 9_000_000).ToArray() });
        writer.Insert(IPNetwork.Parse("198.51.100.0/25"), MaxMindDatabaseWriterTests.Named("left"));
        writer.Insert(IPNetwork.Parse("198.51.100.128/25"), MaxMindDatabaseWriterTests.Named("right"));
        var path = Write(writer, $"large-{recordSize}.mmdb");

        Assert.Equal("left", Mmdblookup.Value(path, "198.51.100.1", "name").Value);
        Assert.Equal("right", Mmdblookup.Value(path, "198.51.100.200", "name").Value);
    }

    [Fact]
    public void EveryValueType_HasTheExpectedLibMaxMindDbType()
    {
        var writer = MaxMindDatabaseWriterTests.NewWriter();
        writer.Insert(IPNetwork.Parse("203.0.113.0/24"), new Dictionary<string, object?>
        {
            ["string"] = "text",
            ["bool"] = true,
            ["int"] = -42,
            ["uint"] = 4_000_000_000u,
            ["ushort"] = (ushort)65_535,
            ["ulong"] = ulong.MaxValue,
            ["long"] = 5_000_000_000L,
            ["negative_long"] = -7L,
            ["double"] = 44.5,
            ["float"] = 1.5f,
            ["bytes"] = new byte[] { 0xDE, 0xAD },
            ["map"] = new Dictionary<string, object?> { ["inner"] = "value" },
            ["array"] = new object[] { "first", 2 },
        });
        var path = Write(writer, "types.mmdb");

        Assert.Equal(("text", "utf8_string"), Mmdblookup.Value(path, "203.0.113.1", "string"));
        Assert.Equal(("true", "boolean"), Mmdblookup.Value(path, "203.0.113.1", "bool"));
        Assert.Equal(("-42", "int32"), Mmdblookup.Value(path, "203.0.113.1", "int"));
        Assert.Equal(("4000000000", "uint32"), Mmdblookup.Value(path, "203.0.113.1", "uint"));
        Assert.Equal(("65535", "uint16"), Mmdblookup.Value(path, "203.0.113.1", "ushort"));
        Assert.Equal(("18446744073709551615", "uint64"), Mmdblookup.Value(path, "203.0.113.1", "ulong"));
        Assert.Equal(("5000000000", "uint64"), Mmdblookup.Value(path, "203.0.113.1", "long"));
        Assert.Equal(("-7", "int32"), Mmdblookup.Value(path, "203.0.113.1", "negative_long"));
        Assert.Equal(("44.500000", "double"), Mmdblookup.Value(path, "203.0.113.1", "double"));
        Assert.Equal(("1.500000", "float"), Mmdblookup.Value(path, "203.0.113.1", "float"));
        Assert.Equal(("DEAD", "bytes"), Mmdblookup.Value(path, "203.0.113.1", "bytes"));
        Assert.Equal(("value", "utf8_string"), Mmdblookup.Value(path, "203.0.113.1", "map", "inner"));
        Assert.Equal(("first", "utf8_string"), Mmdblookup.Value(path, "203.0.113.1", "array", "0"));
        Assert.Equal(("2", "int32"), Mmdblookup.Value(path, "203.0.113.1", "array", "1"));
    }

    [Theory]
    [InlineData(28)]
    [InlineData(29)]
    [InlineData(284)]
    [InlineData(285)]
    [InlineData(65_820)]
    [InlineData(65_821)]
    [InlineData(70_000)]
    public void LargeArraysAndMaps_AtSizeEncodingThresholds_ReadByLibMaxMindDb(int count)
    {
        var writer = MaxMindDatabaseWriterTests.NewWriter();
        writer.Insert(IPNetwork.Parse("203.0.113.0/24"), new Dictionary<string, object?>
        {
            ["array"] = Enumerable.Range(0, count).Select(i => (uint)i).ToArray(),
            ["map"] = Enumerable.Range(0, count).ToDictionary(i => "k" + i, i => (object?)(uint)i),
            ["string"] = new string('s', count - 1) + "!",
        });
        var path = Write(writer, $"large-{count}.mmdb");
        var last = (count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal((last, "uint32"), Mmdblookup.Value(path, "203.0.113.1", "array", last));
        Assert.Equal((last, "uint32"), Mmdblookup.Value(path, "203.0.113.1", "map", "k" + last));
        Assert.Equal(("0", "uint32"), Mmdblookup.Value(path, "203.0.113.1", "map", "k0"));
        Assert.NotEqual(0, Mmdblookup.Lookup(path, "203.0.113.1", "array", count.ToString(System.Globalization.CultureInfo.InvariantCulture)).ExitCode);
        var text = Mmdblookup.Value(path, "203.0.113.1", "string");
        Assert.Equal(count, text.Value.Length);
        Assert.EndsWith("!", text.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void SharedValuesBehindPointers_ReadByLibMaxMindDb()
    {
        const string shared = "shared text that is far away in the data section";
        var writer = MaxMindDatabaseWriterTests.NewWriter();
        writer.Insert(IPNetwork.Parse("192.0.2.0/24"), new Dictionary<string, object?> { ["a"] = new byte[600_000], ["b"] = shared });
        writer.Insert(IPNetwork.Parse("198.51.100.0/24"), new Dictionary<string, object?> { ["b"] = shared, ["c"] = new Dictionary<string, object?> { ["b"] = shared } });
        var path = Write(writer, "pointers.mmdb");

        Assert.Equal(shared, Mmdblookup.Value(path, "198.51.100.1", "b").Value);
        Assert.Equal(shared, Mmdblookup.Value(path, "198.51.100.1", "c", "b").Value);
        Assert.Equal(shared, Mmdblookup.Value(path, "192.0.2.1", "b").Value);
    }

    [Fact]
    public void IPv4Database_ReadByLibMaxMindDb()
    {
        var path = Write(
            new GeoDatabaseBuilder(GeoDatabaseKind.City, options => options.IPVersion = 4)
                .Add(IPNetwork.Parse("203.0.113.0/24"), "UA", "UA-43"),
            "ipv4.mmdb");

        Assert.Equal("UA", Mmdblookup.Value(path, "203.0.113.1", "country", "iso_code").Value);
        Assert.Equal("43", Mmdblookup.Value(path, "203.0.113.1", "subdivisions", "0", "iso_code").Value);
        var ipv6 = Mmdblookup.Lookup(path, "2001:db8::1");
        Assert.NotEqual(0, ipv6.ExitCode);
        Assert.Contains("IPv6", ipv6.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void WholeSpaceNetworks_ReadByLibMaxMindDb()
    {
        var writer = MaxMindDatabaseWriterTests.NewWriter();
        writer.Insert(IPNetwork.Parse("::/0"), MaxMindDatabaseWriterTests.Named("all-ipv6"));
        writer.Insert(IPNetwork.Parse("0.0.0.0/0"), MaxMindDatabaseWriterTests.Named("all-ipv4"));
        writer.Insert(IPNetwork.Parse("203.0.113.7/32"), MaxMindDatabaseWriterTests.Named("host"));
        var path = Write(writer, "whole.mmdb");

        Assert.Equal("all-ipv6", Mmdblookup.Value(path, "2001:db8::1", "name").Value);
        Assert.Equal("all-ipv4", Mmdblookup.Value(path, "8.8.8.8", "name").Value);
        Assert.Equal("all-ipv4", Mmdblookup.Value(path, "::ffff:8.8.8.8", "name").Value);
        Assert.Equal("host", Mmdblookup.Value(path, "203.0.113.7", "name").Value);
        Assert.Equal("host", Mmdblookup.Value(path, "2002:cb00:7107::1", "name").Value);
    }
}
