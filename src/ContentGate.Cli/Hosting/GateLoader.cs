using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using ContentGate.Configuration;
using ContentGate.Diagnostics;
using ContentGate.MaxMind;
using ContentGate.Policies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContentGate.Cli.Hosting;

/// <summary>
/// Binds and compiles the <c>ContentGate</c> section with the middleware's own binder and compiler, so the tool
/// accepts and rejects exactly what the host does and decides with the same compiled snapshot.
/// </summary>
internal sealed class GateLoader : IDisposable
{
    private const string DatabaseKey = ContentGateDefaults.SectionName + ":MaxMind:DatabasePath";

    private readonly ServiceProvider _services;
    private readonly MaxMindDatabaseCache _databases = new();

    public GateLoader()
    {
        // The region source types of ContentGate's own packages, registered as an app registers them, so a
        // configuration that names one compiles here exactly as in the host.
        var services = new ServiceCollection().AddMetrics();
        services.AddContentGate(_ => { }).AddMaxMindWebService();
        _services = services.BuildServiceProvider();
    }

    public ContentGateOptions Options { get; } = new();

    /// <summary>
    /// Compiles <paramref name="section"/>. On failure, <paramref name="problems"/> lists every problem as the host
    /// lists them at start-up, and <paramref name="databaseOnly"/> says whether the database is the only one.
    /// </summary>
    public bool TryLoad(
        IConfigurationSection section,
        IHostEnvironment environment,
        [NotNullWhen(true)] out GateSnapshot? snapshot,
        out IReadOnlyList<string> problems,
        out bool databaseOnly)
    {
        ContentGateConfigurationBinder.Bind(section, Options);

        // Opened here first (into the cache the compiler shares) only to tell "the database is unusable" apart from
        // the rest of the configuration: the compiler reports both in one list.
        string? databaseProblem = null;
        if (Options.MaxMind?.DatabasePath is { } configured && !string.IsNullOrWhiteSpace(configured))
        {
            try
            {
                _databases.GetOrOpen(Path.GetFullPath(configured, environment.ContentRootPath), DatabaseKey);
            }
            catch (MaxMindDatabaseException ex)
            {
                databaseProblem = ex.Message;
            }
        }

        var metrics = new ContentGateMetrics(_services.GetRequiredService<IMeterFactory>());
        var compiler = new GateCompiler(_databases, metrics, NullLoggerFactory.Instance, environment, _services);
        if (compiler.TryCompile(Options, out snapshot, out problems))
        {
            databaseOnly = false;
            return true;
        }

        databaseOnly = databaseProblem is not null && problems.All(p => p == databaseProblem);
        return false;
    }

    public void Dispose()
    {
        _databases.Dispose();
        _services.Dispose();
    }
}
