namespace ContentGate.Cli.CommandLine;

/// <summary>The options a command was given, by name (with dashes), every value of each in order.</summary>
internal sealed class ParsedOptions
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public bool HelpRequested { get; init; }

    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The value of a single-valued option, or <see langword="null"/> when it was not given.</summary>
    public string? Value(string name) => _values.TryGetValue(name, out var values) ? values[^1] : null;

    /// <summary>Every value of a repeatable option, in the order given.</summary>
    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var values) ? values : [];

    internal void Add(string name, string value)
    {
        if (!_values.TryGetValue(name, out var values))
        {
            values = [];
            _values[name] = values;
        }

        values.Add(value);
    }
}
