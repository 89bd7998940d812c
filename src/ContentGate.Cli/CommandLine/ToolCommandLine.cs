using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Reflection;
using ContentGate.Cli.Commands;

namespace ContentGate.Cli.CommandLine;

/// <summary>
/// The <c>contentgate</c> command tree on System.CommandLine: parsing, help and usage errors are the library's; what
/// the tool adds is the notes and exit codes after each command's help, usage errors on standard error with exit
/// code 2, and <c>contentgate help [command]</c>.
/// </summary>
internal static class ToolCommandLine
{
    public const string Name = "contentgate";

    /// <summary>Builds the command tree; one per run, since System.CommandLine symbols hold their parse state.</summary>
    public static Command Create()
    {
        var root = new Command(Name, "What ContentGate does for a visitor, and whether a configuration would start, worked out by the middleware's own code.");
        var notes = new Dictionary<Command, string>();
        foreach (var (command, commandNotes) in new[] { ExplainCommand.Create(), LookupCommand.Create(), CheckCommand.Create(), CoverageCommand.Create() })
        {
            root.Subcommands.Add(command);
            notes[command] = commandNotes;
        }

        notes[root] = $"Run '{Name} <command> --help' for a command's options and examples.";

        // The root is a plain Command rather than a RootCommand, whose name is the executable's (testhost, dotnet):
        // help must say "contentgate" however the tool is started. It gets the same help and version options.
        var help = new HelpOption();
        help.Action = new HelpWithNotes((HelpAction)help.Action!, notes);
        root.Options.Add(help);
        root.Options.Add(new VersionOption { Action = new VersionAction() });
        root.Subcommands.Add(CreateHelpCommand(root));
        return root;
    }

    /// <summary>
    /// Writes the library's messages for a command line that does not parse (with its typo suggestions) to standard
    /// error, where the other commands' errors go, and returns exit code 2. Without a command, the list of commands
    /// follows, as before the library. <paramref name="action"/> is the result's own action: invoking the result runs it.
    /// </summary>
    public static int UsageError(ParseResult result, ParseErrorAction action, TextWriter stderr)
    {
        var command = result.CommandResult.Command;
        var isRoot = command.Name == Name;
        action.ShowHelp = isRoot;
        action.ShowTypoCorrections = true;

        // The library writes typo suggestions to Output; both go to standard error so that stdout stays clean for
        // scripts that read JSON from it.
        result.Invoke(new InvocationConfiguration { Output = stderr, Error = stderr, EnableDefaultExceptionHandler = false });
        if (!isRoot)
        {
            stderr.WriteLine($"Run '{Name} {command.Name} --help' for usage.");
        }

        return ExitCodes.UsageError;
    }

    /// <summary><c>contentgate help [command]</c>: the same help as <c>--help</c>, kept from the tool's first version.</summary>
    private static Command CreateHelpCommand(Command root)
    {
        var topic = new Argument<string?>("command") { Description = "The command to describe.", Arity = ArgumentArity.ZeroOrOne };
        var help = new Command("help", "Show help for the tool or for one command.") { topic };
        help.SetAction(result =>
        {
            var name = result.GetValue(topic);
            string[] args = name is null ? ["--help"] : [name, "--help"];
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            if (name is not null && !root.Subcommands.Any(c => c.Name == name))
            {
                // Parsed as a command line, an unknown name becomes the library's own usage error.
                args = [name];
            }

            var parsed = root.Parse(args);
            return parsed.Action is ParseErrorAction parseError
                ? UsageError(parsed, parseError, error)
                : parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        });
        return help;
    }

    private sealed class HelpWithNotes(HelpAction help, IReadOnlyDictionary<Command, string> notes) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            help.Invoke(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            if (notes.TryGetValue(parseResult.CommandResult.Command, out var text))
            {
                output.WriteLine(text.TrimEnd());
                output.WriteLine();
            }

            output.WriteLine(ExitCodes.Help.TrimEnd());
            return ExitCodes.Success;
        }
    }

    private sealed class VersionAction : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var version = typeof(ToolCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

            // Source Link appends "+<commit>"; the commit is noise here.
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            parseResult.InvocationConfiguration.Output.WriteLine($"{Name} {(plus < 0 ? version : version[..plus])}");
            return ExitCodes.Success;
        }
    }
}
