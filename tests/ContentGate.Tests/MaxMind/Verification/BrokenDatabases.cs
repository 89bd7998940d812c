using static ContentGate.Tests.MaxMind.Verification.VerificationDatabases;

namespace ContentGate.Tests.MaxMind.Verification;

/// <summary>
/// Every breakage the verifier must refuse, with the kind of message it must give and the place it must name. Each
/// reproduces a kind of damage from MaxMind's published test files (named in the comments) or a layout other providers
/// use; none is copied.
/// </summary>
internal static class BrokenDatabases
{
    public const string NotMaxMindDb = "is not a MaxMind DB (.mmdb) file or is truncated";
    public const string Corrupt = "is corrupt: ";
    public const string InvalidRecord = "has a record ContentGate cannot read: ";
    public const string Foreign = "but not in the GeoIP2 format ContentGate reads";
    public const string NoCountries = "which has no countries";

    private const string InTree = "in the search tree, for " + ProbeNetwork + " (node ";
    private const string InProbeRecord = "in the record for " + ProbeNetwork + " (data section offset ";

    /// <param name="Name">The row's name in test output.</param>
    /// <param name="Build">Writes the file's bytes.</param>
    /// <param name="Kind">The message's kind (one of the constants above).</param>
    /// <param name="Says">What else the message must say: what is wrong and where.</param>
    /// <param name="ReaderOpensIt">
    /// Whether MaxMind's reader opens the file without complaint, as ContentGate did before it verified files: the
    /// damage would only have shown (or never) when a visitor from the network arrived. <see langword="null"/>: not
    /// asked (the reader may not survive decoding it).
    /// </param>
    /// <param name="Libmaxminddb">
    /// What libmaxminddb's <c>mmdblookup</c> makes of a lookup of the probe address: <c>error</c> (an independent reader
    /// also finds the file broken), <c>not found</c> (it silently answers "no record": a looped or endless tree), or
    /// <c>found</c> (it reads the record, where ContentGate is stricter). <see langword="null"/>: not asked (the probe is
    /// not in that file).
    /// </param>
    public sealed record Breakage(string Name, Func<byte[]> Build, string Kind, string[] Says, bool? ReaderOpensIt, string? Libmaxminddb);

