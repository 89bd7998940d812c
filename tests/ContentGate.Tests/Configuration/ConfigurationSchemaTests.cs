using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ContentGate.Tests.Infrastructure;
using Json.Schema;
using Microsoft.Extensions.Configuration;

namespace ContentGate.Tests.Configuration;

/// <summary>
/// The configuration schema: generated from the options types (<see cref="ConfigurationSchemaGenerator"/>), committed in
/// two places — <c>src/ContentGate/ConfigurationSchema.json</c>, which the package carries for editors, and
/// <c>schemas/contentgate.schema.json</c>, for a <c>"$schema"</c> reference — and checked against the configurations
/// the repository shows readers.
/// </summary>
/// <remarks>
/// To regenerate both files after changing an option (or merging a branch that did):
/// <c>CONTENTGATE_UPDATE_SCHEMA=1 dotnet test tests/ContentGate.Tests --filter FullyQualifiedName~ConfigurationSchemaTests</c>,
/// then review and commit the diff.
/// </remarks>
public sealed partial class ConfigurationSchemaTests
{
    private const string UpdateVariable = "CONTENTGATE_UPDATE_SCHEMA";
    private const string PackageSegmentFile = "src/ContentGate/ConfigurationSchema.json";
    private const string PublishedFile = "schemas/contentgate.schema.json";

    private static readonly Lazy<JsonSchema> Published = new(() => JsonSchema.FromText(File.ReadAllText(PathOf(PublishedFile))));

    public static TheoryData<string> CommittedFiles() => new() { PackageSegmentFile, PublishedFile };

