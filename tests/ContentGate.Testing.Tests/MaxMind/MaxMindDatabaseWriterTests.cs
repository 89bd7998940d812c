using System.Net;
using ContentGate.Testing.MaxMind;
using ContentGate.Testing.Tests.Support;
using MaxMind.Db;

namespace ContentGate.Testing.Tests.MaxMind;

/// <summary>
/// The search tree, metadata and file output, read back with MaxMind's official .NET reader (MaxMind.Db).
/// </summary>
public partial class MaxMindDatabaseWriterTests
{
    internal static MaxMindDatabaseWriter NewWriter(int ipVersion = 6, int recordSize = 28, bool alias = true) =>
        new(new MaxMindDatabaseWriterOptions
        {
            DatabaseType = "ContentGate-Test-Writer",
            IPVersion = ipVersion,
            RecordSize = recordSize,
            AliasIPv4InIPv6 = alias,
        });

    internal static Dictionary<string, object?> Named(string name) => new() { ["name"] = name };

    private static string? NameAt(byte[] database, string address) =>
        MaxMindReaders.Find(database, address)?["name"] as string;

    [Theory]
    [InlineData("203.0.113.0")]
    [InlineData("203.0.113.77")]
    [InlineData("203.0.113.255")]
    public void Insert_IPv4Network_FoundForEveryAddressInside(string address)
    {
        var writer = NewWriter();
        writer.Insert(IPNetwork.Parse("203.0.113.0/24"), Named("doc"));

        Assert.Equal("doc", NameAt(writer.ToArray(), address));
    }

    [Theory]
    [InlineData("2001:db8::")]
    [InlineData("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")]
    public void Insert_IPv6Network_FoundForEveryAddressInside(string address)
    {
        var writer = NewWriter();
        writer.Insert(IPNetwork.Parse("2001:db8::/32"), Named("doc6"));

        Assert.Equal("doc6", NameAt(writer.ToArray(), address));
    }

    [Theory]
    [InlineData("203.0.112.255")]
    [InlineData("203.0.114.0")]
    [InlineData("8.8.8.8")]
    [InlineData("2001:db9::")]
    [InlineData("2001:db7:ffff::")]
    [InlineData("::1")]
    public void Lookup_AddressOutsideEveryNetwork_ReturnsNull(string address)
    {
        var writer = NewWriter();
        writer.Insert(IPNetwork.Parse("203.0.113.0/24"), Named("v4"));
        writer.Insert(IPNetwork.Parse("2001:db8::/32"), Named("v6"));

        Assert.Null(MaxMindReaders.Find(writer.ToArray(), address));
    }

    [Fact]
    public void Lookup_EmptyDatabase_ReturnsNullForIPv4AndIPv6()
    {
        var database = NewWriter().ToArray();

        Assert.Null(MaxMindReaders.Find(database, "203.0.113.1"));
        Assert.Null(MaxMindReaders.Find(database, "::ffff:203.0.113.1"));
        Assert.Null(MaxMindReaders.Find(database, "2001:db8::1"));
    }

    [Theory]
    [InlineData("::ffff:203.0.113.9")]
    [InlineData("2002:cb00:7109::")]
    [InlineData("2002:cb00:71ff:1234::1")]
    public void Lookup_IPv4MappedOr6to4Address_FindsTheIPv4Network(string address)
    {
        var writer = NewWriter();
        writer.Insert(IPNetwork.Parse("203.0.113.0/24"), Named("doc"));

        Assert.Equal("doc", NameAt(writer.ToArray(), address));
    }

    [Fact]
    public void Lookup_IPv4MappedAddressOutsideIPv4Networks_ReturnsNull()
    {
        var writer = NewWriter();
        writer.Insert(IPNetwork.Parse("203.0.113.0/24"), Named("doc"));

        Assert.Null(MaxMindReaders.Find(writer.ToArray(), "::ffff:198.51.100.1"));
        Assert.Null(MaxMindReaders.Find(writer.ToArray(), "2002:c633:6401::"));
    }

    [Fact]
    public void Lookup_IPv4MappedAddress_WithAliasingOff_ReturnsNull()
    {
        var writer = NewWriter(alias: false);
        writer.Insert(IPNetwork.Parse("203.0.113.0/24"), Named("doc"));
        var database = writer.ToArray();

        Assert.Equal("doc", NameAt(database, "203.0.113.9"));
        Assert.Null(MaxMindReaders.Find(database, "::ffff:203.0.113.9"));
        Assert.Null(MaxMindReaders.Find(database, "2002:cb00:7109::"));
    }

