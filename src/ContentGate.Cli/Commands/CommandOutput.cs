using ContentGate.Configuration;

namespace ContentGate.Cli.Commands;

/// <summary>How commands report failures, the same way everywhere (usage errors are the command line's).</summary>
internal static class CommandOutput
{
    /// <summary>
    /// Writes every problem to standard error, and under <c>--json</c> also an <c>{"error": …, "problems": […]}</c>
    /// object to standard output, so a script reading stdout always gets JSON.
    /// </summary>
    public static int Failure(TextWriter stdout, TextWriter stderr, bool json, int exitCode, IReadOnlyList<string> problems)
    {
        WriteProblems(stderr, exitCode, problems);
        if (json)
        {
            stdout.WriteLine(JsonOutput.Error(ErrorCode(exitCode), problems));
        }

        return exitCode;
    }

    /// <summary>
    /// Writes the problems to standard error. Configuration problems are printed by the host's own exception, so they
    /// read exactly as at start-up.
    /// </summary>
    public static void WriteProblems(TextWriter stderr, int exitCode, IReadOnlyList<string> problems)
    {
        if (exitCode == ExitCodes.ConfigurationInvalid)
        {
            stderr.WriteLine(new ContentGateConfigurationException(problems).Message);
            return;
        }

        stderr.WriteLine("The MaxMind database cannot be used:");
        foreach (var problem in problems)
        {
            stderr.WriteLine("  - " + problem);
        }
    }

    /// <summary>The <c>error</c> value of <c>--json</c> output for a failing exit code.</summary>
    public static string ErrorCode(int exitCode) => exitCode == ExitCodes.DatabaseUnusable ? "database-unusable" : "configuration-invalid";
}
