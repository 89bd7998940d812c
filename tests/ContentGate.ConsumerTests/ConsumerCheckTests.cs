using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;
using ContentGate.Testing;
using ContentGate.Testing.MaxMind;
using Xunit.Abstractions;

namespace ContentGate.ConsumerTests;

/// <summary>
/// What a user does on day one: add the ContentGate package from a feed to a new web app, write
/// appsettings.json and the two lines, run it. Nothing here references the ContentGate project directly.
/// </summary>
public sealed class ConsumerCheckTests(ITestOutputHelper output)
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    [Fact]
    public async Task FreshWebApp_WithPackageFromLocalFeed_ShowsNoticeToRussianVisitorOnly()
    {
        var work = Directory.CreateTempSubdirectory("contentgate-consumer-");
        try
        {
            var feed = Directory.CreateDirectory(Path.Combine(work.FullName, "feed")).FullName;
            // A version of its own per run, so a package cached by an earlier run is never picked up instead.
            var version = $"0.1.0-consumer.{DateTime.UtcNow:yyyyMMddHHmmss}";

            await Run("dotnet", $"pack \"{Path.Combine(RepositoryRoot, "src", "ContentGate")}\" -c Release -o \"{feed}\" -p:Version={version}", RepositoryRoot);
            await Run("dotnet", $"pack \"{Path.Combine(RepositoryRoot, "src", "ContentGate.Testing")}\" -c Release -o \"{feed}\" -p:Version={version}", RepositoryRoot);
            await Run("dotnet", $"pack \"{Path.Combine(RepositoryRoot, "src", "ContentGate.MaxMind.WebService")}\" -c Release -o \"{feed}\" -p:Version={version}", RepositoryRoot);
            CheckPackage(Path.Combine(feed, $"ContentGate.{version}.nupkg"), "ContentGate", expectDependency: "MaxMind.Db");
            CheckPackage(Path.Combine(feed, $"ContentGate.MaxMind.WebService.{version}.nupkg"), "ContentGate.MaxMind.WebService", expectDependency: "Microsoft.Extensions.Caching.Hybrid");

            // ContentGate depends on MaxMind's readers and the shared framework only; no ContentGate package names a
            // Redis client (the web-service cache goes through the app's own IDistributedCache).
            Assert.Equal(["MaxMind.Db", "MaxMind.GeoIP2"], Dependencies(Path.Combine(feed, $"ContentGate.{version}.nupkg")));
            foreach (var package in Directory.GetFiles(feed, "*.nupkg"))
            {
                Assert.DoesNotContain(Dependencies(package), d => d.Contains("Redis", StringComparison.OrdinalIgnoreCase));
            }
            CheckPackage(Path.Combine(feed, $"ContentGate.Testing.{version}.nupkg"), "ContentGate.Testing", expectDependency: null);
            Assert.True(File.Exists(Path.Combine(feed, $"ContentGate.{version}.snupkg")), "symbols package missing");

            var app = Directory.CreateDirectory(Path.Combine(work.FullName, "ConsumerApp")).FullName;
            await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            await File.WriteAllTextAsync(Path.Combine(app, "ConsumerApp.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="ContentGate" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            // Keep the repository's build props out of the consumer's build.
            await File.WriteAllTextAsync(Path.Combine(app, "Directory.Build.props"), "<Project />");
            await File.WriteAllTextAsync(Path.Combine(app, "Directory.Packages.props"), "<Project />");
            await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddContentGate();
                var app = builder.Build();
                app.UseContentGate();
                app.MapGet("/", () => Results.Content("<!DOCTYPE html><html><head><title>Home</title></head><body><h1>Home</h1></body></html>", "text/html"));
                app.MapGet("/articles/restricted-in-kazakhstan", () => Results.Content("<!DOCTYPE html><html><body><h1>Article</h1></body></html>", "text/html"));
                app.Run();
                """);
            Directory.CreateDirectory(Path.Combine(app, "App_Data"));
            var visitors = RegionAddressBook.For("RU", "UA-43", "DE", "KZ");
            visitors.ToDatabase(GeoDatabaseKind.City).WriteTo(Path.Combine(app, "App_Data", "GeoLite2-City.mmdb"));
            await File.WriteAllTextAsync(Path.Combine(app, "appsettings.json"), """
                {
                  "ContentGate": {
                    "MaxMind": { "DatabasePath": "App_Data/GeoLite2-City.mmdb" },
                    "RegionSets": {
                      "russia-controlled": [ "RU", "UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65" ]
                    },
                    "Policies": {
                      "undesirable-organization": {
                        "Regions": [ "russia-controlled" ],
                        "Paths": [ "/" ],
                        "ExcludePaths": [ "/api" ],
                        "Action": "Notice",
                        "Notice": { "Html": "<p>Consumer notice</p>" }
                      },
                      "kz-court-order": {
                        "Regions": [ "KZ" ],
                        "Paths": [ "/articles/restricted-in-kazakhstan" ],
                        "Action": "Block",
                        "Block": { "BlockedBy": "https://example.org/legal", "Html": "<h1>Blocked</h1>" }
                      }
                    }
                  }
                }
                """);

            await Run("dotnet", "build -c Release", app);
            await CheckConfigurationSchemaReachesEditors(app);

            // What the app got, transitively: no Redis client.
            var packages = await Run("dotnet", "list package --include-transitive", app);
            Assert.Contains("MaxMind.Db", packages, StringComparison.Ordinal);
            foreach (var redis in new[] { "StackExchange.Redis", "Microsoft.Extensions.Caching.StackExchangeRedis", "Pipelines.Sockets.Unofficial" })
            {
                Assert.DoesNotContain(redis, packages, StringComparison.OrdinalIgnoreCase);
            }

            var port = FreePort();
            using var server = Start("dotnet", $"run -c Release --no-build --no-launch-profile --urls http://127.0.0.1:{port}", app, new()
            {
                // The framework's own switch: forwarded headers from any peer. Fine for a loopback-only test app;
                // it is how the test plays visitors from elsewhere without any code in the app.
                ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            });
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                await WaitUntilListening(client, server);

                var russian = await GetAsync(client, "/", visitors.IPv4For("RU"));
                var crimean = await GetAsync(client, "/", visitors.IPv6For("UA-43"));
                var german = await GetAsync(client, "/", visitors.IPv4For("DE"));
                using var kazakh = await SendAsync(client, "/articles/restricted-in-kazakhstan", visitors.IPv4For("KZ"));

                Assert.Matches("<body><section class=\"contentgate-notice\" data-contentgate-notice=\"undesirable-organization\" aria-label=\"Notice\" lang=\"en\" dir=\"ltr\"><link rel=\"stylesheet\" href=\"/_contentgate/contentgate.css\\?v=[0-9a-f]{16}\"><div class=\"contentgate-notice__content\"><p>Consumer notice</p></div></section><h1>Home</h1>", russian);
                using var css = await client.GetAsync("/_contentgate/contentgate.css");
                Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
                Assert.Contains("data-contentgate-notice", crimean, StringComparison.Ordinal);
                Assert.DoesNotContain("data-contentgate-notice", german, StringComparison.Ordinal);
                Assert.Contains("<h1>Home</h1>", german, StringComparison.Ordinal);
                Assert.Equal(451, (int)kazakh.StatusCode);
                Assert.Equal("<https://example.org/legal>; rel=\"blocked-by\"", Assert.Single(kazakh.Headers.GetValues("Link")));
            }
            finally
            {
                Stop(server);
            }
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

    private static void CheckPackage(string path, string id, string? expectDependency)
    {
        Assert.True(File.Exists(path), $"{path} was not produced");
        using var zip = ZipFile.OpenRead(path);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("README.md", entries);
        Assert.Contains($"lib/net10.0/{id}.dll", entries);
        Assert.Contains($"lib/net10.0/{id}.xml", entries);

        using var nuspecStream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var nuspec = XDocument.Load(nuspecStream);
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
        Assert.Equal("expression", metadata.Element(ns + "license")?.Attribute("type")?.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value));
        // Source Link: the repository element records where, and at which commit, the sources are.
        var repository = metadata.Element(ns + "repository");
        Assert.NotNull(repository);
        Assert.False(string.IsNullOrEmpty(repository!.Attribute("commit")?.Value), "no commit in <repository>: Source Link metadata missing");
        Assert.Contains(metadata.Descendants(ns + "group"), g => g.Attribute("targetFramework")?.Value == "net10.0");
        Assert.Contains(metadata.Descendants(ns + "frameworkReference"), f => f.Attribute("name")?.Value == "Microsoft.AspNetCore.App");
        if (expectDependency is not null)
        {
            Assert.Contains(metadata.Descendants(ns + "dependency"), d => d.Attribute("id")?.Value == expectDependency);
        }

        if (id == "ContentGate")
        {
            // The configuration schema, as .NET packages ship one for editors: at the package root, with a
            // buildTransitive targets file that names it in a JsonSchemaSegment item.
            using (var schema = new StreamReader(zip.GetEntry("ConfigurationSchema.json")?.Open() ?? throw new InvalidOperationException("ConfigurationSchema.json is not at the package root")))
            {
                Assert.Equal(File.ReadAllText(Path.Combine(RepositoryRoot, "src", "ContentGate", "ConfigurationSchema.json")), schema.ReadToEnd());
            }

            Assert.Contains($"buildTransitive/net10.0/{id}.targets", entries);
        }
    }

    // What an editor asks the consumer's project (dotnet msbuild -getItem:JsonSchemaSegment): the package's schema, for
    // appsettings.json and appsettings.{Environment}.json.
    private async Task CheckConfigurationSchemaReachesEditors(string app)
    {
        var printed = await Run("dotnet", "msbuild -getItem:JsonSchemaSegment", app);
        using var items = System.Text.Json.JsonDocument.Parse(printed[printed.IndexOf('{', StringComparison.Ordinal)..(printed.LastIndexOf('}') + 1)]);
        var segment = items.RootElement.GetProperty("Items").GetProperty("JsonSchemaSegment").EnumerateArray()
            .Single(s => s.GetProperty("FullPath").GetString()!.EndsWith("ConfigurationSchema.json", StringComparison.Ordinal));
        var path = segment.GetProperty("FullPath").GetString()!;
        var pattern = segment.GetProperty("FilePathPattern").GetString()!;

        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryRoot, "src", "ContentGate", "ConfigurationSchema.json")), File.ReadAllText(path));
        Assert.Equal(@"appsettings\..*json", pattern);
        Assert.Matches(pattern, "appsettings.json");
        Assert.Matches(pattern, "appsettings.Production.json");
    }

    /// <summary>The ids of a package's dependencies, as its nuspec lists them.</summary>
    private static List<string> Dependencies(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        using var nuspecStream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var nuspec = XDocument.Load(nuspecStream);
        return [.. nuspec.Descendants(nuspec.Root!.Name.Namespace + "dependency").Select(d => d.Attribute("id")!.Value).Distinct().Order(StringComparer.Ordinal)];
    }

    private static async Task<string> GetAsync(HttpClient client, string path, IPAddress visitor)
    {
        using var response = await SendAsync(client, path, visitor);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, IPAddress visitor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", visitor.ToString());
        return client.SendAsync(request);
    }

    private static async Task WaitUntilListening(HttpClient client, Process server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"The consumer app exited with {server.ExitCode} before listening.");
            }

            try
            {
                using var response = await client.GetAsync("/");
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }

        throw new TimeoutException("The consumer app did not start listening within 60 s.");
    }

    private async Task<string> Run(string file, string arguments, string directory)
    {
        using var process = Start(file, arguments, directory, []);
        var exited = await Task.Run(() => process.WaitForExit(TimeSpan.FromMinutes(5)));
        if (!exited)
        {
            Stop(process);
        }
        else
        {
            // WaitForExit with a timeout does not wait for the redirected output to be read to its end; this does.
            process.WaitForExit();
        }

        output.WriteLine($"$ {file} {arguments}\n{_log}");
        Assert.True(exited && process.ExitCode == 0, $"'{file} {arguments}' failed (exit {(exited ? process.ExitCode : -1)}):\n{_log}");
        var printed = _log.ToString();
        _log.Clear();
        return printed;
    }

    private readonly StringBuilder _log = new();

    private Process Start(string file, string arguments, string directory, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment.Remove("MSBuildExtensionsPath");
        info.Environment.Remove("MSBuildSDKsPath");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
