using System.Text;
using ContentGate.Cli.Commands;

namespace ContentGate.Cli.CommandLine;

/// <summary>Renders <c>--help</c> from the command specs, so help and parser never disagree.</summary>
internal static class HelpText
{
    public static string General(IReadOnlyList<CommandSpec> commands)
    {
        var text = new StringBuilder();
        text.AppendLine("contentgate: what ContentGate does for a visitor, worked out by the middleware's own code.");
        text.AppendLine();
        text.AppendLine("Usage:");
        foreach (var command in commands)
        {
            text.Append("  ").AppendLine(command.Usage);
        }

        text.AppendLine("  contentgate help [<command>]");
        text.AppendLine("  contentgate --version");
        text.AppendLine();
        text.AppendLine("Commands:");
        var width = commands.Max(c => c.Name.Length) + 3;
        foreach (var command in commands)
        {
            text.Append("  ").Append(command.Name.PadRight(width)).AppendLine(command.Summary);
        }

        text.AppendLine();
        text.AppendLine("Run 'contentgate <command> --help' for a command's options and examples.");
        text.AppendLine();
        text.AppendLine(ExitCodes.Help);
        return text.ToString();
    }

    public static string For(CommandSpec command)
    {
        var text = new StringBuilder();
        text.AppendLine(command.Summary);
        text.AppendLine();
        text.AppendLine("Usage:");
        text.Append("  ").AppendLine(command.Usage);
        text.AppendLine();
        text.AppendLine("Options:");
        var width = command.Options.Max(o => o.Synopsis.Length) + 3;
        foreach (var option in command.Options)
        {
            var lines = option.Description.Split('\n');
            text.Append("  ").Append(option.Synopsis.PadRight(width)).AppendLine(lines[0]);
            foreach (var line in lines.Skip(1))
            {
                text.Append(' ', width + 2).AppendLine(line);
            }
        }

        text.Append("  ").Append("-h, --help".PadRight(width)).AppendLine("Show this help.");
        text.AppendLine();
        text.AppendLine(command.Notes.TrimEnd());
        text.AppendLine();
        text.AppendLine(ExitCodes.Help);
        return text.ToString();
    }
}
