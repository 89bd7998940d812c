using System.Text.RegularExpressions;
using ContentGate.Tests.Infrastructure;

namespace ContentGate.Tests;

/// <summary>
/// The arrows between ContentGate's rooms point one way — address → region (Regions, MaxMind, Sources) → decision
/// (Policies, Endpoints, Decisions) → action (Actions, ReaderChoices, with Languages, Assets, Caching) →
/// response (Hosting, with Configuration compiling everything and Fragments and Health reading it) — and this test
/// fails when a file imports a room it must not. docs/architecture.md draws the same map.
/// </summary>
public sealed partial class ArchitectureTests
{
    // Every room below "response" that a room may not reach, by namespace (a room's sub-namespaces count as the room).
    private static readonly string[] Wiring = ["Hosting", "Configuration", "Fragments", "Health"];
    private static readonly string[] Addresses = ["Regions", "MaxMind", "Sources"];
    private static readonly string[] Actions = ["Actions", "ReaderChoices"];
    private static readonly string[] Rendering = ["Languages", "Assets", "Caching", "Preview"];

    public static TheoryData<string, string[]> Rules() => new()
    {
        { "Regions", [.. Wiring, .. Actions, .. Rendering, "MaxMind", "Sources", "Policies", "Decisions", "Endpoints", "Diagnostics"] },
        { "Diagnostics", [.. Wiring, .. Actions, .. Rendering, .. Addresses, "Policies", "Decisions", "Endpoints"] },
        { "MaxMind", [.. Wiring, .. Actions, .. Rendering, "Sources", "Policies", "Decisions", "Endpoints"] },
        { "Sources", [.. Wiring, .. Actions, .. Rendering, "Policies", "Decisions", "Endpoints"] },
        { "Policies", [.. Wiring, .. Actions, .. Rendering, .. Addresses[1..], "Decisions", "Endpoints", "Diagnostics"] },
        { "Endpoints", [.. Wiring, .. Actions, .. Rendering, .. Addresses, "Policies", "Decisions", "Diagnostics"] },
        { "Decisions", [.. Wiring, .. Actions, .. Rendering, .. Addresses[1..], "Diagnostics"] },
        { "Languages", [.. Wiring, .. Actions, .. Addresses[1..], "Decisions", "Endpoints", "Assets", "Caching", "Preview", "Diagnostics"] },
        { "Assets", [.. Wiring, .. Actions, .. Addresses[1..], "Decisions", "Endpoints", "Caching", "Preview", "Diagnostics"] },
        { "Caching", [.. Wiring, .. Actions, .. Addresses[1..], "Decisions", "Endpoints", "Languages", "Assets", "Preview"] },
        { "ReaderChoices", [.. Wiring, "Actions", .. Addresses[1..], "Endpoints", "Caching", "Preview", "Diagnostics"] },
        { "Actions", [.. Wiring, .. Addresses[1..], "Endpoints", "Preview"] },
        { "Preview", [.. Wiring, .. Actions, .. Addresses[1..], "Decisions", "Endpoints", "Languages", "Assets", "Caching"] },
        { "Configuration", ["Hosting", "Fragments", "Health"] },
        { "Fragments", ["Health"] },
        { "Health", ["Fragments"] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Room_ImportsOnlyRoomsItMayReach(string room, string[] forbidden)
    {
        var files = SourceFiles().Where(f => f.Room == room).ToList();
        Assert.NotEmpty(files);

        var violations = new List<string>();
        foreach (var file in files)
        {
            foreach (var imported in file.Imports)
            {
                if (imported != room && forbidden.Contains(imported))
                {
                    violations.Add($"{file.Path} ({file.Namespace}) uses ContentGate.{imported}");
                }
            }
        }

        Assert.True(violations.Count == 0, $"Room {room} may not reach {string.Join(", ", forbidden.Distinct())}:\n  " + string.Join("\n  ", violations));
    }

    [Fact]
    public void EveryRoom_HasARule()
    {
        var rooms = SourceFiles().Select(f => f.Room).Where(r => r.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
        var ruled = Rules().Select(row => (string)row[0]).Append("Hosting").ToHashSet(StringComparer.Ordinal);

        Assert.DoesNotContain(rooms, r => !ruled.Contains(r));
    }

    [Fact]
    public void FolderAndNamespace_Agree()
    {
        var problems = new List<string>();
        foreach (var file in SourceFiles())
        {
            var folder = Path.GetDirectoryName(file.Path)!.Replace(Path.DirectorySeparatorChar, '.');
            var expected = folder.Length == 0 ? "ContentGate" : "ContentGate." + folder;

            // The extension classes live in the framework's namespaces so they are found without a using.
            if (file.Namespace != expected && !file.Namespace.StartsWith("Microsoft.", StringComparison.Ordinal))
            {
                problems.Add($"{file.Path}: namespace {file.Namespace}, folder says {expected}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    // Rooms of a readable size: every hand-written C# file of the repository (packages, tool, tests, benchmarks,
    // samples) up to 500 lines. Nothing here is generated; a generated table would be named *.g.cs and is left out.
    [Fact]
    public void NoHandWrittenSourceFile_IsOver500Lines()
    {
        var problems = new List<string>();
        foreach (var top in new[] { "src", "tests", "benchmarks", "samples" })
        {
            var root = RepositoryFiles.PathOf(top);
            var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                .Where(path => !IsBuildOutput(root, path) && !path.EndsWith(".g.cs", StringComparison.Ordinal))
                .ToList();
            Assert.NotEmpty(files);
            foreach (var path in files)
            {
                var lines = File.ReadAllText(path).Split('\n').Length;
                if (lines > 500)
                {
                    problems.Add($"{Path.GetRelativePath(RepositoryFiles.Root, path)}: {lines} lines; split it (rooms of a readable size)");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    // Tests mirror src/ folder for folder: each folder of a package or the tool has its tests in the same folder of
    // its test project, and a test project's folders are those of src/ plus the few that test no folder of it.
    [Theory]
    [InlineData("ContentGate", "ContentGate.Tests", new[] { "Documentation", "Infrastructure", "PublicApi" })]
    [InlineData("ContentGate.Cli", "ContentGate.Cli.Tests", new[] { "Infrastructure" })]
    [InlineData("ContentGate.Testing", "ContentGate.Testing.Tests", new[] { "PublicApi", "Support" })]
    [InlineData("ContentGate.MaxMind.WebService", "ContentGate.MaxMind.WebService.Tests", new[] { "PublicApi" })]
    [InlineData("ContentGate.Gateway", "ContentGate.Gateway.Tests", new[] { "Infrastructure" })]
    public void TestFolders_MirrorSourceFolders(string project, string testProject, string[] testOnly)
    {
        var source = Folders(RepositoryFiles.PathOf("src", project));
        var tests = Folders(RepositoryFiles.PathOf("tests", testProject));

        Assert.Equal(source, tests.Where(f => !testOnly.Contains(f.Split(Path.DirectorySeparatorChar)[0])).ToList());
    }

    // The folders below `root` that hold C# files (build output aside), relative, sorted.
    private static List<string> Folders(string root) =>
        [.. Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(root, path))
            .Select(path => Path.GetDirectoryName(Path.GetRelativePath(root, path))!)
            .Where(folder => folder.Length > 0)
            .Distinct()
            .Order(StringComparer.Ordinal)];

    private static bool IsBuildOutput(string root, string path)
    {
        var parts = Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar);
        return parts.Contains("obj") || parts.Contains("bin") || parts.Contains("node_modules");
    }

    private static IEnumerable<SourceFile> SourceFiles()
    {
        var root = RepositoryFiles.PathOf("src", "ContentGate");
        foreach (var path in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, path);
            if (IsBuildOutput(root, path))
            {
                continue;
            }

            var text = File.ReadAllText(path);
            var ns = NamespaceDeclaration().Match(text) is { Success: true } match ? match.Groups["name"].Value : string.Empty;
            var code = Comments().Replace(text, string.Empty);
            var imports = References().Matches(code).Select(m => m.Groups["room"].Value).ToHashSet(StringComparer.Ordinal);
            yield return new SourceFile(relative, ns, RoomOf(ns, relative), imports);
        }
    }

    // The room is the first folder (the first namespace part after ContentGate); files at the root belong to none.
    private static string RoomOf(string ns, string relative)
        => ns.StartsWith("ContentGate.", StringComparison.Ordinal) ? ns["ContentGate.".Length..].Split('.')[0]
            : relative.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) ? relative.Split(Path.DirectorySeparatorChar)[0]
            : string.Empty;

    private sealed record SourceFile(string Path, string Namespace, string Room, IReadOnlySet<string> Imports);

    [GeneratedRegex(@"^namespace\s+(?<name>[\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    // using directives and qualified names alike: "using ContentGate.Policies;" and "ContentGate.Policies.PolicySet".
    [GeneratedRegex(@"\bContentGate\.(?<room>[A-Z]\w*)\b")]
    private static partial Regex References();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comments();
}
