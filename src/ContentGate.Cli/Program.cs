using System.CommandLine;
using System.CommandLine.Invocation;
using ContentGate.Cli.CommandLine;

namespace ContentGate.Cli;

/// <summary>
/// The <c>contentgate</c> tool. <see cref="Run"/> is the whole program with its output streams passed in, so tests
/// run it in-process exactly as the command line does.
/// </summary>
public static class Program
{
    /// <summary>The process entry point.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code (see <c>contentgate --help</c>).</returns>
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>Runs the tool on <paramref name="args"/>, writing to the given streams instead of the console.</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors and usage messages go.</param>
    /// <returns>The exit code (see <c>contentgate --help</c>).</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        => RunAsync(args, stdout, stderr).GetAwaiter().GetResult();

    /// <summary>Runs the tool on <paramref name="args"/>, writing to the given streams instead of the console.</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors and usage messages go.</param>
    /// <returns>The exit code (see <c>contentgate --help</c>).</returns>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        var result = ToolCommandLine.Create().Parse(args);
        if (result.Action is ParseErrorAction parseError)
        {
            return Task.FromResult(ToolCommandLine.UsageError(result, parseError, stderr));
        }

        // Exceptions are bugs, not exit code 1 (which means "a policy applies"): let them surface.
        return result.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
    }
}
