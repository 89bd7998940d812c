using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics.CodeAnalysis;

namespace ContentGate.Cli.Commands;

/// <summary>The options several commands share, declared once so they read and parse the same everywhere.</summary>
internal static class ToolOptions
{
    public const string DefaultEnvironment = "Production";

    public static Option<string> Config(string description) => new("--config")
    {
        HelpName = "file",
        Description = description,
        Required = true,
        CustomParser = NotBlank,
    };

    public static Option<string> Environment(string description) => new("--environment")
    {
        HelpName = "name",
        Description = description,
        CustomParser = result =>
        {
            var value = NotBlank(result);
            if (value is not null && !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                result.AddError($"--environment: '{value}' is not an environment name such as Production or Staging.");
            }

            return value;
        },
    };

    /// <summary>A database file option: <c>--db</c>, or another name such as <c>--asn-db</c>.</summary>
    public static Option<string> Database(string description, string name = "--db", bool required = true) => new(name)
    {
        HelpName = "file.mmdb",
        Description = description,
        Required = required,
    };

    public static Option<bool> Json(string description = "Write the result as JSON.") => new("--json") { Description = description };

    /// <summary>A value that parses, or the problem (which names the option) as a usage error.</summary>
    public static T? Parsed<T>(ArgumentResult result, TryParse<T> parse)
    {
        if (NotBlank(result) is not { } value)
        {
            return default;
        }

        if (parse(value, out var parsed, out var problem))
        {
            return parsed;
        }

        result.AddError(problem);
        return default;
    }

    public delegate bool TryParse<T>(string value, [NotNullWhen(true)] out T? parsed, [NotNullWhen(false)] out string? problem);

    private static string? NotBlank(ArgumentResult result)
    {
        var value = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
        if (string.IsNullOrWhiteSpace(value))
        {
            var option = result.Parent is OptionResult parent ? parent.Option.Name : result.Argument.Name;
            result.AddError($"{option} needs a value.");
            return null;
        }

        return value;
    }
}
