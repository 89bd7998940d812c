using ContentGate.Cli.CommandLine;
using ContentGate.Configuration;

namespace ContentGate.Cli.Commands;

/// <summary>How commands report usage errors and failures, the same way everywhere.</summary>
internal static class CommandOutput
{
    public static int UsageError(TextWriter stderr, CommandSpec command, string message)
    {
        stderr.WriteLine($"contentgate {command.Name}: {message}");
        stderr.WriteLine($"Run 'contentgate {command.Name} --help' for usage.");
        return ExitCodes.UsageError;
    }

    /// <summary>
    /// Writes every problem to standard error, and under <c>--json</c> also an <c>{"error": …, "problems": […]}</c>
    /// object to standard output, so a script reading stdout always gets JSON. Configuration problems are printed
    /// by the host's own exception, so they read exactly as at start-up.
    /// </summary>
    public static int Failure(TextWriter stdout, TextWriter stderr, bool json, int exitCode, IReadOnlyList<string> problems)
    {
        if (exitCode == ExitCodes.ConfigurationInvalid)
        {
            stderr.WriteLine(new ContentGateConfigurationException(problems).Message);
        }
        else
        {
            stderr.WriteLine("The MaxMind database cannot be used:");
            foreach (var problem in problems)
            {
                stderr.WriteLine("  - " + problem);
            }
        }

        if (json)
        {
            stdout.WriteLine(JsonOutput.Error(exitCode == ExitCodes.DatabaseUnusable ? "database-unusable" : "configuration-invalid", problems));
        }

        return exitCode;
    }
}
