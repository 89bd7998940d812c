using ContentGate.MaxMind.Verification;
using ContentGate.Regions;

namespace ContentGate.MaxMind;

/// <summary>
/// Compiles a verified database into a <see cref="RegionIndex"/>: decodes each distinct data record once (its
/// <c>country.iso_code</c> and <c>subdivisions[].iso_code</c>, as <see cref="CountryAndSubdivisions"/> reads them),
/// shares one <see cref="Region"/> per distinct answer, and rewrites every node of the tree into 32-bit records.
/// </summary>
/// <remarks>
/// Only for bytes <see cref="MaxMindDatabaseVerifier"/> has accepted: values are read with <see cref="VerifiedData"/>,
/// which does not check bounds again, and every data pointer of the tree (reached or not) is among the verified records.
/// </remarks>
internal static class RegionIndexCompiler
{
    public static RegionIndex Compile(ReadOnlySpan<byte> file, DatabaseLayout layout, OffsetSet records)
    {
        var data = file.Slice(layout.DataStart, layout.DataLength);
        var regions = new List<Region> { Region.Unknown };
        var byAnswer = new Dictionary<(string Country, string? First, string? Second), uint>();
        var byRecord = new Dictionary<int, uint>();
        for (var record = records.Next(0); record >= 0; record = records.Next(record + 1))
        {
            byRecord[record] = AnswerOf(data, record, regions, byAnswer);
        }

        var nodeCount = layout.NodeCount;
        var tree = GC.AllocateUninitializedArray<uint>(checked((int)(nodeCount * 2)));
        for (long node = 0; node < nodeCount; node++)
        {
            for (var side = 0; side < 2; side++)
            {
                var value = SearchTreeRecords.Read(file, layout, node, side);
                tree[(2 * node) + side] = value < nodeCount
                    ? (uint)value
                    : checked((uint)nodeCount + (value == nodeCount ? 0u : byRecord[(int)(value - nodeCount - DatabaseLayout.SeparatorLength)]));
            }
        }

        return new RegionIndex(tree, [.. regions], layout.IPVersion == 6);
    }

    private static uint AnswerOf(ReadOnlySpan<byte> data, int record, List<Region> regions, Dictionary<(string, string?, string?), uint> byAnswer)
    {
        var map = VerifiedData.Resolve(data, record, out _, out _);
        if (map.Type != DataFieldType.Map)
        {
            return 0;
        }

        string? country = null;
        List<string>? subdivisions = null;
        var position = map.PayloadStart;
        for (var i = 0; i < map.Size; i++)
        {
            var key = VerifiedData.Utf8(data, position);
            position = VerifiedData.Skip(data, position);
            if (key.SequenceEqual("country"u8))
            {
                country = IsoCode(data, position);
            }
            else if (key.SequenceEqual("subdivisions"u8))
            {
                subdivisions = Subdivisions(data, position);
            }

            position = VerifiedData.Skip(data, position);
        }

        if (!IsoCodes.TryNormalizeCountry(country, out var countryCode))
        {
            return 0;
        }

        var count = subdivisions?.Count ?? 0;
        var answer = (countryCode, count > 0 ? subdivisions![0] : null, count > 1 ? subdivisions![1] : null);
        if (count <= 2 && byAnswer.TryGetValue(answer, out var known))
        {
            return known;
        }

        var id = (uint)regions.Count;
        regions.Add(Compose(countryCode, subdivisions));
        if (count <= 2)
        {
            byAnswer[answer] = id;
        }

        return id;
    }

    /// <summary>The <c>iso_code</c> of the map at <paramref name="position"/>, or <see langword="null"/>.</summary>
    private static string? IsoCode(ReadOnlySpan<byte> data, int position)
    {
        var map = VerifiedData.Resolve(data, position, out _, out _);
        if (map.Type != DataFieldType.Map || VerifiedData.Find(data, map, "iso_code"u8) is var code && code < 0)
        {
            return null;
        }

        var value = VerifiedData.Resolve(data, code, out _, out _);
        return value.Type == DataFieldType.Utf8String ? VerifiedData.String(data, code) : null;
    }

    private static List<string>? Subdivisions(ReadOnlySpan<byte> data, int position)
    {
        var list = VerifiedData.Resolve(data, position, out _, out _);
        if (list.Type != DataFieldType.Array)
        {
            return null;
        }

        var codes = new List<string>(list.Size);
        var item = list.PayloadStart;
        for (var i = 0; i < list.Size; i++)
        {
            // A subdivision without a code is skipped, as the reader's model leaves its IsoCode null.
            if (IsoCode(data, item) is { } code)
            {
                codes.Add(code);
            }

            item = VerifiedData.Skip(data, item);
        }

        return codes;
    }

    private static Region Compose(string country, List<string>? subdivisions)
    {
        if (subdivisions is null || subdivisions.Count == 0)
        {
            return Region.FromTrusted(country, null);
        }

        var codes = new List<string>(subdivisions.Count);
        foreach (var subdivision in subdivisions)
        {
            if (IsoCodes.ComposeSubdivision(country, subdivision) is { } code)
            {
                codes.Add(code);
            }
        }

        return Region.FromTrusted(country, [.. codes]);
    }
}
