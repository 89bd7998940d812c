using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ContentGate.Tests.Documentation;

/// <summary>
/// Compiles a README snippet the way a reader's project would: C# 14 with nullable on, the implicit global usings
/// of the SDK the file lives in and nothing more, against the shared frameworks, ContentGate and the packages the
/// snippet's convention comment names. Fragments get a small wrapper that declares what they use; <c>#line</c>
/// directives map every diagnostic back to its README line.
/// </summary>
internal static partial class SnippetCompiler
{
    /// <summary>The snippet kinds a convention comment may name. No comment means <see cref="Program"/>.</summary>
    public const string Program = "program";

    /// <summary>Statements (and the types after them) in Program.cs, after <c>builder</c> and <c>app</c> are declared.</summary>
    public const string ProgramFragment = "program-fragment";

    /// <summary>Statements in a method of the web app that has an <c>HttpContext context</c> parameter.</summary>
    public const string RequestFragment = "request-fragment";

    /// <summary>Statements in an async test of an xunit project, with <c>HttpClient client</c> and <c>string databasePath</c>.</summary>
    public const string TestFragment = "test-fragment";

    public static readonly IReadOnlyList<string> Kinds = [Program, ProgramFragment, RequestFragment, TestFragment];

    // Microsoft.NET.Sdk.Web's implicit usings: what `dotnet new web` gives every file.
    private static readonly string[] WebUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Net.Http.Json",
        "System.Threading", "System.Threading.Tasks", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration",
        "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    ];