    public static readonly Breakage[] All =
    [
        // --- Not a (whole) MaxMind DB: the metadata (maxminddb-golang's invalid-*-length, metadata-is-an-uint128, libmaxminddb's metadata-marker-only).
        new("metadata-marker-only", () => [.. MmdbFile.MetadataMarker], NotMaxMindDb, ["its metadata is missing"], false, "error"),
        new("metadata-string-length-past-end", () => WithMetadata(f => f.Bytes[f.MetadataValue("database_type").Payload - 1] = (2 << 5) | 31), NotMaxMindDb, ["its metadata cannot be decoded", "a string of", "runs past the end"], null, "error"),
        new("metadata-is-a-uint128", () => WithMetadata(f => { f.Bytes[f.MetadataStart] = 0x00; f.Bytes[f.MetadataStart + 1] = 3; }), NotMaxMindDb, ["its metadata is a uint128, not a map"], null, "error"),
        new("metadata-pointer-loop", () => WithMetadata(f => { var at = f.MetadataValue("languages").Payload - 2; f.Bytes[at] = 0x20; f.Bytes[at + 1] = 0x00; }), NotMaxMindDb, ["its metadata cannot be decoded", "a pointer loops back to the value at offset 0"], null, "error"),
        new("format-version-3", () => WithMetadata(f => f.SetMetadataNumber("binary_format_major_version", 3)), NotMaxMindDb, ["version 3 of the MaxMind DB format"], null, "error"),
        new("record-size-26", () => WithMetadata(f => f.SetMetadataNumber("record_size", 26)), NotMaxMindDb, ["record_size is 26"], null, "error"),
        new("ip-version-5", () => WithMetadata(f => f.SetMetadataNumber("ip_version", 5)), NotMaxMindDb, ["ip_version is 5"], null, "error"),
        new("tree-cut-short", WithTreeCutShort, NotMaxMindDb, ["its search tree of", "nodes needs", "bytes come before the metadata"], null, "error"),

        // --- Corrupt structure, before anything else is judged: the separator and the search tree
        // (GeoIP2-City-Test-Invalid-Node-Count, MaxMind-DB-test-broken-search-tree-24, libmaxminddb's separator-record-* and corrupt-search-tree).
        new("node-count-off-by-one", () => WithMetadata(f => f.SetMetadataNumber("node_count", (ulong)f.NodeCount + 1)), Corrupt, ["the 16 bytes that must separate the search tree from the data section are not all zero", "at file offset"], true, "error"),
        new("separator-not-zero", () => WithMetadata(f => f.Bytes[f.TreeLength + 7] = 1), Corrupt, ["are not all zero", "at file offset"], true, "found"),
        new("tree-record-first-separator-value", () => WithProbeTreeRecord(f => f.NodeCount + 1), Corrupt, [InTree, "points into the 16-byte separator"], true, "error"),
        new("tree-record-last-separator-value", () => WithProbeTreeRecord(f => f.NodeCount + 15), Corrupt, [InTree, "points into the 16-byte separator"], true, "error"),
        new("tree-record-past-the-data-section", () => WithProbeTreeRecord(f => f.DataRecord(f.DataLength + 100)), Corrupt, [InTree, "past the end of the", "data section"], true, "error"),
        new("tree-record-offset-integer-overflow", () => WithProbeTreeRecord(_ => uint.MaxValue, recordSize: 32), Corrupt, [InTree, "points at data section offset 4,294,96", "past the end"], true, "error"),
        new("tree-record-back-at-the-root", () => WithProbeTreeRecord(_ => 0), Corrupt, [InTree, "points back at the root node, a loop"], true, "not found"),
        new("tree-loop", () => WithProbeTreeRecord(f => f.PathTo(ProbeAddress)[100].Node), Corrupt, [InTree, "which leads to it: a loop"], true, "not found"),
        new("tree-lookup-does-not-end", () => WithProbeTreeRecord(f => f.PathTo(Visitors.IPv4For("RU"))[8].Node, ipVersion: 4), Corrupt, ["in the search tree, for 198.51.100.24", "after all 32 bits of an address: the lookup would not end"], true, "not found"),
        new("tree-nodes-no-lookup-reaches", () => WithZeroNodesNoLookupReaches(10), Corrupt, ["which no lookup reaches", "points back at the root node"], true, "found"),

        // --- Corrupt data: every value of every record (MaxMind-DB-test-broken-pointers-24, GeoIP2-City-Test-Broken-Double-Format,
        // maxminddb-golang's cyclic-data-structure and invalid-*-length, maxminddb-python's bad-unicode-in-map-key, libmaxminddb's oversized-*, deep-*-nesting, offset-integer-overflow).
        new("data-pointer-past-the-end", () => WithProbeRecord((_, length) => new DataBytes().Map(2).Country("UA").String("city").Pointer((uint)length + 5)), Corrupt, [InProbeRecord, "a pointer points at offset", "past the end of the"], true, "error"),
        new("data-pointer-offset-integer-overflow", () => WithProbeRecord((_, _) => new DataBytes().Map(2).Country("UA").String("city").Pointer(uint.MaxValue)), Corrupt, [InProbeRecord, "a pointer points at offset 4,294,967,295"], true, "error"),
        new("data-pointer-loop", () => WithProbeRecord((record, _) => new DataBytes().Map(2).Country("UA").String("city").Pointer((uint)record)), Corrupt, [InProbeRecord, "a pointer loops back to the value at offset"], true, "error"),
        new("data-pointer-to-a-pointer", () => WithProbeRecord(PointerToPointer), Corrupt, [InProbeRecord, "a pointer points at another pointer"], true, "error"),
        new("double-of-2-bytes", () => WithProbeRecord((_, _) => new DataBytes().Map(2).Country("UA").String("location").Map(1).String("latitude").Header(3, 2).Raw(0x40, 0x49)), Corrupt, [InProbeRecord, "a double has 2 bytes; it always has 8"], true, "error"),
        new("float-of-8-bytes", () => WithProbeRecord((_, _) => new DataBytes().Map(2).Country("UA").String("x").Header(15, 8).Raw(new byte[8])), Corrupt, [InProbeRecord, "a float has 8 bytes; it always has 4"], true, "error"),
        new("uint16-of-3-bytes", () => WithProbeRecord((_, _) => new DataBytes().Map(2).Country("UA").String("x").Header(5, 3).Raw(1, 2, 3)), Corrupt, [InProbeRecord, "a uint16 has 3 bytes; it has at most 2"], true, "error"),
        new("uint32-of-5-bytes", () => WithProbeRecord((_, _) => new DataBytes().Map(2).Country("UA").String("x").Header(6, 5).Raw(1, 2, 3, 4, 5)), Corrupt, [InProbeRecord, "a uint32 has 5 bytes; it has at most 4"], true, "error"),
        new("int32-of-5-bytes", () => WithProbeRecord((_, _) => new DataBytes().Map(2).Country("UA").String("x").Header(8, 5).Raw(1, 2, 3, 4, 5)), Corrupt, [InProbeRecord, "an int32 has 5 bytes; it has at most 4"], true, "error"),
        new("uint64-of-9-bytes", () => WithProbeRecord((_, _) => new DataBytes().Map(2).Country("UA").String("x").Header(9, 9).Raw(new byte[9])), Corrupt, [InProbeRecord, "a uint64 has 9 bytes; it has at most 8"], true, "error"),
        new("uint128-of-17-bytes", () => WithProbeRecord((_, _) => new DataBytes().Map(2).Country("UA").String("x").Header(10, 17).Raw(new byte[17])), Corrupt, [InProbeRecord, "a uint128 has 17 bytes; it has at most 16"], true, "error"),
        new("boolean-of-value-2", () => WithProbeRecord((_, _) => new DataBytes().Map(2).Country("UA").String("x").Header(14, 2)), Corrupt, [InProbeRecord, "a boolean has the value 2"], true, "found"),
        new("string-length-past-the-end", () => WithProbeRecord((_, _) => new DataBytes().Map(2).Country("UA").String("city").Header(2, 16_000_000).Raw("Simferopol"u8.ToArray())), Corrupt, [InProbeRecord, "a string of 16,000,000 bytes runs past the end"], true, "error"),
        new("bytes-length-past-the-end", () => WithProbeRecord((_, _) => new DataBytes().Map(2).Country("UA").String("x").Header(4, 16_000_000).Raw(1, 2, 3)), Corrupt, [InProbeRecord, "a byte sequence of 16,000,000 bytes runs past the end"], true, "error"),
        new("map-key-length-past-the-end", () => WithProbeRecord((_, _) => new DataBytes().Map(2).Country("UA").Header(2, 16_000_000).Raw("city"u8.ToArray())), Corrupt, [InProbeRecord, "a string of 16,000,000 bytes runs past the end"], true, "error"),
        new("map-key-not-a-string", () => WithProbeRecord((_, _) => new DataBytes().Map(2).Country("UA").UInt16(7).String("x")), Corrupt, [InProbeRecord, "a map key is a uint16, not a string"], true, "found"),
        new("map-key-bad-utf8", () => WithProbeRecord((_, _) => new DataBytes().Map(2).Country("UA").Utf8([0xC3, 0x28]).String("x")), Corrupt, [InProbeRecord, "a string is not valid UTF-8"], true, "found"),
        new("string-bad-utf8", () => WithProbeRecord((_, _) => new DataBytes().Map(2).Country("UA").String("city").Utf8([0x53, 0xFF, 0xFE])), Corrupt, [InProbeRecord, "a string is not valid UTF-8"], true, "found"),
        new("map-of-a-million-entries", () => WithProbeRecord((_, _) => new DataBytes().Map(2).Country("UA").String("x").Map(1_000_000).String("k").String("v")), Corrupt, [InProbeRecord, "a map claims 1,000,000 entries"], true, "error"),
        new("array-of-a-million-elements", () => WithProbeRecord((_, _) => new DataBytes().Map(2).Country("UA").String("x").Array(1_000_000).String("x").String("y")), Corrupt, [InProbeRecord, "an array claims 1,000,000 entries"], true, "error"),
        new("maps-nested-600-deep", () => WithProbeRecord((_, _) => Nested(new DataBytes().Map(2).Country("UA").String("x"), b => b.Map(1).String("a"))), Corrupt, [InProbeRecord, "values nest deeper than 512 levels"], true, "error"),
        new("arrays-nested-600-deep", () => WithProbeRecord((_, _) => Nested(new DataBytes().Map(2).Country("UA").String("x"), b => b.Array(1))), Corrupt, [InProbeRecord, "values nest deeper than 512 levels"], true, "error"),
        new("data-cache-container-type", () => WithProbeRecord((_, _) => new DataBytes().Map(2).Country("UA").String("x").Header(12, 0)), Corrupt, [InProbeRecord, "a data cache container (type 12) is not allowed in data"], true, "found"),
        new("end-marker-type", () => WithProbeRecord((_, _) => new DataBytes().Map(2).Country("UA").String("x").Header(13, 0)), Corrupt, [InProbeRecord, "an end marker (type 13) is not allowed in data"], true, "found"),
        new("extended-type-81", () => WithProbeRecord((_, _) => new DataBytes().Map(2).Country("UA").String("x").Raw(0x00, (byte)'Q')), Corrupt, [InProbeRecord, "the extended type byte 81 names no type"], true, "found"),
        new("extended-type-0", () => WithProbeRecord((_, _) => new DataBytes().Map(2).Country("UA").String("x").Raw(0x01, 0x00)), Corrupt, [InProbeRecord, "the extended type byte 0 names no type"], true, "found"),
        new("broken-test-typed-database", TestTypedWithBrokenPointer, Corrupt, [InProbeRecord, "a pointer points at offset"], true, "error"),
        new("three-bytes-overwritten-in-a-city-record", CityWithThreeBytesOverwritten, Corrupt, [InProbeRecord, "a map key is a map, not a string"], true, "error"),

        // --- Well formed, but not GeoIP2: other providers' layouts, other kinds of database.
        new("ip-location-db-layout", IpLocationDbLayout, Foreign, ["is a 'ip-location-db-city' database", "none of its 2 records has a country with an iso_code", "the keys city, country_code, latitude, longitude, postcode, state1, state2, timezone", "for example {\"city\": \"Moscow\", \"country_code\": \"RU\"", "Use a GeoIP2 or GeoLite2 Country or City database"], true, null),
        new("ipinfo-layout-under-another-type", IPinfoLayout, Foreign, ["is a 'IP-to-Country-Lookup' database", "the keys as_domain, as_name, asn, continent, continent_code, country, country_code", "\"country\": \"Germany\"", "Its records look like IPinfo's: if it is an IPinfo file, set ContentGate:MaxMind:Provider to IPinfo.", "Use a GeoIP2 or GeoLite2 Country or City database"], true, null),
        new("asn-database", AsnLayout, NoCountries, ["is a 'GeoLite2-ASN' database of autonomous systems (networks)", "Set it as ContentGate:MaxMind:AsnDatabasePath", "Use a GeoIP2 or GeoLite2 Country or City database"], true, null),
        new("no-records-at-all", () => GeoDatabaseBuilderCity(), "without a single record", ["every visitor would be Unknown"], true, null),

        // --- GeoIP2 files with a record whose codes ContentGate cannot read.
        new("country-code-of-three-letters", () => Build(probe: Record(("country", Map(("iso_code", "RUS"))))), InvalidRecord, [InProbeRecord, "its country.iso_code is \"RUS\", not two letters"], true, "found"),
        new("country-code-a-number", () => Build(probe: Record(("country", Map(("iso_code", 804u))))), InvalidRecord, [InProbeRecord, "its country.iso_code is a uint32, not a string"], true, "found"),
        new("country-a-name", () => Build(probe: Record(("country", "Ukraine"))), InvalidRecord, [InProbeRecord, "its country is a string, not a map"], true, "found"),
        new("country-without-iso-code", () => Build(probe: Record(("country", Map(("geoname_id", 690_791u))))), InvalidRecord, [InProbeRecord, "its country has no iso_code"], true, "found"),
        new("subdivision-code-with-its-country", () => Build(probe: Record(("country", Map(("iso_code", "UA"))), ("subdivisions", new List<object?> { Map(("iso_code", "UA-43")) }))), InvalidRecord, [InProbeRecord, "its subdivisions[0].iso_code is \"UA-43\", not one to three letters or digits"], true, "found"),
        new("subdivisions-a-map", () => Build(probe: Record(("country", Map(("iso_code", "UA"))), ("subdivisions", Map(("iso_code", "43"))))), InvalidRecord, [InProbeRecord, "its subdivisions are a map, not an array"], true, "found"),
        new("record-a-string", () => WithProbeRecord((_, _) => new DataBytes().String("Simferopol")), InvalidRecord, [InProbeRecord, "the record is a string, not a map"], true, "found"),
    ];

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var breakage in All)
        {
            names.Add(breakage.Name);
        }

        return names;
    }

    public static Breakage Named(string name) => All.Single(b => b.Name == name);

    private static DataBytes PointerToPointer(int record, int length)
    {
        // {"country": {"iso_code": "UA"}, "a": -> "UA", "b": -> (the pointer of "a")}
        var bytes = new DataBytes().Map(3).String("country").Map(1).String("iso_code");
        var ua = record + bytes.Length;
        bytes.String("UA").String("a");
        var pointerOfA = record + bytes.Length;
        return bytes.Pointer((uint)ua).String("b").Pointer((uint)pointerOfA);
    }

    private static DataBytes Nested(DataBytes start, Func<DataBytes, DataBytes> level)
    {
        for (var i = 0; i < 600; i++)
        {
            start = level(start);
        }

        return start.String("x");
    }

    private static byte[] GeoDatabaseBuilderCity() => ContentGate.Testing.MaxMind.GeoDatabaseBuilder.City().ToArray();

    private static Dictionary<string, object?> Record(params (string Key, object? Value)[] entries) => entries.ToDictionary(e => e.Key, e => e.Value);

    private static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries) => Record(entries);
}
