using System.Globalization;

namespace ContentGate.MaxMind.Verification;

/// <summary>
/// Finds and checks a file's metadata (the map after the last <c>\xAB\xCD\xEFMaxMind.com</c> marker) and works out the
/// layout from it. Whatever goes wrong here means the file is not a MaxMind DB, or not all of one.
/// </summary>
internal static class MetadataSection
{
    /// <summary>The specification's limit for the metadata, marker included.</summary>
    private const int MaxLength = 128 * 1024;

    private static ReadOnlySpan<byte> Marker => [0xAB, 0xCD, 0xEF, 0x4D, 0x61, 0x78, 0x4D, 0x69, 0x6E, 0x64, 0x2E, 0x63, 0x6F, 0x6D]; // "\xAB\xCD\xEFMaxMind.com"

    /// <summary>Reads the layout, or returns why the file is not a (whole) MaxMind DB.</summary>
    public static string? TryRead(ReadOnlySpan<byte> file, out DatabaseLayout layout)
    {
        layout = null!;
        var searchFrom = Math.Max(0, file.Length - MaxLength);
        var found = file[searchFrom..].LastIndexOf(Marker);
        if (found < 0)
        {
            return file.Length == 0
                ? "the file is empty"
                : "it has no MaxMind DB metadata marker in its last 128 KiB";
        }

        var markerAt = searchFrom + found;
        var metadata = file[(markerAt + Marker.Length)..];
        if (metadata.IsEmpty)
        {
            return "its metadata is missing: the file ends with the metadata marker";
        }

        if (new DataValueVerifier(metadata.Length).Verify(metadata, 0, out var at) is { } problem)
        {
            return string.Create(CultureInfo.InvariantCulture, $"its metadata cannot be decoded at its offset {at:N0}: {problem}");
        }

        var map = VerifiedData.Resolve(metadata, 0, out _, out _);
        if (map.Type != DataFieldType.Map)
        {
            return $"its metadata is {DataValueVerifier.Describe(map.Type)}, not a map";
        }

        var major = Number(metadata, map, "binary_format_major_version"u8);
        if (major != 2)
        {
            return major is null
                ? "its metadata has no binary_format_major_version"
                : $"it is in version {major} of the MaxMind DB format; ContentGate reads version 2";
        }

        var ipVersion = Number(metadata, map, "ip_version"u8);
        if (ipVersion is not (4 or 6))
        {
            return $"its metadata's ip_version is {Shown(ipVersion)}, not 4 or 6";
        }

        var recordSize = Number(metadata, map, "record_size"u8);
        if (recordSize is not (24 or 28 or 32))
        {
            return $"its metadata's record_size is {Shown(recordSize)}, not 24, 28 or 32";
        }

        var nodeCount = Number(metadata, map, "node_count"u8);
        if (nodeCount is null or 0 or > uint.MaxValue)
        {
            return $"its metadata's node_count is {Shown(nodeCount)}, not a positive 32-bit number";
        }

        var buildEpoch = Number(metadata, map, "build_epoch"u8);
        if (buildEpoch is null || buildEpoch > (ulong)(DateTimeOffset.MaxValue.ToUnixTimeSeconds()))
        {
            return $"its metadata's build_epoch is {Shown(buildEpoch)}, not a date";
        }

        var type = VerifiedData.Find(metadata, map, "database_type"u8);
        if (type < 0 || VerifiedData.Resolve(metadata, type, out _, out _).Type != DataFieldType.Utf8String)
        {
            return "its metadata has no database_type string";
        }

        // What MaxMind's reader decodes besides: a map of strings and a list of strings, both optional.
        if (ContainerOfStrings(metadata, map, "description"u8, DataFieldType.Map) is { } description)
        {
            return description;
        }

        if (ContainerOfStrings(metadata, map, "languages"u8, DataFieldType.Array) is { } languages)
        {
            return languages;
        }

        var nodeLength = (int)recordSize / 4;
        var treeLength = (long)nodeCount * nodeLength;
        var dataStart = treeLength + DatabaseLayout.SeparatorLength;
        if (dataStart > markerAt)
        {
            return string.Create(CultureInfo.InvariantCulture, $"its search tree of {nodeCount:N0} nodes needs {dataStart:N0} bytes with the separator, but only {markerAt:N0} bytes come before the metadata");
        }

        layout = new DatabaseLayout((int)ipVersion, (int)recordSize, (long)nodeCount, VerifiedData.String(metadata, type), (int)dataStart, markerAt - (int)dataStart)
        {
            BuildDate = DateTime.UnixEpoch.AddSeconds(buildEpoch.Value),
        };
        return null;
    }

    private static ulong? Number(ReadOnlySpan<byte> metadata, DataField map, ReadOnlySpan<byte> key)
    {
        var value = VerifiedData.Find(metadata, map, key);
        return value < 0 ? null : VerifiedData.Unsigned(metadata, value);
    }

    private static string Shown(ulong? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "missing or not a number";

    private static string? ContainerOfStrings(ReadOnlySpan<byte> metadata, DataField map, ReadOnlySpan<byte> key, DataFieldType type)
    {
        var value = VerifiedData.Find(metadata, map, key);
        if (value < 0)
        {
            return null;
        }

        var name = System.Text.Encoding.UTF8.GetString(key);
        var container = VerifiedData.Resolve(metadata, value, out _, out _);
        if (container.Type != type)
        {
            return $"its metadata's {name} is {DataValueVerifier.Describe(container.Type)}, not {DataValueVerifier.Describe(type)}";
        }

        var position = container.PayloadStart;
        var values = type == DataFieldType.Map ? 2 * container.Size : container.Size;
        for (var i = 0; i < values; i++)
        {
            var item = VerifiedData.Resolve(metadata, position, out _, out _);
            if (item.Type != DataFieldType.Utf8String)
            {
                return $"its metadata's {name} holds {DataValueVerifier.Describe(item.Type)}, not only strings";
            }

            position = VerifiedData.Skip(metadata, position);
        }

        return null;
    }
}