    // Microsoft.NET.Sdk's implicit usings plus the `Xunit` one that `dotnet new xunit` adds.
    private static readonly string[] TestUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading",
        "System.Threading.Tasks", "Xunit",
    ];

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp14, DocumentationMode.Parse);

    // Loaded once: every compilation shares the same metadata objects, so Roslyn reads each assembly once.
    private static readonly Lazy<ImmutableArray<MetadataReference>> Framework = new(LoadFramework);
    private static readonly Lazy<HashSet<string>> FrameworkNames = new(() => [.. FrameworkPaths().Select(path => System.IO.Path.GetFileNameWithoutExtension(path))]);
    private static readonly Dictionary<string, MetadataReference> References = new(StringComparer.Ordinal);

    /// <summary>Parses a convention comment such as <c>test-fragment; packages: ContentGate.Testing</c>.</summary>
    public static (string Kind, IReadOnlyList<string> Packages, string? Problem) ParseAnnotation(string? annotation)
    {
        if (annotation is null)
        {
            return (Program, [], null);
        }

        var parts = annotation.Split(';', StringSplitOptions.TrimEntries);
        var kind = parts[0];
        if (!Kinds.Contains(kind, StringComparer.Ordinal))
        {
            return (kind, [], $"unknown snippet kind '{kind}'; known kinds: {string.Join(", ", Kinds)}");
        }

        var packages = new List<string>();
        foreach (var part in parts.Skip(1))
        {
            var packagesPart = PackagesPart().Match(part);
            if (!packagesPart.Success)
            {
                return (kind, [], $"cannot read '{part}' in the snippet comment; write '{kind}; packages: Name, Other'");
            }

            packages.AddRange(packagesPart.Groups["names"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }

        return (kind, packages, null);
    }

    /// <summary>Compiles the snippet; returns its errors and warnings, each located in README.md, or a convention problem.</summary>
    public static IReadOnlyList<string> Compile(ReadmeSnippet snippet)
    {
        var (kind, packages, problem) = ParseAnnotation(snippet.Annotation);
        if (problem is not null)
        {
            return [problem];
        }

        var web = kind != TestFragment;
        var source = Wrap(kind, snippet);
        var globalUsings = string.Concat((web ? WebUsings : TestUsings).Select(u => $"global using global::{u};\n"));
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(globalUsings, ParseOptions, path: "GlobalUsings.g.cs", encoding: Encoding.UTF8),
            CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Program.cs", encoding: Encoding.UTF8),
        };

        var roots = new List<Assembly> { typeof(ContentGateOptions).Assembly };
        if (!web)
        {
            roots.Add(typeof(FactAttribute).Assembly);
            roots.Add(typeof(Assert).Assembly);
        }

        foreach (var package in packages)
        {
            var assembly = LoadAssembly(package);
            if (assembly is null)
            {
                return [$"package '{package}' in the snippet comment is not an assembly the documentation tests reference; add it to ContentGate.Tests.csproj"];
            }

            roots.Add(assembly);
        }

        var references = Framework.Value.Concat(WithDependencies(roots).Select(Reference));

        // A whole file with only types (a controller, say) is a library file; anything with statements is Program.cs.
        var hasStatements = trees[1].GetRoot().DescendantNodes().OfType<GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(
            "ReadmeSnippet" + snippet.Line,
            trees,
            references,
            new CSharpCompilationOptions(hasStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary)
                .WithNullableContextOptions(NullableContextOptions.Enable)
                .WithWarningLevel(9999));

        return [.. compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed)
            .Select(d => d.ToString())];
    }

    /// <summary>The source compiled for a snippet: the snippet's own lines keep their README line numbers.</summary>
    public static string Wrap(string kind, ReadmeSnippet snippet)
    {
        var lines = snippet.Code.Split('\n');
        var firstLine = snippet.Line + 1;
        var source = new StringBuilder();
        if (kind == Program)
        {
            AppendMapped(source, lines, 0, lines.Length, firstLine);
            return source.ToString();
        }

        // A fragment's own using directives must come before the wrapper's statements, as they would in the file.
        var hoisted = LeadingUsings(lines);
        AppendMapped(source, lines, 0, hoisted, firstLine);
        source.Append("#line hidden\n");
        switch (kind)
        {
            case ProgramFragment:
                source.Append("var builder = WebApplication.CreateBuilder(args);\nvar app = builder.Build();\n");
                AppendMapped(source, lines, hoisted, lines.Length, firstLine);
                break;
            case RequestFragment:
                source.Append("internal static class ReadmeSnippet\n{\n    internal static void Run(HttpContext context)\n    {\n");
                AppendMapped(source, lines, hoisted, lines.Length, firstLine);
                source.Append("#line hidden\n    }\n}\n");
                break;
            case TestFragment:
                source.Append("public sealed class ReadmeSnippetTests\n{\n    public static async Task RunAsync(HttpClient client, string databasePath)\n    {\n");
                AppendMapped(source, lines, hoisted, lines.Length, firstLine);
                source.Append("#line hidden\n    }\n}\n");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown snippet kind.");
        }

        return source.ToString();
    }

    private static void AppendMapped(StringBuilder source, string[] lines, int from, int to, int firstLine)
    {
        if (from >= to)
        {
            return;
        }

        source.Append("#line ").Append(firstLine + from).Append(" \"README.md\"\n");
        for (var i = from; i < to; i++)
        {
            source.Append(lines[i]).Append('\n');
        }
    }

    // The lines up to the last using directive among the leading usings, comments and blank lines.
    private static int LeadingUsings(string[] lines)
    {
        var end = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (UsingDirective().IsMatch(lines[i]))
            {
                end = i + 1;
            }
            else if (!string.IsNullOrWhiteSpace(lines[i]) && !lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
            {
                break;
            }
        }

        return end;
    }

    private static MetadataReference Reference(Assembly assembly)
    {
        lock (References)
        {
            if (!References.TryGetValue(assembly.Location, out var reference))
            {
                reference = MetadataReference.CreateFromFile(assembly.Location);
                References.Add(assembly.Location, reference);
            }

            return reference;
        }
    }

    // A package's assembly carries the package's name; it is loadable because the test project references the package.
    private static Assembly? LoadAssembly(string name)
    {
        try
        {
            return Assembly.Load(new AssemblyName(name));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    // NuGet gives a reader a package's dependencies too: every non-framework assembly the named ones reference.
    private static List<Assembly> WithDependencies(List<Assembly> roots)
    {
        var seen = new HashSet<string>(FrameworkNames.Value, StringComparer.OrdinalIgnoreCase);
        var result = new List<Assembly>();
        var pending = new Queue<Assembly>(roots);
        while (pending.TryDequeue(out var assembly))
        {
            if (!seen.Add(assembly.GetName().Name!))
            {
                continue;
            }

            result.Add(assembly);
            foreach (var name in assembly.GetReferencedAssemblies())
            {
                if (!seen.Contains(name.Name!) && LoadAssembly(name.Name!) is { } dependency)
                {
                    pending.Enqueue(dependency);
                }
            }
        }

        return result;
    }

    private static ImmutableArray<MetadataReference> LoadFramework()
        => [.. FrameworkPaths().Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];

    // Microsoft.NETCore.App and Microsoft.AspNetCore.App as this test runs on them: the web SDK's two frameworks.
    private static IEnumerable<string> FrameworkPaths()
    {
        var folders = new[] { typeof(object).Assembly.Location, typeof(WebApplication).Assembly.Location }
            .Select(location => System.IO.Path.GetDirectoryName(location)!);
        return folders
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.dll"))
            .Where(IsManaged)
            .Order(StringComparer.Ordinal);
    }

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\s*packages:(?<names>.*)$")]
    private static partial Regex PackagesPart();

    [GeneratedRegex(@"^\s*using\s+(?!var\s)(static\s+)?[A-Za-z_][\w.]*(\s*=\s*[\w.<>, ]+)?\s*;\s*(//.*)?$")]
    private static partial Regex UsingDirective();
}
