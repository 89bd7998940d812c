using System.ComponentModel;
using System.Diagnostics;

namespace ContentGate.Tests.Infrastructure;

/// <summary>
/// Runs libmaxminddb's <c>mmdblookup</c>, MaxMind's C reader, as an independent judge of the broken databases the
/// verification tests build: it shows that a fixture is broken in the eyes of a reader ContentGate shares no code with.
/// </summary>
internal static class Mmdblookup
{
    private const string InstallHint =
        "mmdblookup (libmaxminddb's command-line reader) is required by the database verification tests. " +
        "Install it with `apt-get install -y mmdb-bin` (Debian/Ubuntu; scripts/test.sh does) or `brew install libmaxminddb` (macOS).";

    /// <summary>mmdblookup's exit code when the address has no record.</summary>
    private const int NotFoundExitCode = 6;

    /// <summary>The string at <paramref name="path"/> in the record of <paramref name="ip"/>, as libmaxminddb reads it.</summary>
    public static string Value(string file, string ip, params string[] path)
    {
        var (verdict, output) = Judge(file, ip, path);
        Assert.True(verdict == "found", output);
        var line = output[(output.IndexOf('"', StringComparison.Ordinal) + 1)..];
        return line[..line.IndexOf('"', StringComparison.Ordinal)];
    }

    /// <summary>What libmaxminddb makes of a lookup: <c>found</c>, <c>not found</c>, or <c>error</c> (with its message).</summary>
    public static (string Verdict, string Output) Judge(string file, string ip, params string[] path)
    {
        var start = new ProcessStartInfo("mmdblookup")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { "--file", file, "--ip", ip },
        };
        foreach (var segment in path)
        {
            start.ArgumentList.Add(segment);
        }


        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("mmdblookup did not start.");
        }
        catch (Win32Exception exception)
        {
            Assert.Fail($"{InstallHint} ({exception.Message})");
            throw;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill();
                Assert.Fail("mmdblookup did not finish within 30 seconds.");
            }

            var verdict = process.ExitCode switch
            {
                0 => "found",
                NotFoundExitCode => "not found",
                _ => "error",
            };
            return (verdict, $"exit {process.ExitCode}: {error.GetAwaiter().GetResult().Trim()} {output.GetAwaiter().GetResult().Trim()}");
        }
    }
}