    [Fact]
    public void Lookup_IPv4MappedAddress_ReportsPrefixLengthInTheIPv6Tree()
    {
        var writer = NewWriter();
        writer.Insert(IPNetwork.Parse("203.0.113.0/24"), Named("doc"));
        using var reader = MaxMindReaders.Open(writer.ToArray());

        reader.Find<Dictionary<string, object>>(IPAddress.Parse("203.0.113.9"), out var ipv4Prefix);
        reader.Find<Dictionary<string, object>>(IPAddress.Parse("::ffff:203.0.113.9"), out var mappedPrefix);
        reader.Find<Dictionary<string, object>>(IPAddress.Parse("2002:cb00:7109::"), out var sixToFourPrefix);

        Assert.Equal(24, ipv4Prefix);
        Assert.Equal(96 + 24, mappedPrefix);
        Assert.Equal(16 + 24, sixToFourPrefix);
    }

    [Theory]
    [InlineData("::ffff:203.0.113.0/120")]
    [InlineData("::ffff:0:0/96")]
    [InlineData("2002::/16")]
    [InlineData("2002:cb00:7100::/40")]
    public void Insert_NetworkInsideAnAliasedRange_Throws(string network)
    {
        var writer = NewWriter();

        var exception = Assert.Throws<ArgumentException>(() => writer.Insert(IPNetwork.Parse(network), Named("x")));

        Assert.Contains("Insert the IPv4 network instead", exception.Message, StringComparison.Ordinal);
        Assert.Equal("network", exception.ParamName);
    }

    [Fact]
    public void Insert_NetworkInsideAnAliasedRange_WithAliasingOff_IsStoredAsIs()
    {
        var writer = NewWriter(alias: false);
        writer.Insert(IPNetwork.Parse("::ffff:203.0.113.0/120"), Named("mapped"));
        var database = writer.ToArray();

        Assert.Equal("mapped", NameAt(database, "::ffff:203.0.113.5"));
        Assert.Null(MaxMindReaders.Find(database, "203.0.113.5"));
    }

    [Fact]
    public void Insert_NetworkCoveringTheAliasedRanges_KeepsTheAliases()
    {
        var writer = NewWriter();
        writer.Insert(IPNetwork.Parse("203.0.113.0/24"), Named("ipv4"));
        writer.Insert(IPNetwork.Parse("::/0"), Named("everything"));
        writer.Insert(IPNetwork.Parse("203.0.113.0/25"), Named("ipv4-low"));
        var database = writer.ToArray();

        // ::/0 replaced the IPv4 /24 too (it covers ::/96); the later /25 carved its half back out.
        Assert.Equal("everything", NameAt(database, "2001:db8::1"));
        Assert.Equal("everything", NameAt(database, "203.0.113.200"));
        Assert.Equal("ipv4-low", NameAt(database, "203.0.113.5"));
        Assert.Equal("ipv4-low", NameAt(database, "::ffff:203.0.113.5"));
        Assert.Equal("ipv4-low", NameAt(database, "2002:cb00:7105::"));
        Assert.Equal("everything", NameAt(database, "::ffff:203.0.113.200"));
    }

    [Fact]
    public void Insert_WithOverlappingNetwork_LaterInsertWins()
    {
        var writer = NewWriter();
        writer.Insert(IPNetwork.Parse("198.51.100.0/24"), Named("outer"));
        writer.Insert(IPNetwork.Parse("198.51.100.64/26"), Named("inner"));
        var database = writer.ToArray();

        Assert.Equal("outer", NameAt(database, "198.51.100.63"));
        Assert.Equal("inner", NameAt(database, "198.51.100.64"));
        Assert.Equal("inner", NameAt(database, "198.51.100.127"));
        Assert.Equal("outer", NameAt(database, "198.51.100.128"));
        Assert.Equal("outer", NameAt(database, "198.51.100.0"));
    }

    [Fact]
    public void Insert_LargerNetworkAfterSmallerOnes_ReplacesThem()
    {
        var writer = NewWriter();
        writer.Insert(IPNetwork.Parse("2001:db8:1::/48"), Named("small-a"));
        writer.Insert(IPNetwork.Parse("2001:db8:2:3::/64"), Named("small-b"));
        writer.Insert(IPNetwork.Parse("2001:db8::/32"), Named("large"));
        var database = writer.ToArray();

        Assert.Equal("large", NameAt(database, "2001:db8:1::1"));
        Assert.Equal("large", NameAt(database, "2001:db8:2:3::1"));
        Assert.Equal("large", NameAt(database, "2001:db8:ffff::1"));
    }

    [Fact]
    public void Insert_LargerNetworkOverSmallerOnes_WritesTheSameBytesAsTheLargerAlone()
    {
        var layered = NewWriter();
        for (var i = 0; i < 256; i++)
        {
            layered.Insert(new IPNetwork(new IPAddress([198, 51, (byte)i, 0]), 24), Named("small-" + i));
        }

        layered.Insert(IPNetwork.Parse("198.51.0.0/16"), Named("large"));
        var alone = NewWriter();
        alone.Insert(IPNetwork.Parse("198.51.0.0/16"), Named("large"));

        // Replaced nodes and records no longer referenced must not leak into the file.
        Assert.Equal(alone.ToArray(), layered.ToArray());
    }

