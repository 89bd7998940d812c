using System.Reflection;
using ContentGate.Cli.CommandLine;
using ContentGate.Cli.Commands;
using ContentGate.Configuration;

namespace ContentGate.Cli;

/// <summary>
/// The <c>contentgate</c> tool. <see cref="Run"/> is the whole program with its output streams passed in, so tests
/// run it in-process exactly as the command line does.
/// </summary>
public static class Program
{
    private static readonly CommandSpec[] Commands = [ExplainCommand.Spec, LookupCommand.Spec];

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
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        if (args.Length == 0)
        {
            stderr.Write(HelpText.General(Commands));
            return ExitCodes.UsageError;
        }

        var name = args[0];
        if (ArgumentParser.IsHelp(name) || name == "help")
        {
            if (args.Length > 1 && Commands.FirstOrDefault(c => c.Name == args[1]) is { } topic)
            {
                stdout.Write(HelpText.For(topic));
                return ExitCodes.Success;
            }

            if (args.Length > 1 && !ArgumentParser.IsHelp(args[1]))
            {
                return UnknownCommand(stderr, args[1]);
            }

            stdout.Write(HelpText.General(Commands));
            return ExitCodes.Success;
        }

        if (name == "--version")
        {
            stdout.WriteLine("contentgate " + Version);
            return ExitCodes.Success;
        }

        var command = Commands.FirstOrDefault(c => c.Name == name);
        if (command is null)
        {
            return UnknownCommand(stderr, name);
        }

        if (!ArgumentParser.TryParse(command, args[1..], out var options, out var error))
        {
            return CommandOutput.UsageError(stderr, command, error!);
        }

        if (options.HelpRequested)
        {
            stdout.Write(HelpText.For(command));
            return ExitCodes.Success;
        }

        return command == ExplainCommand.Spec
            ? await ExplainCommand.RunAsync(options, stdout, stderr)
            : LookupCommand.Run(options, stdout, stderr);
    }

    private static int UnknownCommand(TextWriter stderr, string name)
    {
        var closest = Commands.MinBy(c => EditDistance.Between(c.Name, name))!;
        var hint = EditDistance.Between(closest.Name, name) <= 3 ? $" Did you mean '{closest.Name}'?" : string.Empty;
        stderr.WriteLine($"contentgate: unknown command '{name}'.{hint} Commands: {string.Join(", ", Commands.Select(c => c.Name))}.");
        stderr.WriteLine("Run 'contentgate --help' for usage.");
        return ExitCodes.UsageError;
    }

    private static string Version
    {
        get
        {
            var version = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            // Source Link appends "+<commit>"; the commit is noise here.
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? version : version[..plus];
        }
    }
}
