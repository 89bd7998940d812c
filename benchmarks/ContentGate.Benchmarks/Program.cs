using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ContentGate.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/ContentGate.Benchmarks -- --filter '*'</c>; add <c>--quick</c>
/// for BenchmarkDotNet's short run (1 launch, 3 warm-ups, 3 iterations); <c>--database-reload</c> runs
/// <see cref="DatabaseReloadMeasurement"/> instead (memory and lookups during a reload). Benchmarks run in-process: the
/// repository's Directory.Build.props (warnings as errors) would otherwise apply to the project BenchmarkDotNet
/// generates for each benchmark, and a 2-core machine spends minutes building those.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Contains("--database-reload", StringComparer.Ordinal))
        {
            return DatabaseReloadMeasurement.Run(Console.Out);
        }

        if (args is ["--database-reload-child", var database])
        {
            return DatabaseReloadMeasurement.Measure(database, Console.Out);
        }

        var quick = args.Contains("--quick", StringComparer.Ordinal);
        var rest = args.Where(a => a != "--quick").ToArray();

        var job = (quick ? Job.ShortRun : Job.Default).WithToolchain(InProcessEmitToolchain.Instance);
        var config = DefaultConfig.Instance
            .AddJob(job.AsDefault())
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, config);
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }
}
