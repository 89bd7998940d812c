using System.Collections;
using System.Collections.ObjectModel;
using System.Dynamic;
using System.Net;
using System.Text;
using ContentGate.Testing.MaxMind;
using ContentGate.Testing.Tests.Support;

namespace ContentGate.Testing.Tests.MaxMind;

/// <summary>
/// Records: every value type, size encodings, deduplication and pointers, read back with MaxMind.Db.
/// </summary>
public class MaxMindDatabaseWriterDataTests
{
    private static readonly IPNetwork Network = IPNetwork.Parse("203.0.113.0/24");

    private static Dictionary<string, object> RoundTrip(IReadOnlyDictionary<string, object?> record)
    {
        var writer = MaxMindDatabaseWriterTests.NewWriter();
        writer.Insert(Network, record);
        var found = MaxMindReaders.Find(writer.ToArray(), "203.0.113.1");
        Assert.NotNull(found);
        return found;
    }

    private static object RoundTripValue(object value) => RoundTrip(new Dictionary<string, object?> { ["v"] = value })["v"];

    [Theory]
    [InlineData("")]
    [InlineData("UA")]
    [InlineData("Кримська Автономна Республіка")]
    [InlineData("emoji 🇺🇦 and CJK 東京")]
    public void Insert_String_ReadsBackAsString(string value) => Assert.Equal(value, RoundTripValue(value));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Insert_Bool_ReadsBackAsBool(bool value) => Assert.Equal(value, RoundTripValue(value));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(200)]
    [InlineData(65_536)]
    [InlineData(-1)]
    [InlineData(-200)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void Insert_Int_ReadsBackAsInt32(int value) => Assert.Equal(value, RoundTripValue(value));

    [Theory]
    [InlineData(0u)]
    [InlineData(255u)]
    [InlineData(16_777_216u)]
    [InlineData(uint.MaxValue)]
    public void Insert_UInt_ReadsBackAsUInt32(uint value) => Assert.Equal((long)value, RoundTripValue(value));

    [Theory]
    [InlineData((ushort)0)]
    [InlineData((ushort)300)]
    [InlineData(ushort.MaxValue)]
    public void Insert_UShort_ReadsBackAsUInt16(ushort value) => Assert.Equal((int)value, RoundTripValue(value));

    [Theory]
    [InlineData(0ul)]
    [InlineData(4_294_967_296ul)]
    [InlineData(ulong.MaxValue)]
    public void Insert_ULong_ReadsBackAsUInt64(ulong value) => Assert.Equal(value, RoundTripValue(value));

    [Theory]
    [InlineData(0L)]
    [InlineData(long.MaxValue)]
    public void Insert_NonNegativeLong_ReadsBackAsUInt64(long value) => Assert.Equal((ulong)value, RoundTripValue(value));

    [Theory]
    [InlineData(-1L)]
    [InlineData((long)int.MinValue)]
    public void Insert_NegativeLongInInt32Range_ReadsBackAsInt32(long value) => Assert.Equal((int)value, RoundTripValue(value));

    [Theory]
    [InlineData(0.0)]
    [InlineData(44.952116)]
    [InlineData(-180.0)]
    [InlineData(double.MaxValue)]
    [InlineData(double.Epsilon)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    public void Insert_Double_ReadsBackBitForBit(double value)
    {
        var read = Assert.IsType<double>(RoundTripValue(value));

        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(read));
    }

    [Fact]
    public void Insert_NegativeZeroDouble_KeepsItsSign()
    {
        var read = Assert.IsType<double>(RoundTripValue(-0.0));

        Assert.True(double.IsNegative(read));
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1.5f)]
    [InlineData(-3.25e-20f)]
    [InlineData(float.MaxValue)]
    [InlineData(float.NaN)]
    public void Insert_Float_ReadsBackBitForBit(float value)
    {
        var read = Assert.IsType<float>(RoundTripValue(value));

        Assert.Equal(BitConverter.SingleToInt32Bits(value), BitConverter.SingleToInt32Bits(read));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0 })]
    [InlineData(new byte[] { 0xAB, 0xCD, 0xEF, 0x00, 0xFF })]
    public void Insert_ByteArray_ReadsBackAsBytes(byte[] value) => Assert.Equal(value, RoundTripValue(value));

    [Fact]
    public void Insert_BytesContainingTheMetadataMarker_DoNotConfuseTheReader()
    {
        // Readers look for the last marker in the file, so a marker inside the data section is harmless.
        byte[] marker = [0xAB, 0xCD, 0xEF, .. "MaxMind.com"u8];

        Assert.Equal(marker, RoundTripValue(marker));
    }

    [Fact]
    public void Insert_NestedMapsAndArrays_ReadBackWithTheSameShape()
    {
        var record = RoundTrip(new Dictionary<string, object?>
        {
            ["country"] = new Dictionary<string, object?>
            {
                ["iso_code"] = "UA",
                ["names"] = new Dictionary<string, object?> { ["en"] = "Ukraine", ["uk"] = "Україна" },
            },
            ["subdivisions"] = new[]
            {
                new Dictionary<string, object?> { ["iso_code"] = "43" },
                new Dictionary<string, object?> { ["iso_code"] = "40" },
            },
            ["matrix"] = new object[] { new[] { 1, 2 }, new object[] { "a", new object[] { true } } },
            ["empty_map"] = new Dictionary<string, object?>(),
            ["empty_array"] = Array.Empty<object>(),
        });

        var country = Assert.IsType<Dictionary<string, object>>(record["country"]);
        Assert.Equal("UA", country["iso_code"]);
        Assert.Equal("Україна", Assert.IsType<Dictionary<string, object>>(country["names"])["uk"]);
        var subdivisions = Assert.IsType<List<object>>(record["subdivisions"]);
        Assert.Equal(["43", "40"], subdivisions.Select(item => ((Dictionary<string, object>)item)["iso_code"]));
        var matrix = Assert.IsType<List<object>>(record["matrix"]);
        Assert.Equal([1, 2], Assert.IsType<List<object>>(matrix[0]));
        var inner = Assert.IsType<List<object>>(matrix[1]);
        Assert.Equal("a", inner[0]);
        Assert.Equal([true], Assert.IsType<List<object>>(inner[1]));
        Assert.Empty(Assert.IsType<Dictionary<string, object>>(record["empty_map"]));
        Assert.Empty(Assert.IsType<List<object>>(record["empty_array"]));
    }

    [Fact]
    public void Insert_NullValues_AreLeftOut()
    {
        var record = RoundTrip(new Dictionary<string, object?>
        {
            ["kept"] = "yes",
            ["dropped"] = null,
            ["list"] = new object?[] { "a", null, "b" },
        });

        Assert.False(record.ContainsKey("dropped"));
        Assert.Equal(["a", "b"], Assert.IsType<List<object>>(record["list"]));
    }

    [Fact]
    public void Insert_OtherDictionaryAndSequenceTypes_AreMapsAndArrays()
    {
        dynamic expando = new ExpandoObject();
        expando.name = "expando";
        var record = RoundTrip(new Dictionary<string, object?>
        {
            ["typed_map"] = new Dictionary<string, string> { ["en"] = "Crimea" },
            ["sorted_map"] = new SortedDictionary<string, int> { ["b"] = 2, ["a"] = 1 },
            ["read_only_map"] = new ReadOnlyDictionary<string, object?>(new Dictionary<string, object?> { ["x"] = 1.5 }),
            ["hashtable"] = new Hashtable { ["k"] = "v" },
            ["expando"] = (object)expando,
            ["list"] = new List<string> { "x", "y" },
            ["int_array"] = new[] { 3, 4 },
            ["query"] = Enumerable.Range(1, 3).Select(i => (uint)i),
        });

        Assert.Equal("Crimea", ((Dictionary<string, object>)record["typed_map"])["en"]);
        Assert.Equal(2, ((Dictionary<string, object>)record["sorted_map"])["b"]);
        Assert.Equal(1.5, ((Dictionary<string, object>)record["read_only_map"])["x"]);
        Assert.Equal("v", ((Dictionary<string, object>)record["hashtable"])["k"]);
        Assert.Equal("expando", ((Dictionary<string, object>)record["expando"])["name"]);
        Assert.Equal(["x", "y"], (List<object>)record["list"]);
        Assert.Equal([3, 4], (List<object>)record["int_array"]);
        Assert.Equal([1L, 2L, 3L], (List<object>)record["query"]);
    }

    [Theory]
    [InlineData(28)]
    [InlineData(29)]
    [InlineData(284)]
    [InlineData(285)]
    [InlineData(65_820)]
    [InlineData(65_821)]
    [InlineData(1_000_000)]
    public void Insert_StringAtSizeEncodingThreshold_ReadsBack(int length)
    {
        var value = string.Create(length, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i % 26));
            }
        });

        Assert.Equal(value, RoundTripValue(value));
    }

    [Fact]
    public void Insert_MultiByteStringAcrossThreshold_CountsUtf8Bytes()
    {
        // 15 Cyrillic letters are 30 UTF-8 bytes: the size is in bytes, not characters (29+ needs an extra byte).
        var value = new string('Ж', 15);

        Assert.Equal(value, RoundTripValue(value));
    }

    [Theory]
    [InlineData(28)]
    [InlineData(29)]
    [InlineData(284)]
    [InlineData(285)]
    [InlineData(65_820)]
    [InlineData(65_821)]
    public void Insert_BytesAtSizeEncodingThreshold_ReadsBack(int length)
    {
        var value = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();

        Assert.Equal(value, RoundTripValue(value));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(28)]
    [InlineData(29)]
    [InlineData(284)]
    [InlineData(285)]
    [InlineData(20_000)]
    public void Insert_ArrayAtSizeEncodingThreshold_ReadsBack(int count)
    {
        // MaxMind.Db decodes at most 65,536 values per lookup, so the 65,820/65,821 thresholds of arrays and
        // maps are checked with libmaxminddb in LibMaxMindDbCrossCheckTests.
        var value = Enumerable.Range(0, count).ToArray();

        Assert.Equal(value.Cast<object>(), Assert.IsType<List<object>>(RoundTripValue(value)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(28)]
    [InlineData(29)]
    [InlineData(284)]
    [InlineData(285)]
    [InlineData(10_000)]
    public void Insert_MapAtSizeEncodingThreshold_ReadsBack(int count)
    {
        var value = Enumerable.Range(0, count).ToDictionary(i => "k" + i, i => (object?)i);

        var read = Assert.IsType<Dictionary<string, object>>(RoundTripValue(value));

        Assert.Equal(count, read.Count);
        Assert.All(value, pair => Assert.Equal(pair.Value, read[pair.Key]));
    }

    [Fact]
    public void Insert_SameRecordContentForManyNetworks_StoresTheRecordOnce()
    {
        const string marker = "a-string-that-appears-in-exactly-one-record";
        var writer = MaxMindDatabaseWriterTests.NewWriter();
        for (var i = 0; i < 100; i++)
        {
            // A new dictionary instance each time: deduplication is by content, not by reference.
            writer.Insert(new IPNetwork(new IPAddress([198, 51, (byte)i, 0]), 24), new Dictionary<string, object?> { ["m"] = marker });
        }

        var database = writer.ToArray();

        Assert.Equal(1, CountOccurrences(database, Encoding.UTF8.GetBytes(marker)));
        Assert.Equal(marker, MaxMindReaders.Find(database, "198.51.99.1")?["m"]);
        Assert.Equal(marker, MaxMindReaders.Find(database, "198.51.0.1")?["m"]);
    }

    [Fact]
    public void Insert_ValueSharedByDifferentRecords_IsWrittenOnceAndReachedThroughPointers()
    {
        const string shared = "Autonomous Republic of Crimea (shared name)";
        var writer = MaxMindDatabaseWriterTests.NewWriter();
        writer.Insert(IPNetwork.Parse("203.0.113.0/25"), new Dictionary<string, object?>
        {
            ["id"] = 1,
            ["names"] = new Dictionary<string, object?> { ["en"] = shared },
        });
        writer.Insert(IPNetwork.Parse("203.0.113.128/25"), new Dictionary<string, object?>
        {
            ["id"] = 2,
            ["names"] = new Dictionary<string, object?> { ["en"] = shared },
            ["alt"] = shared,
        });
        var database = writer.ToArray();

        Assert.Equal(1, CountOccurrences(database, Encoding.UTF8.GetBytes(shared)));
        var second = MaxMindReaders.Find(database, "203.0.113.200");
        Assert.NotNull(second);
        Assert.Equal(2, second["id"]);
        Assert.Equal(shared, second["alt"]);
        Assert.Equal(shared, ((Dictionary<string, object>)second["names"])["en"]);
        Assert.Equal(1, MaxMindReaders.Find(database, "203.0.113.1")?["id"]);
    }

    [Theory]
    [InlineData(3_000)]
    [InlineData(600_000)]
    public void Insert_ValueSharedPastLargeData_UsesLongerPointers(int padding)
    {
        // The shared string is first written after `padding` bytes, so the later record reaches it through a
        // 3-byte (offset >= 2,048) or 4-byte (offset >= 526,336) pointer.
        const string shared = "shared text that is far away in the data section";
        var writer = MaxMindDatabaseWriterTests.NewWriter();
        writer.Insert(IPNetwork.Parse("192.0.2.0/24"), new Dictionary<string, object?>
        {
            ["a"] = new byte[padding],
            ["b"] = shared,
        });
        writer.Insert(IPNetwork.Parse("198.51.100.0/24"), new Dictionary<string, object?> { ["far"] = shared });
        var database = writer.ToArray();

        Assert.Equal(1, CountOccurrences(database, Encoding.UTF8.GetBytes(shared)));
        Assert.Equal(shared, MaxMindReaders.Find(database, "198.51.100.1")?["far"]);
        Assert.Equal(shared, MaxMindReaders.Find(database, "192.0.2.1")?["b"]);
    }

    [Fact]
    public void Insert_UnsupportedValueType_ThrowsNamingThePath()
    {
        var writer = MaxMindDatabaseWriterTests.NewWriter();

        var exception = Assert.Throws<ArgumentException>(() => writer.Insert(Network, new Dictionary<string, object?>
        {
            ["location"] = new Dictionary<string, object?> { ["accuracy"] = 12.5m },
        }));

        Assert.Contains("'location.accuracy'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("System.Decimal", exception.Message, StringComparison.Ordinal);
        Assert.Equal("record", exception.ParamName);
    }

    [Fact]
    public void Insert_UnsupportedValueInArray_ThrowsNamingTheIndex()
    {
        var writer = MaxMindDatabaseWriterTests.NewWriter();

        var exception = Assert.Throws<ArgumentException>(() => writer.Insert(Network, new Dictionary<string, object?>
        {
            ["subdivisions"] = new object[] { "ok", DateTime.UnixEpoch },
        }));

        Assert.Contains("'subdivisions[1]'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("System.DateTime", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UnsupportedScalars))]
    public void Insert_UnsupportedScalar_Throws(object value)
    {
        var writer = MaxMindDatabaseWriterTests.NewWriter();

        var exception = Assert.Throws<ArgumentException>(() => writer.Insert(Network, new Dictionary<string, object?> { ["v"] = value }));

        Assert.Contains(value.GetType().FullName!, exception.Message, StringComparison.Ordinal);
    }

    public static TheoryData<object> UnsupportedScalars() =>
    [
        (byte)1, (sbyte)1, (short)1, 'c', 1.5m, Guid.Empty, new object(), IPAddress.Loopback, new UInt128(1, 1),
    ];

    [Fact]
    public void Insert_NegativeLongBelowInt32Range_Throws()
    {
        var writer = MaxMindDatabaseWriterTests.NewWriter();

        var exception = Assert.Throws<ArgumentException>(() =>
            writer.Insert(Network, new Dictionary<string, object?> { ["v"] = (long)int.MinValue - 1 }));

        Assert.Contains("no signed 64-bit type", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Insert_MapWithNonStringKeys_Throws()
    {
        var writer = MaxMindDatabaseWriterTests.NewWriter();

        var exception = Assert.Throws<ArgumentException>(() =>
            writer.Insert(Network, new Dictionary<string, object?> { ["m"] = new Dictionary<int, string> { [1] = "one" } }));

        Assert.Contains("keys must be strings", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Insert_MapContainingItself_ThrowsInsteadOfOverflowingTheStack()
    {
        var writer = MaxMindDatabaseWriterTests.NewWriter();
        var cyclic = new Dictionary<string, object?>();
        cyclic["self"] = cyclic;

        var exception = Assert.Throws<ArgumentException>(() => writer.Insert(Network, cyclic));

        Assert.Contains("levels deep", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Insert_StringWithUnpairedSurrogate_Throws()
    {
        var writer = MaxMindDatabaseWriterTests.NewWriter();

        var exception = Assert.Throws<ArgumentException>(() =>
            writer.Insert(Network, new Dictionary<string, object?> { ["name"] = "bad \uD800 text" }));

        Assert.Contains("'name'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Insert_DuplicateKeysInAPairSequence_Throws()
    {
        var writer = MaxMindDatabaseWriterTests.NewWriter();
        var pairs = new List<KeyValuePair<string, object?>> { new("k", 1), new("k", 2) };

        var exception = Assert.Throws<ArgumentException>(() =>
            writer.Insert(Network, new Dictionary<string, object?> { ["m"] = pairs }));

        Assert.Contains("'k' more than once", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Insert_RejectedRecord_LeavesTheWriterUnchanged()
    {
        var writer = MaxMindDatabaseWriterTests.NewWriter();
        writer.Insert(Network, MaxMindDatabaseWriterTests.Named("kept"));
        var before = writer.ToArray();

        Assert.Throws<ArgumentException>(() => writer.Insert(
            IPNetwork.Parse("198.51.100.0/24"), new Dictionary<string, object?> { ["bad"] = 1m }));

        Assert.Equal(before, writer.ToArray());
    }

    [Fact]
    public void Insert_RecordChangedAfterInsert_KeepsTheInsertedContent()
    {
        var writer = MaxMindDatabaseWriterTests.NewWriter();
        var record = MaxMindDatabaseWriterTests.Named("original");
        writer.Insert(Network, record);
        record["name"] = "changed";

        Assert.Equal("original", MaxMindReaders.Find(writer.ToArray(), "203.0.113.1")?["name"]);
    }

    private static int CountOccurrences(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle)
    {
        var count = 0;
        int index;
        while ((index = haystack.IndexOf(needle)) >= 0)
        {
            count++;
            haystack = haystack[(index + needle.Length)..];
        }

        return count;
    }
}
