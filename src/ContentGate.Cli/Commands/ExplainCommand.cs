using ContentGate.Cli.CommandLine;
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
    public const string DefaultEnvironment = "Production";

    public static CommandSpec Spec { get; } = new(
        "explain",
        "Explain which policies apply to a request from an address, and why.",
        [
            new("--config", "file", "The app's appsettings.json (its ContentGate section is read).", Required: true),
            new("--ip", "address", "The connection's remote address as the app sees it (after UseForwardedHeaders),\nIPv4 or IPv6.", Required: true),
            new("--path", "path", "The request path, or a whole URL (the query string is ignored). Defaults to /."),
            new("--header", "name:value", "A request header, for header region sources (CDN geolocation headers).\nRepeat for several.", Repeatable: true),
            new("--environment", "name", $"Also read <config name>.<name>.json beside --config. Defaults to {DefaultEnvironment},\nas the host does when no environment is set."),
            new("--json", null, "Write the result as JSON."),
        ],
        """
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
        """);

    public static async Task<int> RunAsync(ParsedOptions options, TextWriter stdout, TextWriter stderr)
    {
        if (!RequestArguments.TryParseAddress(options.Value("--ip")!, out var address, out var problem)
            || !RequestArguments.TryParsePath(options.Value("--path") ?? "/", out var path, out problem))
        {
            return CommandOutput.UsageError(stderr, Spec, problem);
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var value in options.Values("--header"))
        {
            if (!RequestArguments.TryParseHeader(value, out var header, out problem))
            {
                return CommandOutput.UsageError(stderr, Spec, problem);
            }

            headers.Add(header);
        }

        var environment = options.Value("--environment") ?? DefaultEnvironment;
        if (!environment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return CommandOutput.UsageError(stderr, Spec, $"--environment: '{environment}' is not an environment name such as Production or Staging.");
        }

        var json = options.Has("--json");
        if (!ConfigurationFiles.TryLoad(options.Value("--config")!, environment, out var files, out problem))
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
