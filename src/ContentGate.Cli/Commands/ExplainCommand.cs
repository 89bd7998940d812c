using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using ContentGate.Cli.Explaining;
using ContentGate.Cli.Hosting;
using ContentGate.Configuration;
using ContentGate.Regions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace ContentGate.Cli.Commands;

/// <summary>
/// <c>contentgate explain</c>: one request through the middleware's own code (binder, compiler, region resolver,
/// coverage and fail-mode rules), reported policy by policy.
/// </summary>
internal static class ExplainCommand
{
    /// <summary>The command and the notes its help ends with.</summary>
    public static (Command Command, string Notes) Create()
    {
        var config = ToolOptions.Config("The app's appsettings.json (its ContentGate section is read).");
        var ip = new Option<IPAddress>("--ip")
        {
            HelpName = "address",
            Description = "The connection's remote address as the app sees it (after UseForwardedHeaders), IPv4 or IPv6.",
            Required = true,
            CustomParser = result => ToolOptions.Parsed<IPAddress>(result, RequestArguments.TryParseAddress),
        };
        var path = new Option<PathString>("--path")
        {
            HelpName = "path",
            Description = "The request path, or a whole URL (the query string is ignored). Defaults to /.",
            CustomParser = result => ToolOptions.Parsed<PathString>(result, RequestArguments.TryParsePath),
        };
        var header = new Option<KeyValuePair<string, string>[]>("--header")
        {
            HelpName = "name:value",
            Description = "A request header, for header region sources (CDN geolocation headers). Repeat for several.",
            CustomParser = result => [.. result.Tokens.Select(token => RequestArguments.TryParseHeader(token.Value, out var parsed, out var problem) ? parsed : Fail(result, problem))],
        };
        var environment = ToolOptions.Environment($"Also read <config name>.<name>.json beside --config. Defaults to {ToolOptions.DefaultEnvironment}, as the host does when no environment is set.");
        var json = ToolOptions.Json();
        var command = new Command("explain", "Explain which policies apply to a request from an address, and why.")
        {
            config, ip, path, header, environment, json,
        };
        command.SetAction((result, _) => RunAsync(
            new ExplainRequest(
                result.GetRequiredValue(config),
                result.GetRequiredValue(ip),
                result.GetResult(path) is null ? new PathString("/") : result.GetValue(path),
                result.GetValue(header) ?? [],
                result.GetValue(environment) ?? ToolOptions.DefaultEnvironment,
                result.GetValue(json)),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return (command, Notes);
    }

    private const string Notes = """
        How it works:
          The ContentGate section of --config, overridden by <config name>.<Environment>.json beside it when that
          exists (appsettings.json, then appsettings.Production.json), is bound and validated by ContentGate's own
          binder and compiler. The region comes from the configured sources; each policy is decided by the
          middleware's own rules, in its order: Block, Redirect, Acknowledge, Notice (each by ordinal name). The
          first Block, Redirect or Acknowledge that applies answers the request; every applying Notice is inserted.

          Relative paths in the configuration (MaxMind:DatabasePath, HtmlFile) resolve against the folder of
          --config, as against the app's content root. Only the JSON files are read, not environment variables,
          user secrets or command-line arguments the app may also take configuration from.

        About --ip and --header:
          --ip is the connection's peer as the app sees it: behind a proxy or CDN that is the visitor only when the
          app's UseForwardedHeaders trusts that proxy; otherwise it is the proxy. Header region sources believe a
          header only from the peer networks they are configured to trust, exactly as in the app: to explain a
          request that came through a CDN, give the CDN edge's address as --ip and its headers with --header.

        Not known to the tool:
          endpoint metadata ([RegionPolicy], [SkipContentGate]), cookies (a dismissed notice or an acknowledged
          interstitial: both are reported as still shown) and the preview parameter.

        Examples:
          contentgate explain --config appsettings.json --ip 203.0.113.9
          contentgate explain --config appsettings.json --ip 203.0.113.81 --path /articles/restricted-in-kazakhstan
          contentgate explain --config appsettings.json --ip 203.0.113.9 --path /api/x --environment Staging --json
        """;

    private static KeyValuePair<string, string> Fail(ArgumentResult result, string problem)
    {
        result.AddError(problem);
        return default;
    }

    private sealed record ExplainRequest(string Config, IPAddress Address, PathString Path, IReadOnlyList<KeyValuePair<string, string>> Headers, string Environment, bool Json);

    private static async Task<int> RunAsync(ExplainRequest request, TextWriter stdout, TextWriter stderr)
    {
        var (address, path, headers, environment, json) = (request.Address, request.Path, request.Headers, request.Environment, request.Json);
        if (!ConfigurationFiles.TryLoad(request.Config, environment, out var files, out var problem))
        {
            return CommandOutput.Failure(stdout, stderr, json, ExitCodes.ConfigurationInvalid, [problem]);
        }

        using (files)
        {
            var section = files.ContentGateSection;
            if (!section.Exists())
            {
                return CommandOutput.Failure(stdout, stderr, json, ExitCodes.ConfigurationInvalid,
                    [$"{ContentGateDefaults.SectionName}: {string.Join(", ", files.Files)} has no '{ContentGateDefaults.SectionName}' section. Point --config at the app's appsettings.json."]);
            }

            using var loader = new GateLoader();
            if (!loader.TryLoad(section, new ToolHostEnvironment(environment, files.ContentRoot), out var snapshot, out var problems, out var databaseOnly))
            {
                return databaseOnly
                    ? CommandOutput.Failure(stdout, stderr, json, ExitCodes.DatabaseUnusable, problems)
                    : CommandOutput.Failure(stdout, stderr, json, ExitCodes.ConfigurationInvalid, problems);
            }

            var context = new DefaultHttpContext { RequestServices = EmptyServiceProvider.Instance };
            context.Connection.RemoteIpAddress = address;
            context.Request.Method = HttpMethods.Get;
            context.Request.Scheme = "https";
            context.Request.Path = path;
            foreach (var (name, value) in headers)
            {
                context.Request.Headers.Append(name, value);
            }

            var feature = await snapshot.Resolver.ResolveAsync(context);
            var (verdicts, outcome) = PolicyExplainer.Explain(snapshot.Policies, feature.Region, path);
            var explanation = new Explanation(address, ClientAddress.Normalize(address), path.Value ?? "/", headers, feature, verdicts, outcome);
            if (json)
            {
                ExplainReport.WriteJson(stdout, explanation, files.Files, environment);
            }
            else
            {
                ExplainReport.WriteText(stdout, explanation, files.Files, environment);
            }

            return outcome.Kind == OutcomeKind.Served ? ExitCodes.Success : ExitCodes.Applies;
        }
    }
}
