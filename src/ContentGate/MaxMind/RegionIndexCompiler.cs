using System.Globalization;
using ContentGate.MaxMind.Verification;
using ContentGate.Regions;

namespace ContentGate.MaxMind;

/// <summary>
/// Compiles a verified database into a <see cref="RegionIndex"/>: decodes each distinct data record once, in the
/// file's layout (<see cref="RecordAnswerReader"/>: GeoIP2, DB-IP, IPinfo or an autonomous system file), shares one
/// <see cref="Region"/> per distinct answer, and rewrites every node of the tree into 32-bit records.
/// </summary>
/// <remarks>
/// Only for bytes <see cref="MaxMindDatabaseVerifier"/> has accepted: values are read with <see cref="VerifiedData"/>,
/// which does not check bounds again, and every data pointer of the tree (reached or not) is among the verified records.
/// </remarks>
internal static class RegionIndexCompiler
{
    private const int MaxExamples = 10;

    public static RegionIndex Compile(ReadOnlySpan<byte> file, DatabaseLayout layout, OffsetSet records)
    {
        var data = file.Slice(layout.DataStart, layout.DataLength);
        var reader = new RecordAnswerReader(layout.Schema);
        var regions = new List<Region> { Region.Unknown };
        var byAnswer = new Dictionary<(string? Country, string? First, string? Second, uint AutonomousSystem), uint>();
        var byRecord = new Dictionary<int, uint>();
        var unmappedByRecord = new Dictionary<int, (string Country, string Name)>();
        for (var record = records.Next(0); record >= 0; record = records.Next(record + 1))
        {
            reader.Read(data, record);
            byRecord[record] = AnswerOf(reader, layout.Schema, regions, byAnswer);
            if (reader.UnmappedName is { } name)
            {
                unmappedByRecord[record] = (reader.Country!, name);
            }
        }

        var nodeCount = layout.NodeCount;
        var unmappedNetworks = new Dictionary<(string Country, string Name), int>();
        var tree = GC.AllocateUninitializedArray<uint>(checked((int)(nodeCount * 2)));
        for (long node = 0; node < nodeCount; node++)
        {
            for (var side = 0; side < 2; side++)
            {
                var value = SearchTreeRecords.Read(file, layout, node, side);
                if (value < nodeCount)
                {
                    tree[(2 * node) + side] = (uint)value;
                    continue;
                }

                var answer = 0u;
                if (value != nodeCount)
                {
                    var record = (int)(value - nodeCount - DatabaseLayout.SeparatorLength);
                    answer = byRecord[record];
                    if (unmappedByRecord.Count > 0 && unmappedByRecord.TryGetValue(record, out var unmapped))
                    {
                        unmappedNetworks[unmapped] = unmappedNetworks.GetValueOrDefault(unmapped) + 1;
                    }
                }

                tree[(2 * node) + side] = checked((uint)nodeCount + answer);
            }
        }

        return new RegionIndex(tree, [.. regions], layout.IPVersion == 6) { UnmappedNames = Report(unmappedNetworks) };
    }

    private static uint AnswerOf(RecordAnswerReader reader, RecordSchema schema, List<Region> regions, Dictionary<(string?, string?, string?, uint), uint> byAnswer)
    {
        var asn = reader.AutonomousSystem;
        if (schema == RecordSchema.AutonomousSystems)
        {
            // An autonomous system file: the answers are networks, not places; the visitor's region takes the number.
            return asn == 0 ? 0 : Intern((null, null, null, asn), regions, byAnswer, () => Region.ForAutonomousSystem(asn));
        }

        if (reader.Country is not { } country)
        {
            return 0;
        }

        var subdivisions = reader.Subdivisions;
        var count = subdivisions.Count;
        if (count > 2)
        {
            // Rare (no provider nests deeper than two levels today): not worth a key of its own.
            regions.Add(Region.FromTrusted(country, [.. subdivisions], asn == 0 ? null : asn));
            return (uint)(regions.Count - 1);
        }

        var key = (country, count > 0 ? subdivisions[0] : null, count > 1 ? subdivisions[1] : null, asn);
        return Intern(key, regions, byAnswer, () => Region.FromTrusted(country, count == 0 ? null : [.. subdivisions], asn == 0 ? null : asn));
    }

    private static uint Intern((string?, string?, string?, uint) key, List<Region> regions, Dictionary<(string?, string?, string?, uint), uint> byAnswer, Func<Region> create)
    {
        if (byAnswer.TryGetValue(key, out var known))
        {
            return known;
        }

        var id = (uint)regions.Count;
        regions.Add(create());
        byAnswer[key] = id;
        return id;
    }

    private static UnmappedSubdivisionNames Report(Dictionary<(string Country, string Name), int> networks)
    {
        if (networks.Count == 0)
        {
            return UnmappedSubdivisionNames.None;
        }

        var examples = networks
            .OrderByDescending(n => n.Value)
            .ThenBy(n => n.Key.Country, StringComparer.Ordinal)
            .ThenBy(n => n.Key.Name, StringComparer.Ordinal)
            .Take(MaxExamples)
            .Select(n => string.Create(CultureInfo.InvariantCulture, $"{n.Key.Country} \"{n.Key.Name}\" ({n.Value:N0} network{(n.Value == 1 ? string.Empty : "s")})"))
            .ToList();
        return new UnmappedSubdivisionNames(networks.Count, networks.Values.Sum(), examples);
    }
}
