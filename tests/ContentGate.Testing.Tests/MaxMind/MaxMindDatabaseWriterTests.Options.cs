using System.Net;
using ContentGate.Testing.MaxMind;
using ContentGate.Testing.Tests.Support;
using MaxMind.Db;

namespace ContentGate.Testing.Tests.MaxMind;

// Metadata, identical bytes for identical inputs, every way to write the file, and the writer's options.
public partial class MaxMindDatabaseWriterTests
{
    [Fact]
    public void Metadata_ReadBackByTheReader()
    {
        var writer = new MaxMindDatabaseWriter(new MaxMindDatabaseWriterOptions
        {
            DatabaseType = "ContentGate-Test-Metadata",
            Languages = { "en", "de" },
            Descriptions = { ["en"] = "Test database", ["de"] = "Testdatenbank" },
            BuildEpoch = new DateTimeOffset(2024, 2, 29, 12, 30, 15, TimeSpan.Zero),
        });
        using var reader = MaxMindReaders.Open(writer.ToArray());

        Assert.Equal("ContentGate-Test-Metadata", reader.Metadata.DatabaseType);
        Assert.Equal(["en", "de"], reader.Metadata.Languages);
        Assert.Equal("Test database", reader.Metadata.Description["en"]);
        Assert.Equal("Testdatenbank", reader.Metadata.Description["de"]);
        Assert.Equal(new DateTime(2024, 2, 29, 12, 30, 15, DateTimeKind.Utc), reader.Metadata.BuildDate);
        Assert.Equal(2, reader.Metadata.BinaryFormatMajorVersion);
        Assert.Equal(0, reader.Metadata.BinaryFormatMinorVersion);
        Assert.Equal(6, reader.Metadata.IPVersion);
    }

    [Fact]
    public void Metadata_BuildEpochDefaultsToAFixedInstant()
    {
        using var reader = MaxMindReaders.Open(NewWriter().ToArray());

        Assert.Equal(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), reader.Metadata.BuildDate);
    }

    [Fact]
    public void Write_SameInputsTwice_ProducesIdenticalBytes()
    {
        static byte[] Build()
        {
            var writer = NewWriter();
            writer.Insert(IPNetwork.Parse("203.0.113.0/24"), new Dictionary<string, object?>
            {
                ["z"] = 1, ["a"] = "first", ["m"] = new Dictionary<string, object?> { ["k2"] = 2.5, ["k1"] = true },
            });
            writer.Insert(IPNetwork.Parse("2001:db8::/48"), Named("v6"));
            writer.Insert(IPNetwork.Parse("203.0.113.128/25"), Named("v6"));
            return writer.ToArray();
        }

        Assert.Equal(Build(), Build());
    }

    [Fact]
    public void Write_MapKeyOrder_DoesNotChangeTheBytes()
    {
        var first = NewWriter();
        first.Insert(IPNetwork.Parse("203.0.113.0/24"), new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 });
        var second = NewWriter();
        second.Insert(IPNetwork.Parse("203.0.113.0/24"), new Dictionary<string, object?> { ["b"] = 2, ["a"] = 1 });

        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public void WriteTo_StreamFileAndArray_WriteTheSameBytes()
    {
        var writer = NewWriter();
        writer.Insert(IPNetwork.Parse("203.0.113.0/24"), Named("doc"));
        using var directory = new TemporaryDirectory();
        var path = directory.File("same.mmdb");
        using var stream = new MemoryStream();

        writer.WriteTo(stream);
        writer.WriteTo(path);
        var array = writer.ToArray();

        Assert.Equal(array, stream.ToArray());
        Assert.Equal(array, File.ReadAllBytes(path));
    }

    [Fact]
    public void WriteTo_File_OpensWithTheMemoryMappedReader()
    {
        var writer = NewWriter();
        writer.Insert(IPNetwork.Parse("203.0.113.0/24"), Named("doc"));
        using var directory = new TemporaryDirectory();
        var path = directory.File("mapped.mmdb");
        writer.WriteTo(path);

        using var reader = new Reader(path, FileAccessMode.MemoryMapped);

        Assert.Equal("doc", reader.Find<Dictionary<string, object>>(IPAddress.Parse("203.0.113.1"))?["name"]);
    }

    [Fact]
    public void Write_AfterMoreInserts_IncludesThem()
    {
        var writer = NewWriter();
        writer.Insert(IPNetwork.Parse("203.0.113.0/24"), Named("first"));
        var before = writer.ToArray();
        writer.Insert(IPNetwork.Parse("198.51.100.0/24"), Named("second"));
        var after = writer.ToArray();

        Assert.Null(MaxMindReaders.Find(before, "198.51.100.1"));
        Assert.Equal("second", NameAt(after, "198.51.100.1"));
        Assert.Equal("first", NameAt(after, "203.0.113.1"));
    }

    [Theory]
    [InlineData(5, 28, "IPVersion")]
    [InlineData(6, 26, "RecordSize")]
    [InlineData(6, 64, "RecordSize")]
    public void Constructor_InvalidShape_ThrowsNamingTheOption(int ipVersion, int recordSize, string option)
    {
        var exception = Assert.Throws<ArgumentException>(() => NewWriter(ipVersion, recordSize));

        Assert.Contains(option, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Constructor_BlankDatabaseType_Throws(string databaseType)
    {
        var exception = Assert.Throws<ArgumentException>(() =>
            new MaxMindDatabaseWriter(new MaxMindDatabaseWriterOptions { DatabaseType = databaseType }));

        Assert.Contains("DatabaseType", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BuildEpochBefore1970_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => new MaxMindDatabaseWriter(new MaxMindDatabaseWriterOptions
        {
            DatabaseType = "x",
            BuildEpoch = new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.Zero),
        }));

        Assert.Contains("BuildEpoch", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_OptionsChangedAfterwards_DoNotAffectTheWriter()
    {
        var options = new MaxMindDatabaseWriterOptions { DatabaseType = "Original", Languages = { "en" } };
        var writer = new MaxMindDatabaseWriter(options);
        options.DatabaseType = "Changed";
        options.Languages.Add("fr");
        options.RecordSize = 99;

        using var reader = MaxMindReaders.Open(writer.ToArray());

        Assert.Equal("Original", reader.Metadata.DatabaseType);
        Assert.Equal(["en"], reader.Metadata.Languages);
    }
}
