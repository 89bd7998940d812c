using System.CommandLine;
using System.Text.Json;
using ContentGate.Cli.Hosting;
using ContentGate.Configuration;
using ContentGate.MaxMind.Verification;
using ContentGate.Sources;

namespace ContentGate.Cli.Commands;

/// <summary>
/// <c>contentgate check</c>: would the host start with this configuration? The same files, binder, compiler, region
/// sources and database verification as the host's start-up, every problem printed, an exit code for CI.
/// </summary>
internal static class CheckCommand
{
    /// <summary>The command and the notes its help ends with.</summary>
    public static (Command Command, string Notes) Create()
    {
        var config = new Option<string[]>("--config")
        {
            HelpName = "file",
            Description = "The app's appsettings.json. Repeat for files read after it (and after its environment file), later ones overriding earlier ones.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var environment = ToolOptions.Environment($"The host's environment: <config name>.<name>.json beside the first --config is read after it when it exists. Defaults to {ToolOptions.DefaultEnvironment}, as the host does when no environment is set.");
        var json = ToolOptions.Json("Write the result as JSON: valid, error, problems, configuration, sources, policies.");
        var command = new Command("check", "Check a configuration as the host checks it at start-up: exit 0 when the host would start.")
        {
            config, environment, json,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(config) is { } files && files.Any(string.IsNullOrWhiteSpace))
            {
                result.AddError("--config needs a value.");
            }
        });
        command.SetAction(result => Run(
            result.GetRequiredValue(config),
            result.GetValue(environment) ?? ToolOptions.DefaultEnvironment,
            result.GetValue(json),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return (command, Notes);
    }

    private const string Notes = """
        How it works:
          The files are read as the host reads them (the first --config, its environment file beside it, then any
          further --config in order), then environment variables such as ContentGate__Sources__0__LicenseKey, as
          WebApplication.CreateBuilder reads them after the files. The ContentGate section is bound, compiled and
          checked by the code the host runs at start-up: the configuration binder (unknown keys, enum values,
          values that do not convert), the policy, region-set, language and action compilers, the region sources,
          and the MaxMind database, opened and verified whole. Every problem is printed with its key, its value and
          the fix, as the host prints them when it refuses to start. Relative paths resolve against the folder of
          the first --config, as against the app's content root.

        Not known to the tool:
          configuration the app takes from elsewhere (user secrets, command-line arguments, other providers, code),
          and endpoint metadata: an endpoint naming a policy that is not configured stops the host only once
          its endpoints exist.

        Examples:
          contentgate check --config appsettings.json
          contentgate check --config appsettings.json --environment Staging --json
          contentgate check --config appsettings.json --config appsettings.Production.json
        """;

    private static int Run(IReadOnlyList<string> paths, string environment, bool json, TextWriter stdout, TextWriter stderr)
    {
        if (!ConfigurationFiles.TryLoad(paths, environment, environmentVariables: true, out var files, out var fileProblems))
        {
            return Fail(stdout, stderr, json, ExitCodes.ConfigurationInvalid, fileProblems, paths, environment, contentRoot: null);
        }

        using (files)
        {
            using var loader = new GateLoader();

            // The section goes to the binder even when it is missing: the host's own message says what to do.
            if (!loader.TryLoad(files.ContentGateSection, new ToolHostEnvironment(environment, files.ContentRoot), out var snapshot, out var problems, out var databaseOnly))
            {
                return Fail(stdout, stderr, json, databaseOnly ? ExitCodes.DatabaseUnusable : ExitCodes.ConfigurationInvalid, problems, files.Files, environment, files.ContentRoot);
            }

            var sources = snapshot.Resolver.Sources;
            var policies = snapshot.Policies.All;
            try
            {
                if (json)
                {
                    stdout.WriteLine(JsonOutput.Render(writer =>
                    {
                        WriteHead(writer, valid: true, error: null, [], files.Files, environment, files.ContentRoot);
                        writer.WriteStartArray("sources");
                        foreach (var source in sources)
                        {
                            writer.WriteStringValue(source.Name);
                        }

                        writer.WriteEndArray();
                        writer.WriteStartArray("databases");
                        foreach (var source in sources.OfType<MaxMindDatabaseSource>())
                        {
                            foreach (var (role, database) in new[] { ("location", source.Database), ("asn", source.AsnDatabase) })
                            {
                                if (database is null)
                                {
                                    continue;
                                }

                                writer.WriteStartObject();
                                writer.WriteString("role", role);
                                writer.WriteString("path", database.Path);
                                writer.WriteString("type", database.DatabaseType);
                                writer.WriteString("layout", database.Schema.ToString());
                                writer.WriteNumber("unmappedSubdivisionNames", database.UnmappedNames.Names);
                                writer.WriteNumber("unmappedSubdivisionNetworks", database.UnmappedNames.Networks);
                                writer.WriteStartArray("unmappedExamples");
                                foreach (var example in database.UnmappedNames.Examples)
                                {
                                    writer.WriteStringValue(example);
                                }

                                writer.WriteEndArray();
                                writer.WriteEndObject();
                            }
                        }

                        writer.WriteEndArray();
                        writer.WriteStartArray("policies");
                        foreach (var policy in policies)
                        {
                            writer.WriteStartObject();
                            writer.WriteString("name", policy.Name);
                            writer.WriteString("action", policy.Action.ToString());
                            writer.WriteEndObject();
                        }

                        writer.WriteEndArray();
                        writer.WriteEndObject();
                    }));
                }
                else
                {
                    stdout.WriteLine($"Configuration: {string.Join(", ", files.Files)} (environment {environment})");
                    stdout.WriteLine($"Content root: {files.ContentRoot}");
                    stdout.WriteLine($"Region sources: {(sources.Count == 0 ? "none" : string.Join(", ", sources.Select(s => s.Name)))}");
                    foreach (var source in sources.OfType<MaxMindDatabaseSource>())
                    {
                        var database = source.Database;
                        stdout.WriteLine($"Database: {database.Path} ({database.DatabaseType}, {RecordSchemas.Describe(database.Schema)} layout), verified");
                        if (database.UnmappedNames.Names > 0)
                        {
                            stdout.WriteLine($"  Warning: {database.UnmappedNames}. See docs/subdivision-names.md to add an alias.");
                        }

                        if (source.AsnDatabase is { } asn)
                        {
                            stdout.WriteLine($"ASN database: {asn.Path} ({asn.DatabaseType}), verified");
                        }
                    }

                    stdout.WriteLine($"Policies: {(policies.Length == 0 ? "none" : string.Join(", ", policies.Select(p => $"{p.Name} ({p.Action})")))}");
                    stdout.WriteLine("OK: the host would start with this configuration.");
                }

                return ExitCodes.Success;
            }
            finally
            {
                // Sources may own connections (HTTP clients, Redis); the tool never uses them.
                foreach (var source in sources.OfType<IDisposable>())
                {
                    source.Dispose();
                }
            }
        }
    }

    private static int Fail(TextWriter stdout, TextWriter stderr, bool json, int exitCode, IReadOnlyList<string> problems, IReadOnlyList<string> files, string environment, string? contentRoot)
    {
        CommandOutput.WriteProblems(stderr, exitCode, problems);
        if (json)
        {
            stdout.WriteLine(JsonOutput.Render(writer =>
            {
                WriteHead(writer, valid: false, CommandOutput.ErrorCode(exitCode), problems, files, environment, contentRoot);
                writer.WriteStartArray("sources");
                writer.WriteEndArray();
                writer.WriteStartArray("policies");
                writer.WriteEndArray();
                writer.WriteEndObject();
            }));
        }

        return exitCode;
    }

    private static void WriteHead(Utf8JsonWriter writer, bool valid, string? error, IReadOnlyList<string> problems, IReadOnlyList<string> files, string environment, string? contentRoot)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("valid", valid);
        writer.WriteString("error", error);
        writer.WriteStartArray("problems");
        foreach (var problem in problems)
        {
            writer.WriteStringValue(problem);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("configuration");
        writer.WriteStartArray("files");
        foreach (var file in files)
        {
            writer.WriteStringValue(file);
        }

        writer.WriteEndArray();
        writer.WriteString("environment", environment);
        writer.WriteString("contentRoot", contentRoot);
        writer.WriteEndObject();
    }
}