    [Fact]
    public void Insert_SameNetworkTwice_SecondRecordWins()
    {
        var writer = NewWriter();
        writer.Insert(IPNetwork.Parse("192.0.2.0/24"), Named("first"));
        writer.Insert(IPNetwork.Parse("192.0.2.0/24"), Named("second"));

        Assert.Equal("second", NameAt(writer.ToArray(), "192.0.2.1"));
    }

    [Theory]
    [InlineData(6, "0.0.0.0/0", "0.0.0.0", null)]
    [InlineData(6, "0.0.0.0/0", "255.255.255.255", "2001:db8::1")]
    [InlineData(6, "128.0.0.0/1", "200.1.1.1", "100.1.1.1")]
    [InlineData(6, "0.0.0.0/1", "127.255.255.255", "128.0.0.0")]
    [InlineData(6, "203.0.113.7/32", "203.0.113.7", "203.0.113.6")]
    [InlineData(6, "203.0.113.7/32", "::ffff:203.0.113.7", "203.0.113.8")]
    [InlineData(6, "::/0", "2001:db8::1", null)]
    [InlineData(6, "::/0", "fe80::1", null)]
    [InlineData(6, "::/0", "203.0.113.1", null)]
    [InlineData(6, "8000::/1", "ffff::1", "7fff::1")]
    [InlineData(6, "::/1", "7fff::1", "8000::")]
    [InlineData(6, "2001:db8::1/128", "2001:db8::1", "2001:db8::2")]
    [InlineData(6, "2001:db8::ffff/128", "2001:db8::ffff", "2001:db8::fffe")]
    [InlineData(4, "0.0.0.0/0", "255.255.255.255", null)]
    [InlineData(4, "128.0.0.0/1", "128.0.0.0", "127.255.255.255")]
    [InlineData(4, "203.0.113.7/32", "203.0.113.7", "203.0.113.6")]
    public void Insert_PrefixLengthAtTheEdges_CoversExactlyTheNetwork(
        int ipVersion, string network, string inside, string? outside)
    {
        var writer = NewWriter(ipVersion);
        writer.Insert(IPNetwork.Parse(network), Named("net"));
        var database = writer.ToArray();

        Assert.Equal("net", NameAt(database, inside));
        if (outside is not null)
        {
            Assert.Null(MaxMindReaders.Find(database, outside));
        }
    }

    [Theory]
    [InlineData(24)]
    [InlineData(28)]
    [InlineData(32)]
    public void Write_EachRecordSize_ReadsBackManyNetworks(int recordSize)
    {
        var writer = NewWriter(recordSize: recordSize);
        for (var i = 0; i < 2000; i++)
        {
            writer.Insert(new IPNetwork(new IPAddress([10, (byte)(i >> 8), (byte)i, 0]), 24), Named("v4-" + i));
            writer.Insert(IPNetwork.Parse($"2001:db8:{i:x}::/48"), Named("v6-" + i));
        }

        using var reader = MaxMindReaders.Open(writer.ToArray());
        for (var i = 0; i < 2000; i += 37)
        {
            Assert.Equal("v4-" + i, reader.Find<Dictionary<string, object>>(new IPAddress([10, (byte)(i >> 8), (byte)i, 99]))?["name"]);
            Assert.Equal("v6-" + i, reader.Find<Dictionary<string, object>>(IPAddress.Parse($"2001:db8:{i:x}::99"))?["name"]);
        }

        Assert.Null(reader.Find<Dictionary<string, object>>(IPAddress.Parse("10.7.208.1")));
    }

    [Theory]
    [InlineData(28)]
    [InlineData(32)]
    public void Write_RecordValuesAbove24Bits_ReadBack(int recordSize)
    {
        // Two 9 MB blobs push the later records past offset 2^24, so the top bits of both the left and the
        // right record of one node are used (the shared middle byte of 28-bit records).
        var writer = NewWriter(recordSize: recordSize);
        writer.Insert(IPNetwork.Parse("192.0.2.0/25"), new Dictionary<string, object?> { ["blob"] = new byte[9_000_000] });
        writer.Insert(IPNetwork.Parse("192.0.2.128/25"), new Dictionary<string, object?> { ["blob"] = Enumerable.Repeat((byte)1, 9_000_000).ToArray() });
        writer.Insert(IPNetwork.Parse("198.51.100.0/25"), Named("left"));
        writer.Insert(IPNetwork.Parse("198.51.100.128/25"), Named("right"));
        var database = writer.ToArray();

        Assert.True(database.Length > 1 << 24);
        Assert.Equal("left", NameAt(database, "198.51.100.1"));
        Assert.Equal("right", NameAt(database, "198.51.100.200"));
    }

