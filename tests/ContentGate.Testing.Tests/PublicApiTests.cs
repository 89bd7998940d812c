using ContentGate.Testing.MaxMind;
using PublicApiGenerator;

namespace ContentGate.Testing.Tests;

/// <summary>
/// Keeps the package's public surface deliberate: any change to it shows up as a diff of the approved file.
/// </summary>
public class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesTheApprovedFile()
    {
        var actual = typeof(MaxMindDatabaseWriter).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            IncludeAssemblyAttributes = false,
            DenyNamespacePrefixes = [],
        }).ReplaceLineEndings("\n");
        var approvedPath = Path.Combine(SourceDirectory(), "PublicApi", "ContentGate.Testing.approved.txt");
        var receivedPath = Path.Combine(SourceDirectory(), "PublicApi", "ContentGate.Testing.received.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : string.Empty;

        if (!string.Equals(approved, actual, StringComparison.Ordinal))
        {
            File.WriteAllText(receivedPath, actual);
            Assert.Fail(
                $"The public API changed. Review {receivedPath} and, if the change is intended, replace {approvedPath} with it.");
        }

        File.Delete(receivedPath);
    }

    // The test project's folder, found from the output folder: CallerFilePath is useless here because CI builds
    // map source paths to /_/ for deterministic output.
    private static string SourceDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ContentGate.Testing.Tests.csproj")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ContentGate.Testing.Tests.csproj not found above the test output folder.");
    }
}
