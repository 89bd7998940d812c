using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace ContentGate.Cli.Tests;

/// <summary>The tool as it ships: <c>dotnet pack</c> makes a DotnetTool package whose command is <c>contentgate</c>.</summary>
public sealed class PackageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Pack_ProducesADotnetToolPackageWithTheContentgateCommand()
    {
        var work = Directory.CreateTempSubdirectory("contentgate-cli-pack-");
        try
        {
            var feed = Path.Combine(work.FullName, "feed");
            var project = Path.Combine(FindRepositoryRoot(), "src", "ContentGate.Cli");

            // Build outputs go to the temporary folder (artifacts layout, one folder per project), so this pack never
            // shares obj/ with the solution build or with other tests that pack ContentGate at the same time.
            var (exitCode, log) = await RunAsync("dotnet", ["pack", project, "-c", "Release", "-o", feed, "-p:UseArtifactsOutput=true", $"-p:ArtifactsPath={Path.Combine(work.FullName, "artifacts")}"]);
            output.WriteLine(log);
            Assert.True(exitCode == 0, $"dotnet pack failed ({exitCode}):\n{log}");

            var package = Assert.Single(Directory.GetFiles(feed, "ContentGate.Cli.*.nupkg"));
            using var zip = ZipFile.OpenRead(package);
            var entries = zip.Entries.Select(e => e.FullName).ToList();

            using (var nuspecStream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open())
            {
                var nuspec = XDocument.Load(nuspecStream);
                var ns = nuspec.Root!.Name.Namespace;
                var metadata = nuspec.Root.Element(ns + "metadata")!;
                Assert.Equal("ContentGate.Cli", metadata.Element(ns + "id")?.Value);
                Assert.Equal(["DotnetTool"], metadata.Descendants(ns + "packageType").Select(p => p.Attribute("name")?.Value));
                Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
                Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
            }

            var settingsEntry = Assert.Single(entries, e => e.StartsWith("tools/net10.0/", StringComparison.Ordinal) && e.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal));
            var toolFolder = settingsEntry[..(settingsEntry.LastIndexOf('/') + 1)];
            using (var settingsStream = zip.GetEntry(settingsEntry)!.Open())
            {
                var command = Assert.Single(XDocument.Load(settingsStream).Descendants("Command"));
                Assert.Equal("contentgate", command.Attribute("Name")?.Value);
                Assert.Equal("ContentGate.Cli.dll", command.Attribute("EntryPoint")?.Value);
                Assert.Equal("dotnet", command.Attribute("Runner")?.Value);
            }

            // The tool carries the middleware's own assembly: it explains with the same code.
            Assert.Contains(toolFolder + "ContentGate.Cli.dll", entries);
            Assert.Contains(toolFolder + "ContentGate.dll", entries);
            Assert.Contains(toolFolder + "MaxMind.Db.dll", entries);
            Assert.Contains(toolFolder + "ContentGate.Cli.runtimeconfig.json", entries);
            Assert.Contains("README.md", entries);
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(string file, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        // Set by the test host's own MSBuild; the child would build against it instead of the SDK's.
        info.Environment.Remove("MSBuildExtensionsPath");
        info.Environment.Remove("MSBuildSDKsPath");

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet pack did not finish within 5 minutes.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ContentGate.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ContentGate.sln not found above the test output folder.");
    }
}
