using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace ContentGate.Cli.Hosting;

/// <summary>
/// What the compiler needs of a host: the environment name and the content root that relative paths
/// (<c>MaxMind:DatabasePath</c>, <c>HtmlFile</c>) resolve against. For the tool that is the configuration file's folder.
/// </summary>
internal sealed class ToolHostEnvironment(string environmentName, string contentRootPath) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = environmentName;

    public string ApplicationName { get; set; } = "contentgate";

    public string ContentRootPath { get; set; } = contentRootPath;

    // The compiler reads files by path; nothing asks the tool's environment for a file provider.
    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
