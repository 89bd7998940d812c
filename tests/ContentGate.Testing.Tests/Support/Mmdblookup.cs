using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ContentGate.Testing.Tests.Support;

/// <summary>
/// Runs libmaxminddb's <c>mmdblookup</c>, MaxMind's C reader, as an independent check of written files.
/// </summary>
internal static partial class Mmdblookup
{
    private const string InstallHint =
        "mmdblookup (libmaxminddb's command-line reader) is required for the cross-check tests. " +
        "Install it with `apt-get install -y mmdb-bin` (Debian/Ubuntu) or `brew install libmaxminddb` (macOS).";

    /// <summary>Runs mmdblookup and returns its exit code and output. Fails the test if it is not installed.</summary>
    public static Result Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("mmdblookup")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
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

            return new Result(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
        }
    }

    /// <summary>Looks up the whole record of <paramref name="ip"/>, or the value at <paramref name="path"/>.</summary>
    public static Result Lookup(string file, string ip, params string[] path) =>
        Run(["--file", file, "--ip", ip, .. path]);

    /// <summary>
    /// Looks up a single scalar value and returns it with its libmaxminddb type name (for example
    /// <c>("UA", "utf8_string")</c>), failing the test if the lookup fails.
    /// </summary>
    public static (string Value, string Type) Value(string file, string ip, params string[] path)
    {
        var result = Lookup(file, ip, path);
        Assert.True(result.ExitCode == 0, $"mmdblookup {ip} {string.Join(' ', path)} exited {result.ExitCode}: {result.Error}");
        var line = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Single();
        var match = ScalarLine().Match(line);
        Assert.True(match.Success, $"Unexpected mmdblookup output: {line}");
        var value = match.Groups["value"].Value;
        var type = match.Groups["type"].Value;
        if (type == "utf8_string")
        {
            value = value[1..^1];
        }

        return (value, type);
    }

    [GeneratedRegex("^(?<value>.*) <(?<type>[a-z0-9_]+)>$")]
    private static partial Regex ScalarLine();

    public sealed record Result(int ExitCode, string Output, string Error);
}
