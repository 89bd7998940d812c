using System.Text.RegularExpressions;
using ContentGate.Tests.Infrastructure;

namespace ContentGate.Tests.Documentation;

/// <summary>
/// The C# code blocks of the repository's README.md, each with the README line of its opening fence and the
/// snippet convention written in the HTML comment right before it (see docs/architecture.md, "README snippets").
/// </summary>
internal sealed partial class ReadmeSnippets
{
    private ReadmeSnippets(string path, string text, IReadOnlyList<ReadmeSnippet> snippets, IReadOnlyList<string> problems)
    {
        Path = path;
        Text = text;
        Snippets = snippets;
        Problems = problems;
    }

    public string Path { get; }

    public string Text { get; }

    public IReadOnlyList<ReadmeSnippet> Snippets { get; }

    /// <summary>Convention comments that precede no C# block: each would otherwise be silently ignored.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static readonly Lazy<ReadmeSnippets> Readme = new(() => Parse(ReadmePath(), File.ReadAllText(ReadmePath())));

    public static ReadmeSnippets Load() => Readme.Value;

    public ReadmeSnippet At(int line)
        => Snippets.SingleOrDefault(s => s.Line == line)
            ?? throw new InvalidOperationException($"README.md has no C# block opening at line {line}.");

    /// <summary>Counts C# opening fences with a plain pattern, independently of the parser, to catch blocks it missed.</summary>
    public static int CountCSharpFences(string text)
        => text.ReplaceLineEndings("\n").Split('\n').Count(line => CSharpFenceLine().IsMatch(line));

    public static ReadmeSnippets Parse(string path, string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var snippets = new List<ReadmeSnippet>();
        var problems = new List<string>();
        var i = 0;
        while (i < lines.Length)
        {
            var open = FenceOpen().Match(lines[i]);
            if (!open.Success)
            {
                if (Annotation().IsMatch(lines[i]) && !NextIsCSharpFence(lines, i))
                {
                    problems.Add($"README.md line {i + 1}: a snippet comment that is not right before a ```csharp block: {lines[i].Trim()}");
                }

                i++;
                continue;
            }

            var indent = open.Groups["indent"].Value.Length;
            var fence = open.Groups["fence"].Value;
            var info = open.Groups["info"].Value;
            var start = i;
            var body = new List<string>();
            i++;
            while (i < lines.Length && !IsClose(lines[i], fence))
            {
                body.Add(Unindent(lines[i], indent));
                i++;
            }

            i++;   // past the closing fence (or the end of the file, where CommonMark closes an open block)
            if (IsCSharp(info))
            {
                var annotation = start > 0 ? Annotation().Match(lines[start - 1]) : Match.Empty;
                snippets.Add(new ReadmeSnippet(
                    Line: start + 1,
                    Annotation: annotation.Success ? annotation.Groups["spec"].Value.Trim() : null,
                    Code: string.Join('\n', body)));
            }
        }

        return new ReadmeSnippets(path, text, snippets, problems);
    }

    private static bool NextIsCSharpFence(string[] lines, int index)
    {
        if (index + 1 >= lines.Length)
        {
            return false;
        }

        var open = FenceOpen().Match(lines[index + 1]);
        return open.Success && IsCSharp(open.Groups["info"].Value);
    }

    // The first word of the info string names the language; `cshtml` and `console` are not C# files.
    private static bool IsCSharp(string info)
    {
        var language = info.Split([' ', '\t', '{', ','], 2)[0];
        return language.Equals("csharp", StringComparison.OrdinalIgnoreCase)
            || language.Equals("cs", StringComparison.OrdinalIgnoreCase)
            || language.Equals("c#", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsClose(string line, string fence)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= fence.Length && trimmed.All(c => c == fence[0]);
    }

    // A block inside a list item is indented with the item; its code is not.
    private static string Unindent(string line, int indent)
    {
        var spaces = 0;
        while (spaces < indent && spaces < line.Length && line[spaces] == ' ')
        {
            spaces++;
        }

        return line[spaces..];
    }

    private static string ReadmePath() => RepositoryFiles.PathOf("README.md");

    [GeneratedRegex(@"^(?<indent> {0,3})(?<fence>`{3,}|~{3,})\s*(?<info>[^`]*)$")]
    private static partial Regex FenceOpen();

    [GeneratedRegex(@"^\s*(`{3,}|~{3,})\s*(csharp|cs|c#)(\s.*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex CSharpFenceLine();

    [GeneratedRegex(@"^\s*<!--\s*snippet:(?<spec>.*?)-->\s*$")]
    private static partial Regex Annotation();
}

/// <summary>One C# block: the README line of its opening fence, its convention comment (if any) and its code.</summary>
internal sealed record ReadmeSnippet(int Line, string? Annotation, string Code);
