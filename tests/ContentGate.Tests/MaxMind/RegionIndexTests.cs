using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using ContentGate.MaxMind;
using ContentGate.MaxMind.Verification;
using ContentGate.Regions;
using ContentGate.Testing.MaxMind;
using ContentGate.Tests.Infrastructure;
using ContentGate.Tests.MaxMind.Verification;
using MaxMind.Db;

namespace ContentGate.Tests.MaxMind;

/// <summary>
/// The region index's own reading of the search tree against MaxMind's reader: on every fixture, for every network the
/// reader enumerates, its first and last address and the address after it (a gap or the next network), as IPv4,
/// IPv6 and IPv4-mapped where the database holds them, both readers give the same region and the same prefix length.
/// </summary>
public sealed class RegionIndexTests
{
    // Nested networks with answers different from their parents', gaps between and inside them, two subdivision levels,
    // a record with no country and one whose subdivision has no code.
    private static readonly (string Network, string? Country, string[] Subdivisions)[] Nested =
    [
        ("20.0.0.0/8", "DE", ["BE"]),
        ("20.1.0.0/16", "RU", ["MOW"]),
        ("20.1.2.0/24", "UA", ["43"]),
        ("20.1.3.128/25", "GB", ["ENG", "LND"]),
        ("20.1.3.200/29", "KZ", []),
        ("20.1.3.207/32", null, []),
        ("21.0.4.0/30", "US", ["CA"]),
        ("2a00::/16", "FR", ["IDF"]),
        ("2a00:1:2::/48", "UA", ["30"]),
        ("2a00:1:3:4:5::/80", "KZ", ["ALA"]),
        ("2a01:2:3:4::1/128", "GB", []),
    ];

