using System.Globalization;
using System.Text;
using System.Text.Json;
using ContentGate.Regions;
using ContentGate.Tests.Infrastructure;

namespace ContentGate.Tests.Regions;

/// <summary>
/// The ISO 3166-2 table the package carries (<c>src/ContentGate/Regions/IsoSubdivisions.g.cs</c>) is Debian's
/// <c>iso-codes</c> list as installed on this machine (<c>scripts/test.sh</c> installs the package).
/// </summary>
/// <remarks>
/// To update the table after a new iso-codes release is installed:
/// <c>CONTENTGATE_UPDATE_ISO_CODES=1 dotnet test tests/ContentGate.Tests --filter FullyQualifiedName~IsoSubdivisionTableTests</c>,
/// then review and commit the diff (and the README if a code it shows changed).
/// </remarks>
public sealed class IsoSubdivisionTableTests
{
    private const string UpdateVariable = "CONTENTGATE_UPDATE_ISO_CODES";
    private const string InstalledList = "/usr/share/iso-codes/json/iso_3166-2.json";
    private const string InstalledVersionFile = "/usr/share/pkgconfig/iso-codes.pc";
    private const string TableFile = "src/ContentGate/Regions/IsoSubdivisions.g.cs";
    private const string TableStart = "    private const string Table = \"\"\"\n";
    private const string TableEnd = "        \"\"\";\n";

    [Fact]
    public void CommittedTable_IsTheInstalledIsoCodesList()
    {
        var installed = Installed();
        var generated = Generate(installed, InstalledVersion());
        var path = RepositoryFiles.PathOf(TableFile.Split('/'));
        var committed = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : string.Empty;

        // The entries decide; the header only records which iso-codes release wrote them, so a machine with another
        // release of the same list passes.
        if (TableOf(committed) == TableOf(generated))
        {
            return;
        }

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, generated);
            return;
        }

        var committedCodes = IsoSubdivisions.All.ToDictionary(s => s.Code, StringComparer.Ordinal);
        var installedCodes = installed.ToDictionary(s => s.Code, StringComparer.Ordinal);
        var added = installedCodes.Keys.Except(committedCodes.Keys).Order(StringComparer.Ordinal).ToList();
        var removed = committedCodes.Keys.Except(installedCodes.Keys).Order(StringComparer.Ordinal).ToList();
        var changed = installedCodes.Keys.Intersect(committedCodes.Keys).Where(c => installedCodes[c] != committedCodes[c]).Order(StringComparer.Ordinal).ToList();
        Assert.Fail(
            $"{TableFile} is not the ISO 3166-2 list of the installed iso-codes ({InstalledVersion()}): " +
            $"added {Summary(added)}; removed {Summary(removed)}; changed {Summary(changed)}. Regenerate it with\n" +
            $"  {UpdateVariable}=1 dotnet test tests/ContentGate.Tests --filter FullyQualifiedName~{nameof(IsoSubdivisionTableTests)}\n" +
            "and review the diff before committing it: a removed code makes configurations that list it fail at start-up.");
    }

    [Fact]
    public void CompiledTable_ReadsEveryEntryOfTheInstalledList()
    {
        var installed = Installed();

        Assert.Equal(installed.Count, IsoSubdivisions.All.Count);
        Assert.Equal(installed, IsoSubdivisions.All);
        Assert.All(installed, s => Assert.True(IsoSubdivisions.TryGet(s.Code.ToLowerInvariant(), out var found) && found == s, s.Code));
    }

    private static string Summary(List<string> codes)
        => codes.Count == 0 ? "none" : string.Join(", ", codes.Take(10)) + (codes.Count > 10 ? $" and {codes.Count - 10} more" : string.Empty);

    private static List<IsoSubdivision> Installed()
    {
        Assert.True(File.Exists(InstalledList), $"{InstalledList} is missing: install Debian's iso-codes package (scripts/test.sh does).");
        using var document = JsonDocument.Parse(File.ReadAllBytes(InstalledList));
        return
        [
            .. document.RootElement.GetProperty("3166-2").EnumerateArray().Select(e => new IsoSubdivision(
                e.GetProperty("code").GetString()!,
                e.GetProperty("name").GetString()!,
                e.GetProperty("type").GetString()!)),
        ];
    }

    private static string InstalledVersion()
    {
        var line = File.Exists(InstalledVersionFile)
            ? File.ReadLines(InstalledVersionFile).FirstOrDefault(l => l.StartsWith("Version:", StringComparison.Ordinal))
            : null;
        return line is null ? "iso-codes, version unknown" : "iso-codes " + line["Version:".Length..].Trim();
    }

    private static string TableOf(string file)
    {
        var start = file.IndexOf(TableStart, StringComparison.Ordinal);
        var end = start < 0 ? -1 : file.IndexOf(TableEnd, start, StringComparison.Ordinal);
        return start < 0 || end < 0 ? string.Empty : file[start..end];
    }

    private static string Generate(List<IsoSubdivision> subdivisions, string version)
    {
        var text = new StringBuilder();
        text.Append("// <auto-generated>\n");
        text.Append(CultureInfo.InvariantCulture, $"// The ISO 3166-2 list of Debian's {version} ({InstalledList}),\n");
        text.Append(CultureInfo.InvariantCulture, $"// written by tests/ContentGate.Tests/Regions/{nameof(IsoSubdivisionTableTests)}.cs. Do not edit; to update, install the\n");
        text.Append("// newer iso-codes and run\n");
        text.Append(CultureInfo.InvariantCulture, $"//   {UpdateVariable}=1 dotnet test tests/ContentGate.Tests --filter FullyQualifiedName~{nameof(IsoSubdivisionTableTests)}\n");
        text.Append("// </auto-generated>\n\n");
        text.Append("namespace ContentGate.Regions;\n\n");
        text.Append("internal static partial class IsoSubdivisions\n{\n");
        text.Append(CultureInfo.InvariantCulture, $"    // {subdivisions.Count} subdivisions, one a line: code|type|name.\n");
        text.Append(TableStart);
        foreach (var s in subdivisions)
        {
            Assert.DoesNotContain('|', s.Name + s.Type);
            Assert.DoesNotContain("\"\"\"", s.Name + s.Type, StringComparison.Ordinal);
            text.Append(CultureInfo.InvariantCulture, $"        {s.Code}|{s.Type}|{s.Name}\n");
        }

        text.Append(TableEnd);
        text.Append("}\n");
        return text.ToString();
    }
}
