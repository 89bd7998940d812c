using PublicApiGenerator;

namespace ContentGate.MaxMind.WebService.Tests.PublicApi;

/// <summary>
/// The public surface is a contract: any change shows up as a diff against the approved file. To accept a
/// deliberate change, copy the .received.txt file over the .approved.txt one.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_ContentGateMaxMindWebService_MatchesApprovedSnapshot()
        => AssertApproved(typeof(MaxMindWebServiceOptions).Assembly, "ContentGate.MaxMind.WebService");

    private static void AssertApproved(System.Reflection.Assembly assembly, string name)
    {
        var api = assembly.GeneratePublicApi(new ApiGeneratorOptions { AllowNamespacePrefixes = ["Microsoft"], ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"] })
            .ReplaceLineEndings("\n");
        var folder = Path.Combine(ProjectDirectory(), "PublicApi");
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
    private static string ProjectDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ContentGate.MaxMind.WebService.Tests.csproj")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ContentGate.MaxMind.WebService.Tests.csproj not found above the test output folder.");
    }
}