    public static TheoryData<string> FixtureNames()
    {
        var names = new TheoryData<string> { "fixtures-city", "fixtures-country" };
        foreach (var kind in new[] { "City", "Country" })
        {
            foreach (var ipVersion in new[] { 4, 6 })
            {
                foreach (var recordSize in new[] { 24, 28, 32 })
                {
                    names.Add($"verification-{kind}-v{ipVersion}-{recordSize}-aliases");
                    if (ipVersion == 6)
                    {
                        names.Add($"verification-{kind}-v{ipVersion}-{recordSize}-plain");
                    }
                }
            }
        }

        foreach (var recordSize in new[] { 24, 28, 32 })
        {
            names.Add($"nested-v4-{recordSize}");
            names.Add($"nested-v6-{recordSize}");
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Index_OnEveryNetworkOfFixture_AnswersAsMaxMindsReader(string fixture)
    {
        var bytes = Fixture(fixture);
        var index = Compile(bytes);
        using var reader = new Reader(new MemoryStream(bytes));
        var compared = 0;
        foreach (var network in reader.FindAll<CountryAndSubdivisions>())
        {
            foreach (var address in AroundNetwork(network.Start, network.PrefixLength))
            {
                if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !index.IsIPv6)
                {
                    continue;
                }

                var expected = reader.Find<CountryAndSubdivisions>(address, out var expectedPrefix);
                var actual = Find(index, address, out var actualPrefix);
                Assert.True(Describe(expected) == actual.ToString() && expectedPrefix == actualPrefix,
                    $"{fixture}, {address}: MaxMind's reader says {Describe(expected)} /{expectedPrefix}, the index {actual} /{actualPrefix}");
                compared++;
            }
        }

        Assert.True(compared > 0, $"{fixture}: no network compared");
    }

    [Fact]
    public void Compile_ManyNetworksWithTheSameAnswer_SharesOneRegion()
    {
        var index = Compile(Fixture("nested-v6-28"));
        var first = index.FindIPv4(Ipv4("20.1.2.1"), out _);
        var second = index.FindIPv4(Ipv4("20.1.2.200"), out _);

        Assert.Same(first, second);
        Assert.Equal(Nested.Count(n => n.Country is not null) + 1, index.RegionCount);
    }

    [Fact]
    public void Find_AfterTheFirstLookup_AllocatesNothing()
    {
        var index = Compile(Fixture("nested-v6-28"));
        var ipv6 = BinaryPrimitives.ReadUInt128BigEndian(IPAddress.Parse("2a00:1:3:4:5::9").GetAddressBytes());
        var ipv4 = Ipv4("20.1.3.130");
        _ = index.FindIPv4(ipv4, out _);
        _ = index.FindIPv6(ipv6, out _);

        _ = GC.GetAllocatedBytesForCurrentThread();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var regions = (index.FindIPv4(ipv4, out var ipv4Prefix), index.FindIPv6(ipv6, out var ipv6Prefix));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(("GB GB-ENG GB-LND", 26), (regions.Item1.ToString(), ipv4Prefix));
        Assert.Equal(("KZ KZ-ALA", 80), (regions.Item2.ToString(), ipv6Prefix));
    }

    private static RegionIndex Compile(byte[] bytes)
    {
        Assert.Null(MaxMindDatabaseVerifier.Verify(bytes, out var layout, out var records));
        return RegionIndexCompiler.Compile(bytes, layout!, records!);
    }

    private static Region Find(RegionIndex index, IPAddress address, out int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        return bytes.Length == 4
            ? index.FindIPv4(BinaryPrimitives.ReadUInt32BigEndian(bytes), out prefixLength)
            : index.FindIPv6(BinaryPrimitives.ReadUInt128BigEndian(bytes), out prefixLength);
    }

    private static uint Ipv4(string address) => BinaryPrimitives.ReadUInt32BigEndian(IPAddress.Parse(address).GetAddressBytes());

    /// <summary>What ContentGate made of the reader's answer before the index: the same normalization and composition.</summary>
    private static string Describe(CountryAndSubdivisions? record)
    {
        if (record?.Country is not { } country || !IsoCodes.TryNormalizeCountry(country.IsoCode, out var code))
        {
            return Region.Unknown.ToString();
        }

        var subdivisions = (record.Subdivisions ?? []).Select(s => IsoCodes.ComposeSubdivision(code, s.IsoCode)).OfType<string>().ToArray();
        return Region.FromTrusted(code, subdivisions.Length == 0 ? null : subdivisions).ToString();
    }

    /// <summary>
    /// The network's first and last address and the one after; for an IPv6 network under <c>::/96</c> (an IPv4
    /// network of an IPv6 tree) also the IPv4 and IPv4-mapped forms of each.
    /// </summary>
    private static IEnumerable<IPAddress> AroundNetwork(IPAddress start, int prefixLength)
    {
        var bytes = start.GetAddressBytes();
        var bits = bytes.Length * 8;
        var first = bytes.Length == 4 ? (UInt128)BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
        var size = prefixLength == 0 ? UInt128.MaxValue : (UInt128.One << (bits - prefixLength)) - 1;
        var last = first + size;
        var max = bits == 32 ? uint.MaxValue : UInt128.MaxValue;
        foreach (var value in last < max ? [first, last, last + 1] : new[] { first, last })
        {
            if (bits == 32)
            {
                yield return new IPAddress(BinaryPrimitives.ReverseEndianness((uint)value));
                continue;
            }

            var address = new byte[16];
            BinaryPrimitives.WriteUInt128BigEndian(address, value);
            yield return new IPAddress(address);
            if (value >> 32 == 0)
            {
                var ipv4 = new IPAddress(BinaryPrimitives.ReverseEndianness((uint)value));
                yield return ipv4;
                yield return ipv4.MapToIPv6();
            }
        }
    }

    private static byte[] Fixture(string name)
    {
        if (name == "fixtures-city")
        {
            return File.ReadAllBytes(Fixtures.CityDatabasePath);
        }

        if (name == "fixtures-country")
        {
            return File.ReadAllBytes(Fixtures.CountryDatabasePath);
        }

        var parts = name.Split('-');
        if (parts[0] == "verification")
        {
            var kind = Enum.Parse<GeoDatabaseKind>(parts[1]);
            return VerificationDatabases.Build(kind, ipVersion: int.Parse(parts[2][1..], CultureInfo.InvariantCulture), recordSize: int.Parse(parts[3], CultureInfo.InvariantCulture), aliases: parts[4] == "aliases");
        }

        var ipVersion = int.Parse(parts[1][1..], CultureInfo.InvariantCulture);
        var builder = new GeoDatabaseBuilder(GeoDatabaseKind.City, o =>
        {
            o.IPVersion = ipVersion;
            o.RecordSize = int.Parse(parts[2], CultureInfo.InvariantCulture);
        });
        foreach (var (network, country, subdivisions) in Nested)
        {
            var parsed = IPNetwork.Parse(network);
            if (ipVersion == 4 && parsed.BaseAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            {
                continue;
            }

            var record = new Dictionary<string, object?> { ["continent"] = new Dictionary<string, object?> { ["code"] = "EU" } };
            if (country is not null)
            {
                record["country"] = new Dictionary<string, object?> { ["iso_code"] = country };
                record["subdivisions"] = subdivisions.Select(s => (object?)new Dictionary<string, object?> { ["iso_code"] = s })
                    .Append(new Dictionary<string, object?> { ["names"] = new Dictionary<string, object?> { ["en"] = "no code" } })
                    .ToList();
            }

            builder.AddRecord(parsed, record);
        }

        return builder.ToArray();
    }
}
