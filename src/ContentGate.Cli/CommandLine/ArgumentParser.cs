using ContentGate.Configuration;

namespace ContentGate.Cli.CommandLine;

/// <summary>
/// Reads a command's arguments: <c>--name value</c> or <c>--name=value</c>, flags, repeatable options. Small on
/// purpose: the tool takes no dependency beyond ContentGate itself.
/// </summary>
internal static class ArgumentParser
{
    private static readonly string[] HelpSwitches = ["-h", "--help", "-?"];

    public static bool IsHelp(string argument) => HelpSwitches.Contains(argument, StringComparer.Ordinal);

    /// <summary>
    /// Parses <paramref name="arguments"/> against <paramref name="command"/>. Returns <see langword="false"/> with a
    /// message naming the option and what is wrong with it. A help switch anywhere wins over every other problem.
    /// </summary>
    public static bool TryParse(CommandSpec command, IReadOnlyList<string> arguments, out ParsedOptions options, out string? error)
    {
        error = null;
        if (arguments.Any(IsHelp))
        {
            options = new ParsedOptions { HelpRequested = true };
            return true;
        }

        var parsed = new ParsedOptions();
        options = parsed;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (!argument.StartsWith("--", StringComparison.Ordinal) || argument.Length == 2)
            {
                error = $"unexpected argument '{argument}'. Every value follows the option it belongs to, for example --ip 203.0.113.9.";
                return false;
            }

            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? argument : argument[..equals];
            var spec = command.Find(name);
            if (spec is null)
            {
                var closest = command.Options.MinBy(o => EditDistance.Between(o.Name, name));
                var hint = closest is not null && EditDistance.Between(closest.Name, name) <= 3 ? $" Did you mean '{closest.Name}'?" : string.Empty;
                error = $"unknown option '{name}'.{hint}";
                return false;
            }

            string value;
            if (spec.IsFlag)
            {
                if (equals >= 0)
                {
                    error = $"{name} takes no value.";
                    return false;
                }

                value = string.Empty;
            }
            else if (equals >= 0)
            {
                value = argument[(equals + 1)..];
            }
            else if (i + 1 < arguments.Count && !(arguments[i + 1].StartsWith("--", StringComparison.Ordinal) && arguments[i + 1].Length > 2))
            {
                value = arguments[++i];
            }
            else
            {
                error = $"{name} needs a value: {spec.Synopsis}.";
                return false;
            }

            if (!spec.IsFlag && string.IsNullOrWhiteSpace(value))
            {
                error = $"{name} needs a value: {spec.Synopsis}.";
                return false;
            }

            if (options.Has(name) && !spec.Repeatable)
            {
                error = $"{name} is given more than once; give it once.";
                return false;
            }

            options.Add(name, value);
        }

        if (command.Options.FirstOrDefault(o => o.Required && !parsed.Has(o.Name)) is { } missing)
        {
            error = $"{missing.Name} is required: {missing.Synopsis}.";
            return false;
        }

        return true;
    }
}
