using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;

namespace ContentGate.Cli.Hosting;

/// <summary>
/// Reads the app's configuration the way the host reads its JSON files: the given file, then
/// <c>{name}.{Environment}.json</c> beside it when present (so <c>appsettings.json</c> is followed by
/// <c>appsettings.Production.json</c>), later files overriding earlier ones.
/// </summary>
internal sealed class ConfigurationFiles : IDisposable
{
    private readonly ConfigurationRoot _root;

    private ConfigurationFiles(ConfigurationRoot root, string contentRoot, IReadOnlyList<string> files)
    {
        _root = root;
        ContentRoot = contentRoot;
        Files = files;
    }

    /// <summary>The folder of the configuration file: relative paths in it resolve here, as against a content root.</summary>
    public string ContentRoot { get; }

    /// <summary>The files read, as the user named them, the environment file only when it exists.</summary>
    public IReadOnlyList<string> Files { get; }

    public IConfigurationSection ContentGateSection => _root.GetSection(ContentGateDefaults.SectionName);

    public static bool TryLoad(string path, string environment, [NotNullWhen(true)] out ConfigurationFiles? files, [NotNullWhen(false)] out string? problem)
    {
        files = null;
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            problem = Directory.Exists(fullPath)
                ? $"--config: '{fullPath}' is a folder. Name the JSON file, for example {Path.Combine(path, "appsettings.json")}."
                : $"--config: the file '{fullPath}' does not exist.";
            return false;
        }

        var directory = Path.GetDirectoryName(fullPath)!;
        var environmentFile = $"{Path.GetFileNameWithoutExtension(fullPath)}.{environment}.json";
        var environmentPath = Path.Combine(directory, environmentFile);
        var builder = new ConfigurationBuilder()
            .AddJsonFile(fullPath, optional: false, reloadOnChange: false)
            .AddJsonFile(environmentPath, optional: true, reloadOnChange: false);
        ConfigurationRoot root;
        try
        {
            root = (ConfigurationRoot)builder.Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException or UnauthorizedAccessException)
        {
            // The JSON provider wraps the parser's error (line and position) in messages naming the file.
            var messages = new List<string>();
            for (Exception? current = ex; current is not null; current = current.InnerException)
            {
                if (!messages.Contains(current.Message))
                {
                    messages.Add(current.Message);
                }
            }

            problem = string.Join(" ", messages);
            return false;
        }

        var shown = new List<string> { path };
        if (File.Exists(environmentPath))
        {
            shown.Add(Path.Join(Path.GetDirectoryName(path), environmentFile));
        }

        files = new ConfigurationFiles(root, directory, shown);
        problem = null;
        return true;
    }

    public void Dispose() => _root.Dispose();
}
