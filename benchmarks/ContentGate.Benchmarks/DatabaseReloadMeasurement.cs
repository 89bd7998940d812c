using System.Diagnostics;
using System.Globalization;
using System.Net;
using ContentGate.MaxMind;

namespace ContentGate.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/ContentGate.Benchmarks -- --database-reload</c>: what a GeoIP2
/// City-sized database costs in memory and time at start-up, and what visitors see while a replacement is verified.
/// </summary>
/// <remarks>
/// <para>
/// A child process (the database is built first, in the parent, whose memory the build has used): open the database
/// as the app does (with reload settings), then keep one thread looking addresses up — from a pool of 262,144
/// networks in random order, so nearly every lookup walks the tree (the network cache holds 16,384 per family) —
/// through a warm-up and a baseline window, then replace the file (geoipupdate's rename) and keep looking up while
/// the replacement is read, verified and swapped in, then for as long again on the new load. Lookup latencies are
/// reported per window, with how many answers were Unknown (every address is in the file).
/// </para>
/// <para>
/// Memory is the process's resident set (VmRSS) and its peak (VmHWM), which Linux resets when "5" is written to
/// <c>/proc/self/clear_refs</c>: the peak of the start-up load and the peak of the reload are read separately.
/// </para>
/// </remarks>
internal static class DatabaseReloadMeasurement
{
    private const string Key = "ContentGate:MaxMind:DatabasePath";
    private const int Pool = 262_144;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    /// <summary>Builds the database (once), then measures in a fresh child process, whose memory the build has not touched.</summary>
    public static int Run(TextWriter output)
    {
        var built = Stopwatch.StartNew();
        var source = BenchmarkDatabase.EnsureGeoIP2CitySized();
        output.WriteLine($"database built in {built.Elapsed.TotalSeconds:F1} s: {source} ({new FileInfo(source).Length:N0} bytes)");
        output.Flush();

        var self = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            self.ArgumentList.Add(typeof(DatabaseReloadMeasurement).Assembly.Location);
        }

