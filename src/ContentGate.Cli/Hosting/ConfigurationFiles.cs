using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;

namespace ContentGate.Cli.Hosting;

/// <summary>
/// Reads the app's configuration the way the host reads its JSON files: the given file, then
/// <c>{name}.{Environment}.json</c> beside it when present (so <c>appsettings.json</c> is followed by
/// <c>appsettings.Production.json</c>), then any further files given, later files overriding earlier ones.
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

    /// <summary>The folder of the (first) configuration file: relative paths resolve here, as against a content root.</summary>
    public string ContentRoot { get; }

    /// <summary>
    /// The files read, in order, as the user named them, the environment file only when it exists, and the environment
    /// variables when they were read and some of them are ContentGate settings.
    /// </summary>
    public IReadOnlyList<string> Files { get; }

    public IConfigurationSection ContentGateSection => _root.GetSection(ContentGateDefaults.SectionName);

    public static bool TryLoad(string path, string environment, [NotNullWhen(true)] out ConfigurationFiles? files, [NotNullWhen(false)] out string? problem)
    {
        var loaded = TryLoad([path], environment, environmentVariables: false, out files, out var problems);
        problem = loaded ? null : string.Join(" ", problems);
        return loaded;
    }

    /// <summary>
    /// Reads <paramref name="paths"/>: the first, its environment file when it exists and is not named as well, then
    /// the others in order. Every file that is missing or not JSON is reported, not only the first.
    /// </summary>
    /// <param name="paths">The files, in the order given.</param>
    /// <param name="environment">The environment name, for the environment file.</param>
    /// <param name="environmentVariables">
    /// Whether environment variables override the files, as in a host built by <c>WebApplication.CreateBuilder</c>
    /// (where secrets such as a license key usually come from).
    /// </param>
    /// <param name="files">The configuration read.</param>
    /// <param name="problems">Every missing or unreadable file.</param>
    public static bool TryLoad(IReadOnlyList<string> paths, string environment, bool environmentVariables, [NotNullWhen(true)] out ConfigurationFiles? files, out IReadOnlyList<string> problems)
    {
        files = null;
        var first = Path.GetFullPath(paths[0]);
        var environmentFile = $"{Path.GetFileNameWithoutExtension(first)}.{environment}.json";
        var environmentPath = Path.Combine(Path.GetDirectoryName(first)!, environmentFile);
        var ordered = new List<(string Shown, string Full)> { (paths[0], first) };
        var named = paths.Select(p => Path.GetFullPath(p)).ToHashSet(StringComparer.Ordinal);
        if (!named.Contains(environmentPath) && File.Exists(environmentPath))
        {
            ordered.Add((Path.Join(Path.GetDirectoryName(paths[0]), environmentFile), environmentPath));
        }

        ordered.AddRange(paths.Skip(1).Select(p => (p, Path.GetFullPath(p))));

        var found = new List<string>();
        foreach (var (shown, full) in ordered.DistinctBy(f => f.Full))
        {
            if (!File.Exists(full))
            {
                found.Add(Directory.Exists(full)
                    ? $"--config: '{full}' is a folder. Name the JSON file, for example {Path.Combine(shown, "appsettings.json")}."
                    : $"--config: the file '{full}' does not exist.");
                continue;
            }

            // Each file is parsed on its own first, so that every broken file is reported rather than the first.
            if (Build(new ConfigurationBuilder().AddJsonFile(full, optional: false, reloadOnChange: false), out var root, out var problem))
            {
                root.Dispose();
            }
            else
            {
                found.Add(problem);
            }
        }

        problems = found;
        if (found.Count > 0)
        {
            return false;
        }

        var builder = new ConfigurationBuilder();
        foreach (var (_, full) in ordered.DistinctBy(f => f.Full))
        {
            builder.AddJsonFile(full, optional: false, reloadOnChange: false);
        }

        var shownFiles = ordered.DistinctBy(f => f.Full).Select(f => f.Shown).ToList();
        if (environmentVariables)
        {
            builder.AddEnvironmentVariables();
            if (System.Environment.GetEnvironmentVariables().Keys.OfType<string>().Any(k => k.StartsWith(ContentGateDefaults.SectionName + "__", StringComparison.OrdinalIgnoreCase)))
            {
                shownFiles.Add($"environment variables {ContentGateDefaults.SectionName}__*");
            }
        }

        if (!Build(builder, out var all, out var failure))
        {
            problems = [failure];
            return false;
        }

        files = new ConfigurationFiles(all, Path.GetDirectoryName(first)!, shownFiles);
        return true;
    }

    private static bool Build(IConfigurationBuilder builder, [NotNullWhen(true)] out ConfigurationRoot? root, [NotNullWhen(false)] out string? problem)
    {
        try
        {
            root = (ConfigurationRoot)builder.Build();
            problem = null;
            return true;
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

            root = null;
            problem = string.Join(" ", messages);
            return false;
        }
    }

    public void Dispose() => _root.Dispose();
}
