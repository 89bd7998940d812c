namespace ContentGate.Cli.CommandLine;

/// <summary>A command's name, what it does, the options it takes and the notes its help ends with.</summary>
/// <param name="Name">The word after <c>contentgate</c>.</param>
/// <param name="Summary">One line for the list of commands.</param>
/// <param name="Options">The options, in the order help lists them.</param>
/// <param name="Notes">Paragraphs printed after the options.</param>
internal sealed record CommandSpec(string Name, string Summary, IReadOnlyList<OptionSpec> Options, string Notes)
{
    public OptionSpec? Find(string name) => Options.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal));

    /// <summary>The usage line: required options first as written, optional ones in brackets.</summary>
    public string Usage
        => $"contentgate {Name} " + string.Join(' ', Options.Select(o =>
            (o.Required ? o.Synopsis : $"[{o.Synopsis}]") + (o.Repeatable ? "..." : string.Empty)));
}