        self.ArgumentList.Add("--database-reload-child");
        self.ArgumentList.Add(source);
        using var child = Process.Start(self)!;
        child.WaitForExit();
        return child.ExitCode;
    }

    /// <summary>The measurement itself, on a database file built by <see cref="Run"/>.</summary>
    public static int Measure(string source, TextWriter output)
    {
        var directory = Directory.CreateTempSubdirectory("contentgate-reload-");
        var path = Path.Combine(directory.FullName, "GeoIP2-City.mmdb");
        File.Copy(source, path);
        var replacement = ReplacementOf(source, directory.FullName);
        var addresses = Addresses();

        // For comparison: MaxMind's reader alone, as ContentGate loaded files before it verified them.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        ResetPeak();
        var readerBefore = Memory();
        var readerOnly = Stopwatch.StartNew();
        using (var reader = new global::MaxMind.Db.Reader(path, global::MaxMind.Db.FileAccessMode.Memory))
        {
            readerOnly.Stop();
            var readerPeak = Memory();
            output.WriteLine();
            output.WriteLine("MaxMind's reader alone (FileAccessMode.Memory, no verification):");
            output.WriteLine($"  time                          {readerOnly.Elapsed.TotalMilliseconds:N0} ms");
            output.WriteLine($"  resident peak during the load +{(readerPeak.Peak - readerBefore.Rss) / 1e6:N1} MB");
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        ResetPeak();
        var before = Memory();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var loading = Stopwatch.StartNew();
        var verifyingAt = 0L;
        var settings = new MaxMindReloadSettings
        {
            UseFileSystemWatcher = true,
            PollInterval = TimeSpan.FromSeconds(1),
            StableFor = TimeSpan.FromMilliseconds(200),
            Verifying = () => Volatile.Write(ref verifyingAt, Stopwatch.GetTimestamp()),
        };
        using var database = MaxMindDatabase.Open(path, Key, settings, metrics: null, loggerFactory: null);
        var loadTime = loading.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var atLoad = Memory();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var settled = Memory();
        output.WriteLine();
        output.WriteLine("Start-up load (read, verify, compile the index, free the bytes):");
        output.WriteLine($"  time                          {loadTime.TotalMilliseconds:N0} ms");
        output.WriteLine($"  managed allocations           {allocated / 1e6:N1} MB");
        output.WriteLine($"  resident before               {before.Rss / 1e6:N1} MB");
        output.WriteLine($"  resident peak during the load {atLoad.Peak / 1e6:N1} MB (+{(atLoad.Peak - before.Rss) / 1e6:N1} MB)");
        output.WriteLine($"  resident after, collected     {settled.Rss / 1e6:N1} MB (+{(settled.Rss - before.Rss) / 1e6:N1} MB)");
        output.WriteLine($"  shared memory (system Shmem)  +{(settled.Shmem - before.Shmem) / 1e6:N1} MB (no reader map any more: the load keeps managed memory only)");

        // Where a (warm) load's time goes: the same steps as MaxMindDatabaseGeneration.Load, timed one by one.
        output.WriteLine();
        output.WriteLine("A second load's steps (warm):");
        var step = Stopwatch.StartNew();
        var bytes = MaxMindDatabaseBytes.Read(path);
        output.WriteLine($"  read into native memory       {step.Elapsed.TotalMilliseconds:N0} ms");
        step.Restart();
        var defect = ContentGate.MaxMind.Verification.MaxMindDatabaseVerifier.Verify(bytes.Span);
        output.WriteLine($"  verify                        {step.Elapsed.TotalMilliseconds:N0} ms ({(defect is null ? "accepted" : "refused")})");
        step.Restart();
        ContentGate.MaxMind.Verification.MaxMindDatabaseVerifier.Verify(bytes.Span, out var layout, out var records);
        var compiled = RegionIndexCompiler.Compile(bytes.Span, layout!, records!);
        output.WriteLine($"  verify again + compile index  {step.Elapsed.TotalMilliseconds:N0} ms ({compiled.RegionCount:N0} distinct answers)");
        step.Restart();
        bytes.Dispose();
        output.WriteLine($"  free the bytes                {step.Elapsed.TotalMilliseconds:N0} ms");
        output.WriteLine($"  kept by a load                {compiled.TreeBytes / 1e6:N1} MB of tree ({compiled.NodeCount:N0} nodes x 8 bytes) and {compiled.RegionCount:N0} regions");

        // Lookups before, during and after a reload, on one thread (the machine has 2 cores: one for the lookups, one
        // for the reload task).
        var swappedAt = 0L;
        database.Reloaded += status =>
        {
            if (status.Generation == 2)
            {
                Volatile.Write(ref swappedAt, Stopwatch.GetTimestamp());
            }
        };
        // Latencies go into histograms allocated (and so touched) now, not into a growing list, so the lookups'
        // own bookkeeping does not add to the memory measured during the reload.
        var phases = new LatencyHistogram[3];
        for (var p = 0; p < phases.Length; p++)
        {
            phases[p] = new LatencyHistogram();
        }

        var stop = 0;
        var lookups = new Thread(() =>
        {
            var i = 0;
            while (Volatile.Read(ref stop) == 0)
            {
                // 0: before the replacement is in memory; 1: while it is verified (the old load answers); 2: after the swap.
                var phase = Volatile.Read(ref swappedAt) != 0 ? 2 : Volatile.Read(ref verifyingAt) != 0 ? 1 : 0;
                var start = Stopwatch.GetTimestamp();
                var known = database.TryFind(addresses[i++ & (Pool - 1)], out _);
                phases[phase].Add(Stopwatch.GetTimestamp() - start, known);
            }
        });
        lookups.Start();
        Thread.Sleep(Window);

        // The first seconds include tiered JIT compilation: start the baseline after them.
        phases[0] = new LatencyHistogram();
        Thread.Sleep(Window);

        GC.Collect();
        ResetPeak();
        var beforeReload = Memory();
        var replacedAt = Stopwatch.GetTimestamp();
        File.Move(replacement, path, overwrite: true);
        while (Volatile.Read(ref swappedAt) == 0)
        {
            if (Stopwatch.GetElapsedTime(replacedAt) > TimeSpan.FromMinutes(2))
            {
                throw new InvalidOperationException($"The replacement was not loaded: {database.Status.LastRejection?.Reason}");
            }

            Thread.Sleep(1);
        }

        var duringReload = Memory();
        Thread.Sleep(Window);
        Volatile.Write(ref stop, 1);
        lookups.Join();

        var verifyStart = Volatile.Read(ref verifyingAt);
        var swapped = Volatile.Read(ref swappedAt);
        output.WriteLine();
        output.WriteLine("Reload (file renamed over the database while one thread looks addresses up):");
        output.WriteLine($"  rename -> replacement in memory     {Stopwatch.GetElapsedTime(replacedAt, verifyStart).TotalMilliseconds:N0} ms (includes the {settings.StableFor.TotalMilliseconds:N0} ms wait for the file to settle)");
        output.WriteLine($"  verification + compile -> swap      {Stopwatch.GetElapsedTime(verifyStart, swapped).TotalMilliseconds:N0} ms");
        output.WriteLine($"  resident before the reload          {beforeReload.Rss / 1e6:N1} MB");
        output.WriteLine($"  resident peak during the reload     {duringReload.Peak / 1e6:N1} MB (+{(duringReload.Peak - beforeReload.Rss) / 1e6:N1} MB)");
        output.WriteLine();
        output.WriteLine("  window                          lookups   per second  unknown   p50 µs   p99 µs  p99.9 µs   max µs");
        phases[0].Report(output, "before the reload");
        phases[1].Report(output, "while verifying (old load)");
        phases[2].Report(output, "after the swap");
        directory.Delete(recursive: true);
        return 0;
    }

    /// <summary>Addresses in 262,144 different present networks (IPv4 and IPv6), in random order.</summary>
    private static IPAddress[] Addresses()
    {
        var random = new Random(42);
        var addresses = new IPAddress[Pool];
        for (var i = 0; i < Pool; i++)
        {
            addresses[i] = i % 4 == 3
                ? BenchmarkDatabase.Ipv6(random.Next(1_000_000), present: true, (ushort)random.Next(1, 65_535))
                : BenchmarkDatabase.Ipv4(random.Next(3_000_000), present: true, (byte)random.Next(1, 255));
        }

        return addresses;
    }

    /// <summary>The same database with a build date one second later, so the replacement is a different file.</summary>
    private static string ReplacementOf(string source, string directory)
    {
        var path = Path.Combine(directory, "GeoIP2-City.mmdb.tmp");
        File.Copy(source, path);

        // Patched in place, in the metadata at the end: no copy of the file in this process's memory.
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var tail = new byte[(int)Math.Min(file.Length, 4096)];
        file.Position = file.Length - tail.Length;
        file.ReadExactly(tail);
        var key = "build_epoch"u8;
        var at = tail.AsSpan().LastIndexOf(key) + key.Length;

        // The value is a uint64 (extended type: a control byte with the size, then the type byte); bump its last byte.
        var last = at + 2 + (tail[at] & 0x1F) - 1;
        file.Position = file.Length - tail.Length + last;
        file.WriteByte((byte)(tail[last] + 1));
        return path;
    }

    private static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or not allowed: the peak then covers the whole process.
        }
    }

    private static (long Rss, long Peak, long Shmem) Memory()
    {
        long rss = 0, peak = 0, shmem = 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line);
            }
        }

        foreach (var line in File.ReadLines("/proc/meminfo"))
        {
            if (line.StartsWith("Shmem:", StringComparison.Ordinal))
            {
                shmem = Kilobytes(line);
            }
        }

        return (rss, peak, shmem);

        static long Kilobytes(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Lookup latencies of one phase, in 20 ns buckets up to 2 ms, and when the phase began and ended.</summary>
    private sealed class LatencyHistogram
    {
        private const double BucketNanoseconds = 20;
        private readonly long[] _buckets = new long[100_001];
        private long _first;
        private long _last;
        private long _count;
        private long _unknown;
        private double _maxMicroseconds;

        public void Add(long ticks, bool known)
        {
            var now = Stopwatch.GetTimestamp();
            _first = _count == 0 ? now : _first;
            _last = now;
            _count++;
            _unknown += known ? 0 : 1;
            var nanoseconds = ticks * 1e9 / Stopwatch.Frequency;
            _maxMicroseconds = Math.Max(_maxMicroseconds, nanoseconds / 1e3);
            _buckets[Math.Min(_buckets.Length - 1, (int)(nanoseconds / BucketNanoseconds))]++;
        }

        public void Report(TextWriter output, string name)
        {
            if (_count == 0)
            {
                output.WriteLine($"  {name,-29} no lookups");
                return;
            }

            var seconds = Math.Max(1e-9, (_last - _first) / (double)Stopwatch.Frequency);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-29} {_count,9:N0} {_count / seconds,12:N0} {_unknown,8:N0} {Percentile(0.50),8:F2} {Percentile(0.99),8:F2} {Percentile(0.999),9:F2} {_maxMicroseconds,8:F0}"));
        }

        private double Percentile(double p)
        {
            var target = (long)Math.Ceiling(p * _count);
            long seen = 0;
            for (var i = 0; i < _buckets.Length; i++)
            {
                seen += _buckets[i];
                if (seen >= target)
                {
                    return (i + 1) * BucketNanoseconds / 1e3;
                }
            }

            return _maxMicroseconds;
        }
    }
}
