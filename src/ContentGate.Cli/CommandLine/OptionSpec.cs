namespace ContentGate.Cli.CommandLine;

/// <summary>One option of a command, as the parser accepts it and as <c>--help</c> describes it.</summary>
/// <param name="Name">The option with its dashes, for example <c>--config</c>.</param>
/// <param name="ValueName">What the value is called in help (<c>file</c>), or <see langword="null"/> for a flag.</param>
/// <param name="Description">Help text; each line after the first is indented under the first.</param>
/// <param name="Required">Whether the command refuses to run without it.</param>
/// <param name="Repeatable">Whether it may be given more than once (every value is kept).</param>
internal sealed record OptionSpec(string Name, string? ValueName, string Description, bool Required = false, bool Repeatable = false)
{
    public bool IsFlag => ValueName is null;

    /// <summary>How the option is written in a usage line: <c>--config &lt;file&gt;</c> or <c>--json</c>.</summary>
    public string Synopsis => IsFlag ? Name : $"{Name} <{ValueName}>";
}
