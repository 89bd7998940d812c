namespace ContentGate.Cli.Tests.Infrastructure;

/// <summary>Files of this repository the tests read as users do: the sample's configuration, the README's.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string SampleFolder => Path.Combine(Root, "samples", "ContentGate.Sample");

    /// <summary>The README's Quick start configuration, as a reader copies it.</summary>
    public static string ReadmeConfiguration()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var quickStart = readme.IndexOf("\n## Quick start\n", StringComparison.Ordinal);
        Assert.True(quickStart >= 0, "README has no Quick start section");
        var start = readme.IndexOf("```json\n", quickStart, StringComparison.Ordinal) + "```json\n".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);
        return readme[start..end];
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ContentGate.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ContentGate.sln not found above the test output folder.");
    }
}