    [Fact]
    public void Write_DatabaseTooLargeFor24BitRecords_ThrowsNamingRecordSize()
    {
        var writer = NewWriter(recordSize: 24);
        writer.Insert(IPNetwork.Parse("192.0.2.0/25"), new Dictionary<string, object?> { ["blob"] = new byte[9_000_000] });
        writer.Insert(IPNetwork.Parse("192.0.2.128/25"), new Dictionary<string, object?> { ["blob"] = Enumerable.Repeat((byte)1, 9_000_000).ToArray() });

        var exception = Assert.Throws<InvalidOperationException>(writer.ToArray);

        Assert.Contains("RecordSize", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IPv4Database_IPv4Networks_ReadBack()
    {
        var writer = NewWriter(ipVersion: 4);
        writer.Insert(IPNetwork.Parse("203.0.113.0/24"), Named("doc"));
        writer.Insert(IPNetwork.Parse("203.0.113.128/25"), Named("half"));
        using var reader = MaxMindReaders.Open(writer.ToArray());

        Assert.Equal(4, reader.Metadata.IPVersion);
        Assert.Equal("doc", reader.Find<Dictionary<string, object>>(IPAddress.Parse("203.0.113.1"), out var prefix)?["name"]);
        Assert.Equal(25, prefix); // the /25 inserted later split the /24 in two halves
        Assert.Equal("half", reader.Find<Dictionary<string, object>>(IPAddress.Parse("203.0.113.129"))?["name"]);
        Assert.Null(reader.Find<Dictionary<string, object>>(IPAddress.Parse("203.0.114.1")));
    }

    [Fact]
    public void IPv4Database_InsertIPv6Network_Throws()
    {
        var writer = NewWriter(ipVersion: 4);

        var exception = Assert.Throws<ArgumentException>(() => writer.Insert(IPNetwork.Parse("2001:db8::/32"), Named("x")));

        Assert.Contains("IPVersion 4", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindAll_IPv4Database_ReturnsExactlyTheInsertedNetworks()
    {
        var writer = NewWriter(ipVersion: 4);
        writer.Insert(IPNetwork.Parse("203.0.113.0/24"), Named("a"));
        writer.Insert(IPNetwork.Parse("198.51.100.0/23"), Named("b"));
        writer.Insert(IPNetwork.Parse("192.0.2.7/32"), Named("c"));
        using var reader = MaxMindReaders.Open(writer.ToArray());

        var networks = reader.FindAll<Dictionary<string, object>>()
            .Select(node => $"{node.Start}/{node.PrefixLength}={node.Data["name"]}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(["192.0.2.7/32=c", "198.51.100.0/23=b", "203.0.113.0/24=a"], networks);
    }

    [Fact]
    public void FindAll_IPv6DatabaseWithoutAliases_ReturnsExactlyTheInsertedNetworks()
    {
        var writer = NewWriter(alias: false);
        writer.Insert(IPNetwork.Parse("203.0.113.0/24"), Named("a"));
        writer.Insert(IPNetwork.Parse("2001:db8::/32"), Named("b"));
        using var reader = MaxMindReaders.Open(writer.ToArray());

        var networks = reader.FindAll<Dictionary<string, object>>()
            .Select(node => $"{node.Start}/{node.PrefixLength}={node.Data["name"]}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(["2001:db8::/32=b", "203.0.113.0/24=a"], networks);
    }

    [Fact]
    public void FindAll_IPv6DatabaseWithAliases_AlsoWalksTheAliasedCopies()
    {
        // MaxMind.Db's FindAll follows the alias records like any other node, so IPv4 data shows up three times:
        // as IPv4, under ::ffff:0:0/96 and under 2002::/16. Callers enumerating a GeoIP2-style file must expect it.
        var writer = NewWriter();
        writer.Insert(IPNetwork.Parse("203.0.113.0/24"), Named("a"));
        using var reader = MaxMindReaders.Open(writer.ToArray());

        var networks = reader.FindAll<Dictionary<string, object>>()
            .Select(node => $"{node.Start}/{node.PrefixLength}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(["2002:cb00:7100::/40", "203.0.113.0/24", "::ffff:203.0.113.0/120"], networks);
    }

    [Fact]
    public void Insert_NullRecord_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => NewWriter().Insert(IPNetwork.Parse("192.0.2.0/24"), null!));
    }

    [Fact]
    public void Insert_DefaultNetwork_IsTheWholeIPv4Space()
    {
        // default(IPNetwork) is 0.0.0.0/0 on .NET 10; it must not crash the writer.
        var writer = NewWriter();
        writer.Insert(default, Named("default"));

        Assert.Equal("default", NameAt(writer.ToArray(), "192.0.2.1"));
    }
}
