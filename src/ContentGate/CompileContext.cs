namespace ContentGate;

/// <summary>
/// What every part of the compilation shares: the problems found so far (each names the key, the value and the fix),
/// the content root that relative files resolve against, and the files read (watched for changes).
/// </summary>
internal sealed class CompileContext(string contentRoot, List<string> problems)
{
    public const string Root = ContentGateDefaults.SectionName;

    public string ContentRoot { get; } = contentRoot;

    public List<string> Problems { get; } = problems;

    /// <summary>Full paths of the files read while compiling.</summary>
    public HashSet<string> Files { get; } = new(StringComparer.Ordinal);

    public void Add(string problem) => Problems.Add(problem);
}