    [Theory]
    [MemberData(nameof(CommittedFiles))]
    public void CommittedSchema_IsWhatTheOptionsTypesGenerate(string file)
    {
        var generated = file == PackageSegmentFile ? ConfigurationSchemaGenerator.PackageSegment() : ConfigurationSchemaGenerator.Published();
        var path = PathOf(file);
        var committed = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : null;
        if (committed == generated)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, generated);
            return;
        }

        Assert.Fail(
            $"{file} is not what the options types generate: an option, its type or its XML documentation changed. Regenerate it with\n" +
            $"  {UpdateVariable}=1 dotnet test tests/ContentGate.Tests --filter FullyQualifiedName~{nameof(ConfigurationSchemaTests)}\n" +
            "and review the diff before committing it.");
    }

    [Theory]
    [MemberData(nameof(CommittedFiles))]
    public void CommittedSchema_HasEveryBindableOption_AndNoOther(string file)
    {
        var root = JsonNode.Parse(File.ReadAllText(PathOf(file)))!;
        var section = root["properties"]?[ContentGateDefaults.SectionName];
        Assert.NotNull(section);

        var problems = new List<string>();
        Check(typeof(ContentGateOptions), section!, ContentGateDefaults.SectionName, problems);

        Assert.True(problems.Count == 0, $"{file}:\n  " + string.Join("\n  ", problems));
    }

    public static TheoryData<string> SampleSettings()
        => [.. Directory.EnumerateFiles(PathOf("samples/ContentGate.Sample"), "appsettings*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(SampleSettings))]
    public void SampleConfiguration_IsValid(string file)
        => AssertValid(File.ReadAllText(PathOf("samples/ContentGate.Sample/" + file)), file);

    public static TheoryData<string> GatewaySettings()
        => [.. Directory.EnumerateFiles(PathOf("src/ContentGate.Gateway"), "appsettings*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(GatewaySettings))]
    public void GatewayConfiguration_IsValid(string file)
        => AssertValid(File.ReadAllText(PathOf("src/ContentGate.Gateway/" + file)), file);

    [Fact]
    public void ReadmeConfigurations_AreValid()
    {
        var blocks = ReadmeJsonBlocks();
        Assert.NotEmpty(blocks);
        foreach (var (line, json) in blocks)
        {
            AssertValid(AsDocument(json, line), $"README.md line {line}");
        }
    }

    public static TheoryData<string, string> Misspellings() => new()
    {
        { """{ "ContentGate": { "Polices": {} } }""", "Polices" },
        { """{ "ContentGate": { "ExemptPath": [ "/healthz" ] } }""", "ExemptPath" },
        { """{ "ContentGate": { "Policies": { "p": { "Regions": [ "RU" ], "Action": "Blok" } } } }""", "Blok" },
        { """{ "ContentGate": { "Policies": { "p": { "Regions": [ "RU" ], "ExludePaths": [ "/api" ] } } } }""", "ExludePaths" },
        { """{ "ContentGate": { "Policies": { "p": { "Notice": { "Translations": { "ru": { "Htm": "<p>x</p>" } } } } } } }""", "Htm" },
        { """{ "ContentGate": { "Policies": { "p": { "FailMode": "Aply" } } } }""", "Aply" },
        { """{ "ContentGate": { "Policies": { "p": { "Notice": { "Placement": "Top" } } } } }""", "Top" },
        { """{ "ContentGate": { "Sources": [ { "Type": "Cloudflare", "TrustedNetwork": [ "173.245.48.0/20" ] } ] } }""", "TrustedNetwork" },
        { """{ "ContentGate": { "Sources": [ { "Type": "CloudFlare" } ] } }""", "CloudFlare" },
        { """{ "ContentGate": { "Sources": [ { "Type": "Cloudflare", "AccountId": "1" } ] } }""", "a registered source's key on a built-in source" },
        { """{ "ContentGate": { "Sources": [ { "Type": 7 } ] } }""", "a number for a source type" },
        { """{ "ContentGate": { "MaxMind": { "DatabasePth": "x.mmdb" } } }""", "DatabasePth" },
        { """{ "ContentGate": { "Policies": { "p": { "Acknowledge": { "Lifetime": "30 days" } } } } }""", "30 days" },
        { """{ "ContentGate": { "Policies": { "p": { "Notice": { "Dismissible": "yes" } } } } }""", "yes" },
        { """{ "ContentGate": { "RegionSets": { "russia-controlled": "RU" } } }""", "a set that is not a list" },
    };

    [Theory]
    [MemberData(nameof(Misspellings))]
    public void Configuration_WithAMistake_IsInvalid(string json, string mistake)
    {
        var result = Evaluate(json);

        Assert.False(result.IsValid, $"the schema accepted {mistake}: {json}");
    }

    [Theory]
    [InlineData("""{ "ContentGate": { "Sources": [ { "Type": "MaxMindWebService", "AccountId": "1", "LicenseKey": "k", "CacheKeySecret": "s" } ] } }""")]
    [InlineData("""{ "ContentGate": { "Sources": [ { "Type": "MyEdgeHeaders", "Anything": "its factory checks" }, { "Type": "MaxMindDatabase" } ] } }""")]
    public void SourceOfARegisteredType_KeepsItsOwnKeys(string json)
    {
        // Types other than the built-in ones are registered by the app (AddRegionSource, AddMaxMindWebService); their
        // factories check their keys at start-up and in `contentgate check`.
        var result = Evaluate(json);

        Assert.True(result.IsValid, json);
    }

    [Fact]
    public void KeysInAnotherCase_AreFlaggedByTheSchema_ThoughTheBinderAcceptsThem()
    {
        // The documented decision: the binder ignores case, the schema holds keys and names to their documented
        // spelling, so an editor steers everyone to the one spelling the README, the errors and the tool use.
        const string json = """{ "ContentGate": { "maxmind": { "databasePath": "x.mmdb" }, "Policies": { "p": { "Regions": [ "RU" ], "Action": "notice", "Notice": { "Html": "<p>x</p>" } } } } }""";
        var options = new ContentGateOptions();
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();
        ContentGate.Configuration.ContentGateConfigurationBinder.Bind(configuration.GetSection(ContentGateDefaults.SectionName), options);

        Assert.Empty(options.BindingProblems);
        Assert.Equal("x.mmdb", options.MaxMind.DatabasePath);
        Assert.False(Evaluate(json).IsValid);
    }

    [Fact]
    public void OtherTopLevelKeys_AreLeftAlone()
        => AssertValid("""{ "$schema": "https://example.org/contentgate.schema.json", "Logging": { "LogLevel": { "Default": "Warning" } }, "AllowedHosts": "*", "MyApp": { "Anything": [ 1, 2 ] }, "ContentGate": { "Policies": {} } }""", "a whole appsettings file");

    private static void Check(Type type, JsonNode schema, string key, List<string> problems, bool needsDescription = true)
    {
        if (needsDescription && schema["description"] is null)
        {
            problems.Add($"{key}: no description (write the XML documentation of the option)");
        }

        var scalar = Nullable.GetUnderlyingType(type) ?? type;
        if (ConfigurationSchemaGenerator.DictionaryValue(scalar) is { } value)
        {
            CheckEntry(value, schema["additionalProperties"], $"{key}:<name>", problems);
            return;
        }

        if (ConfigurationSchemaGenerator.ListElement(scalar) is { } element)
        {
            CheckEntry(element, schema["items"], $"{key}:<index>", problems);
            return;
        }

        if (scalar.IsEnum)
        {
            var names = schema["enum"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];
            if (!names.SequenceEqual(Enum.GetNames(scalar)))
            {
                problems.Add($"{key}: enum [{string.Join(", ", names)}], the type has [{string.Join(", ", Enum.GetNames(scalar))}]");
            }

            return;
        }

        if (!IsOptionsClass(scalar))
        {
            return;
        }

        // The binder's own rule (ContentGateConfigurationBinder.CheckKeys): every public instance property is a key.
        var keys = scalar.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var described = schema["properties"]?.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal) ?? [];
        problems.AddRange(keys.Except(described).Select(k => $"{key}:{k}: a bindable option the schema does not describe"));
        problems.AddRange(described.Except(keys).Select(k => $"{key}:{k}: in the schema, but not an option"));
        // A source entry refuses unknown keys only for the built-in types (a registered type has keys of its own).
        var refusing = scalar == typeof(ContentGate.Sources.RegionSourceOptions) ? schema["then"] : schema;
        if (refusing?["additionalProperties"]?.GetValue<bool>() != false)
        {
            problems.Add($"{key}: unknown keys are not refused (additionalProperties: false)");
        }

        foreach (var property in scalar.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => described.Contains(p.Name)))
        {
            Check(property.PropertyType, schema["properties"]![property.Name]!, $"{key}:{property.Name}", problems);
        }
    }

    private static void CheckEntry(Type type, JsonNode? schema, string key, List<string> problems)
    {
        if (schema is null)
        {
            problems.Add($"{key}: the entries have no schema");
        }
        else if (IsOptionsClass(type) || ConfigurationSchemaGenerator.ListElement(type) is not null)
        {
            // An options class says what it is; a list inside a dictionary (a region set) has only the dictionary's words.
            Check(type, schema, key, problems, needsDescription: IsOptionsClass(type) && ConfigurationSchemaGenerator.ListElement(type) is null);
        }
    }

    private static bool IsOptionsClass(Type type)
        => type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("ContentGate", StringComparison.Ordinal) == true;

    private static EvaluationResults Evaluate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Published.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static void AssertValid(string json, string what)
    {
        var result = Evaluate(json);
        if (!result.IsValid)
        {
            var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
            Assert.Fail($"{what} does not validate against {PublishedFile}:\n  " + string.Join("\n  ", errors));
        }
    }

    // A README block is a whole appsettings file, one entry of Sources, or keys of the section (`"Sources": [ … ]`).
    private static string AsDocument(string json, int line)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return $$"""{ "ContentGate": { {{json}} } }""";
        }

        return node switch
        {
            JsonObject o when o.ContainsKey(ContentGateDefaults.SectionName) => json,
            JsonObject o when o.ContainsKey("Type") => $$"""{ "ContentGate": { "Sources": [ {{json}} ] } }""",
            _ => throw new InvalidOperationException($"README.md line {line}: a JSON block that is neither an appsettings file, a Sources entry nor keys of the section. Teach {nameof(ConfigurationSchemaTests)} what it is."),
        };
    }

    private static List<(int Line, string Json)> ReadmeJsonBlocks()
    {
        var lines = File.ReadAllText(PathOf("README.md")).ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<(int, string)>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (JsonFence().Match(lines[i]) is not { Success: true } open)
            {
                continue;
            }

            var indent = open.Groups["indent"].Value;
            var start = i;
            var body = new List<string>();
            while (++i < lines.Length && lines[i].Trim() != "```")
            {
                body.Add(lines[i].StartsWith(indent, StringComparison.Ordinal) ? lines[i][indent.Length..] : lines[i]);
            }

            blocks.Add((start + 1, string.Join("\n", body)));
        }

        return blocks;
    }

    private static string PathOf(string file) => RepositoryFiles.PathOf(file.Split('/'));

    [GeneratedRegex(@"^(?<indent>\s*)```json\s*$")]
    private static partial Regex JsonFence();
}
