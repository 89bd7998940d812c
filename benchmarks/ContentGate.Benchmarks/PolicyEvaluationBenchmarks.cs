using BenchmarkDotNet.Attributes;
using ContentGate.Configuration;
using ContentGate.Decisions;
using ContentGate.Regions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace ContentGate.Benchmarks;

/// <summary>
/// The decision the middleware asks for on every request, <c>GateEvaluator.Evaluate</c>: exemptions once, then for each
/// policy coverage (exclusions, paths, endpoint) and <c>AppliesTo</c> (region set membership, fail mode), in precedence
/// order. Each policy lists a region set of 126
/// countries plus its own subdivisions and covers <c>/articles</c> except <c>/articles/archive</c>. Policies are
/// compiled by the real compiler from configuration. A snapshot holds at most 64 notice policies (the notice mask is a
/// <see cref="ulong"/>), so with 100 policies the first 60 are notices and the rest blocks.
/// </summary>
[MemoryDiagnoser]
public class PolicyEvaluationBenchmarks
{
    private IHost _host = null!;
    private GateSnapshot _snapshot = null!;
    private Region _matched = null!;
    private Region _unmatched = null!;
    private readonly PathString _path = "/articles/some-story";

    [Params(1, 10, 100)]
    public int Policies { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        var config = new Dictionary<string, string?> { ["ContentGate:MaxMind:DatabasePath"] = BenchmarkDatabase.Small() };
        for (var i = 0; i < BenchmarkHost.Countries.Length; i++)
        {
            config[$"ContentGate:RegionSets:large:{i}"] = BenchmarkHost.Countries[i];
        }

        for (var p = 0; p < Policies; p++)
        {
            var name = $"policy-{p:D3}";
            config[$"ContentGate:Policies:{name}:Regions:0"] = "large";
            for (var s = 1; s <= 20; s++)
            {
                config[$"ContentGate:Policies:{name}:Regions:{s}"] = $"UA-{p % 50:D2}{s % 10}";
            }

            config[$"ContentGate:Policies:{name}:Paths:0"] = "/articles";
            config[$"ContentGate:Policies:{name}:ExcludePaths:0"] = "/articles/archive";
            if (p < 60)
            {
                config[$"ContentGate:Policies:{name}:Action"] = "Notice";
                config[$"ContentGate:Policies:{name}:Notice:Html"] = $"<p>Notice {p}</p>";
            }
            else
            {
                config[$"ContentGate:Policies:{name}:Action"] = "Block";
                config[$"ContentGate:Policies:{name}:FailMode"] = "Apply";
            }
        }

        _host = BenchmarkHost.Start(config);
        _snapshot = BenchmarkHost.Snapshot(_host);
        _matched = Region.Create("NL", "NL-NH");
        _unmatched = Region.Create("UA", "UA-999");
    }

    [GlobalCleanup]
    public void Cleanup() => _host.Dispose();

    [Benchmark(Baseline = true)]
    public int Evaluate_Unmatched() => Evaluate(_unmatched);

    [Benchmark]
    public int Evaluate_Matched() => Evaluate(_matched);

    [Benchmark]
    public int Evaluate_UnknownRegion() => Evaluate(Region.Unknown);

    private int Evaluate(Region region)
    {
        var decision = GateEvaluator.Evaluate(_snapshot.Policies, region, _path, endpoint: null, default(NoReaderChoices));
        return (int)decision.Outcome + decision.Notices.Count;
    }
}
