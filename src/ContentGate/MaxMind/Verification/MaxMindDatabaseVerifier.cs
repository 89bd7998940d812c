using System.Globalization;

namespace ContentGate.MaxMind.Verification;

/// <summary>
/// Verifies a whole database file before anything is served from it: the metadata, every search tree node, the
/// separator, every data record the tree points at (and every value those records point at), and the fields
/// ContentGate reads. Returns the first defect in the order of <see cref="MaxMindDatabaseDefectKind"/>, or
/// <see langword="null"/>.
/// </summary>
/// <remarks>
/// <para>
/// MaxMind's reader checks almost nothing when it opens a file: a damaged record throws only when a visitor from that
/// network arrives (and damage in a field ContentGate's model skips is never noticed), and a file in another
/// provider's layout never throws at all. Reading every record once at load costs about a second for a GeoIP2 City-sized file (see
/// docs/performance.md) and turns both into a start-up error, or a rejected replacement while the old file keeps serving.
/// </para>
/// <para>
/// Verification cannot tell a plausible wrong value from a right one (a subdivision code changed from 43 to 44 by a
/// flipped bit); download integrity is geoipupdate's job, which checks each download against MaxMind's checksum.
/// </para>
/// </remarks>
internal static class MaxMindDatabaseVerifier
{
    public static MaxMindDatabaseDefect? Verify(ReadOnlySpan<byte> file, DatabaseProvider provider = DatabaseProvider.Auto) => Verify(file, out _, out _, provider);

    /// <summary>
    /// Verifies the file; when it is sound, also gives its <paramref name="layout"/> and the data section offsets of
    /// every record its search tree points at (<paramref name="records"/>, each verified), so that the region index
    /// is compiled from verified records only. Both are <see langword="null"/> when a defect is returned. The records are
    /// checked in the layout <paramref name="provider"/> and the file's type say (<see cref="DatabaseLayout.Schema"/>).
    /// </summary>
    public static MaxMindDatabaseDefect? Verify(ReadOnlySpan<byte> file, out DatabaseLayout? layout, out OffsetSet? records, DatabaseProvider provider = DatabaseProvider.Auto)
    {
        var defect = VerifyAll(file, provider, out var verifiedLayout, out var verifiedRecords);
        layout = defect is null ? verifiedLayout : null;
        records = defect is null ? verifiedRecords : null;
        return defect;
    }

    private static MaxMindDatabaseDefect? VerifyAll(ReadOnlySpan<byte> file, DatabaseProvider provider, out DatabaseLayout? verifiedLayout, out OffsetSet? verifiedRecords)
    {
        verifiedLayout = null;
        verifiedRecords = null;
        if (MetadataSection.TryRead(file, out var read) is { } notMaxMindDb)
        {
            return new MaxMindDatabaseDefect(MaxMindDatabaseDefectKind.NotMaxMindDb, notMaxMindDb);
        }

        var layout = read with { Schema = RecordSchemas.Detect(read.DatabaseType, provider) };

        var separatorAt = (int)layout.TreeLength;
        if (file.Slice(separatorAt, DatabaseLayout.SeparatorLength).ContainsAnyExcept((byte)0))
        {
            return new MaxMindDatabaseDefect(MaxMindDatabaseDefectKind.Corrupt,
                string.Create(CultureInfo.InvariantCulture, $"the 16 bytes that must separate the search tree from the data section are not all zero, so the node count ({layout.NodeCount:N0}) does not match the tree"),
                string.Create(CultureInfo.InvariantCulture, $"at file offset {separatorAt:N0}"));
        }

        var records = new OffsetSet(layout.DataLength);
        verifiedLayout = layout;
        verifiedRecords = records;
        if (SearchTreeVerifier.Verify(file, layout, records) is { } tree)
        {
            return new MaxMindDatabaseDefect(MaxMindDatabaseDefectKind.Corrupt, $"the record {tree.What}", tree.Where);
        }

        var data = file.Slice(layout.DataStart, layout.DataLength);
        var values = new DataValueVerifier(data.Length);
        var schema = RecordSchemaCheck.For(layout.Schema);
        for (var record = records.Next(0); record >= 0; record = records.Next(record + 1))
        {
            if (values.Verify(data, record, out var at) is { } problem)
            {
                return new MaxMindDatabaseDefect(MaxMindDatabaseDefectKind.Corrupt, problem, RecordWhere(file, layout, record, at));
            }

            schema.Check(data, record);
        }

        if (schema.Recognized == 0)
        {
            var example = schema.ForeignExample is { } offset ? DataValueText.Render(data, offset) : "{}";
            return new MaxMindDatabaseDefect(MaxMindDatabaseDefectKind.ForeignSchema, $"no record {schema.Expected}")
            {
                Foreign = new ForeignLayout(layout.DatabaseType, schema.Records, schema.ForeignKeys, example) { Schema = layout.Schema },
            };
        }

        if (schema.FirstProblem is { } invalid)
        {
            return new MaxMindDatabaseDefect(MaxMindDatabaseDefectKind.InvalidRecord, invalid.What, RecordWhere(file, layout, invalid.Record, invalid.At));
        }

        return null;
    }

    private static string RecordWhere(ReadOnlySpan<byte> file, DatabaseLayout layout, int record, int at)
    {
        var (networks, total) = SearchTreeNetworks.PointingAt(file, layout, record);
        var who = total == 0
            ? "no network a lookup reaches"
            : string.Join(", ", networks) + (total > networks.Count ? string.Create(CultureInfo.InvariantCulture, $" and {total - networks.Count:N0} more networks") : string.Empty);
        var place = string.Create(CultureInfo.InvariantCulture, $"data section offset {record:N0}, file offset {layout.DataStart + record:N0}");
        return at == record
            ? $"in the record for {who} ({place})"
            : string.Create(CultureInfo.InvariantCulture, $"in the record for {who} ({place}; the field at fault is at data section offset {at:N0})");
    }
}
