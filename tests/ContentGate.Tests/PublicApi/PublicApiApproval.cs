using System.Reflection;
using PublicApiGenerator;

namespace ContentGate.Tests.PublicApi;

/// <summary>
/// Compares an assembly's public surface with the approved file in the test project's <c>PublicApi</c> folder; shared by
/// the test projects of ContentGate's packages (linked into them). To accept a deliberate change, copy the
/// .received.txt file over the .approved.txt one.
/// </summary>
internal static class PublicApiApproval
{
    /// <param name="assembly">The package's assembly.</param>
    /// <param name="name">The package's name, which names the approved file.</param>
    /// <param name="testProject">The test project's file name, which locates its folder above the output folder.</param>
    public static void AssertApproved(Assembly assembly, string name, string testProject)
    {
        var api = assembly.GeneratePublicApi(new ApiGeneratorOptions { AllowNamespacePrefixes = ["Microsoft"], ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"] })
            .ReplaceLineEndings("\n");
        var folder = Path.Combine(ProjectDirectory(testProject), "PublicApi");
        var approvedPath = Path.Combine(folder, name + ".approved.txt");
        var receivedPath = Path.Combine(folder, name + ".received.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : string.Empty;
        if (approved != api)
        {
            File.WriteAllText(receivedPath, api);
            Assert.Fail($"The public API of {name} changed. Review {receivedPath}; if the change is intended, copy it to {approvedPath}.");
        }

        File.Delete(receivedPath);
    }

    // Found from the output folder: CallerFilePath is useless here because CI builds map source paths to /_/.
    private static string ProjectDirectory(string testProject)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, testProject)))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"{testProject} not found above the test output folder.");
    }
}
