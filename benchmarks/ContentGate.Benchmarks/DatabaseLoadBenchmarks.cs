using BenchmarkDotNet.Attributes;
using ContentGate.MaxMind;
using ContentGate.MaxMind.Verification;
using MaxMind.Db;

namespace ContentGate.Benchmarks;

/// <summary>
/// Loading a City database of about GeoIP2 City's size (<see cref="BenchmarkDatabase.EnsureGeoIP2CitySized"/>, 4 million
/// networks): MaxMind's reader alone (what a load cost before ContentGate verified files), ContentGate's whole load
/// (read into native memory, verify every node and record, build the reader from the verified bytes, free the copy),
/// and the verification alone over bytes already in memory. Figures are per load.
/// </summary>
/// <remarks>
/// The memory diagnoser counts managed allocations only: the verifier's tables (one byte per node, two bits per data
/// section byte) are managed; the native copy of the file and the reader's anonymous memory map are not. Peak
/// resident memory is measured by <see cref="DatabaseReloadMeasurement"/>.
/// </remarks>
[MemoryDiagnoser]
public class DatabaseLoadBenchmarks
{
    private const string Key = "ContentGate:MaxMind:DatabasePath";

    private string _path = null!;
    private MaxMindDatabaseBytes _bytes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _path = BenchmarkDatabase.EnsureGeoIP2CitySized();
        _bytes = MaxMindDatabaseBytes.Read(_path);

        // The figures mean nothing unless the file is one ContentGate accepts.
        if (MaxMindDatabaseVerifier.Verify(_bytes.Span) is { } defect)
        {
            throw new InvalidOperationException(defect.ToMessage(Key, _path));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _bytes.Dispose();

    [Benchmark(Baseline = true)]
    public long MaxMindReader_Open()
    {
        using var reader = new Reader(_path, FileAccessMode.Memory);
        return reader.Metadata.BuildDate.Ticks;
    }

    [Benchmark]
    public int ContentGate_Load()
    {
        var generation = MaxMindDatabaseGeneration.Load(_path, Key, number: 1);
        return generation.Number;
    }

    [Benchmark]
    public bool ContentGate_VerifyOnly() => MaxMindDatabaseVerifier.Verify(_bytes.Span) is null;

    /// <summary>Compiling the index from bytes already verified: each distinct record decoded once, the tree rewritten.</summary>
    [Benchmark]
    public int ContentGate_CompileOnly()
    {
        MaxMindDatabaseVerifier.Verify(_bytes.Span, out var layout, out var records);
        return RegionIndexCompiler.Compile(_bytes.Span, layout!, records!).RegionCount;
    }
}
