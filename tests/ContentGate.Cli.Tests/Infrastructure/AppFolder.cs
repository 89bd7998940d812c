using ContentGate.Testing.MaxMind;

namespace ContentGate.Cli.Tests.Infrastructure;

/// <summary>
/// A temporary app folder as a real app has it: <c>appsettings.json</c> (the README's Quick start configuration
/// unless told otherwise) and <c>App_Data/GeoLite2-City.mmdb</c> built by ContentGate.Testing.
/// </summary>
internal sealed class AppFolder : IDisposable
{
    /// <summary>The configuration contract, as in the README's Quick start.</summary>
    public const string ContractConfiguration = """
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
                "Notice": { "Html": "<p>…</p>" }
              },
              "kz-court-order": {
                "Regions": [ "KZ" ],
                "Paths": [ "/articles/restricted-in-kazakhstan" ],
                "Action": "Block",
                "Block": { "BlockedBy": "https://example.org/legal", "Html": "<h1>…</h1>" }
              }
            }
          }
        }
        """;

    private readonly DirectoryInfo _directory;

    public AppFolder(string configuration = ContractConfiguration, bool withDatabase = true)
    {
        _directory = Directory.CreateTempSubdirectory("contentgate-cli-");
        Write("appsettings.json", configuration);
        if (withDatabase)
        {
            Directory.CreateDirectory(Path.Combine(_directory.FullName, "App_Data"));
            Visitors.Book.ToDatabase(GeoDatabaseKind.City).WriteTo(DatabasePath);
        }
    }

    public string Root => _directory.FullName;

    public string ConfigPath => Path.Combine(Root, "appsettings.json");

    public string DatabasePath => Path.Combine(Root, "App_Data", "GeoLite2-City.mmdb");

    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Runs <c>contentgate explain --config &lt;this folder's appsettings.json&gt;</c> with more arguments.</summary>
    public CliResult Explain(params string[] args) => CliResult.Run(["explain", "--config", ConfigPath, .. args]);

    public void Dispose()
    {
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
