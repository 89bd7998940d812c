namespace ContentGate.Tests.Documentation;

/// <summary>
/// Readers copy the README's C# into their apps: every block must compile there as written, with the usings it
/// shows and nothing the test project happens to have in scope. One case per block, named by its README line.
/// </summary>
public sealed class ReadmeSnippetTests
{
    public static TheoryData<int> SnippetLines => [.. ReadmeSnippets.Load().Snippets.Select(s => s.Line)];

    [Theory]
    [MemberData(nameof(SnippetLines))]
    public void Snippet_CompiledAsAReaderCopiesIt_HasNoErrorsOrWarnings(int line)
    {
        var snippet = ReadmeSnippets.Load().At(line);

        var diagnostics = SnippetCompiler.Compile(snippet);

        if (diagnostics.Count > 0)
        {
            var (kind, _, _) = SnippetCompiler.ParseAnnotation(snippet.Annotation);
            var source = SnippetCompiler.Kinds.Contains(kind) ? SnippetCompiler.Wrap(kind, snippet) : snippet.Code;
            Assert.Fail(
                $"The C# block at README.md line {line} ({kind}) does not compile as a reader's code:\n  "
                + string.Join("\n  ", diagnostics)
                + $"\nCompiled as:\n{source}");
        }
    }

    [Fact]
    public void Readme_EveryCSharpBlock_IsExtractedWithAKnownConvention()
    {
        var readme = ReadmeSnippets.Load();

        Assert.NotEmpty(readme.Snippets);
        Assert.Equal(ReadmeSnippets.CountCSharpFences(readme.Text), readme.Snippets.Count);
        Assert.Empty(readme.Problems);
        Assert.All(readme.Snippets, s => Assert.Null(SnippetCompiler.ParseAnnotation(s.Annotation).Problem));
    }

    [Fact]
    public void Parser_BlocksAndComments_FoundWithTheirLines()
    {
        const string Text = "# Title\n\n```csharp\nvar a = 1;\n```\n\n<!-- snippet: program-fragment -->\n```cs\napp.Run();\n```\n\n"
            + "- item\n\n  ```csharp\n  var b = 2;\n  ```\n\n```cshtml\n@addTagHelper *, ContentGate\n```\n";

        var parsed = ReadmeSnippets.Parse("README.md", Text);

        Assert.Equal([3, 8, 14], parsed.Snippets.Select(s => s.Line));
        Assert.Equal([null, "program-fragment", null], parsed.Snippets.Select(s => s.Annotation));
        Assert.Equal("var b = 2;", parsed.Snippets[2].Code);
        Assert.Equal(3, ReadmeSnippets.CountCSharpFences(Text));
        Assert.Empty(parsed.Problems);
    }

    [Fact]
    public void Parser_SnippetCommentBeforeNoCSharpBlock_IsAProblem()
    {
        const string Text = "<!-- snippet: program-fragment -->\n\n```csharp\napp.Run();\n```\n";

        var parsed = ReadmeSnippets.Parse("README.md", Text);

        Assert.Contains("line 1", Assert.Single(parsed.Problems), StringComparison.Ordinal);
        Assert.Null(Assert.Single(parsed.Snippets).Annotation);
    }

    [Theory]
    [InlineData("programfragment")]
    [InlineData("program-fragment; package ContentGate.Testing")]
    public void Annotation_UnknownKindOrKey_IsAProblem(string annotation)
        => Assert.NotNull(SnippetCompiler.ParseAnnotation(annotation).Problem);

    [Fact]
    public void Compile_ProxySnippetWithoutItsUsing_ReportsTheMissingTypeAtItsReadmeLine()
    {
        // The bug this test exists for: the ForwardedHeaders enum is not in the web SDK's implicit usings
        // (ForwardedHeadersOptions is, in Microsoft.AspNetCore.Builder, which is why the mistake is easy to make).
        var snippet = new ReadmeSnippet(
            Line: 100,
            Annotation: SnippetCompiler.ProgramFragment,
            Code: "app.UseForwardedHeaders();\nbuilder.Services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor);");

        var diagnostics = SnippetCompiler.Compile(snippet);

        Assert.Contains(diagnostics, d => d.StartsWith("README.md(102,", StringComparison.Ordinal) && d.Contains("'ForwardedHeaders'", StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_FragmentWithItsOwnUsings_Compiles()
    {
        var snippet = new ReadmeSnippet(
            Line: 10,
            Annotation: SnippetCompiler.ProgramFragment,
            Code: "using Microsoft.AspNetCore.HttpOverrides;\n\napp.UseForwardedHeaders();\nbuilder.Services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor);");

        Assert.Empty(SnippetCompiler.Compile(snippet));
    }
}
