using System.Collections.Frozen;
using ContentGate.Actions.Acknowledging;
using ContentGate.Actions.Blocking;
using ContentGate.Actions.Redirecting;
using ContentGate.Assets;
using ContentGate.Decisions;
using ContentGate.Diagnostics;
using ContentGate.Languages;
using ContentGate.MaxMind;
using ContentGate.Actions.Notices;
using ContentGate.Policies;
using ContentGate.Preview;
using ContentGate.Sources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContentGate.Configuration;

/// <summary>
/// Validates <see cref="ContentGateOptions"/> and compiles them into a <see cref="GateSnapshot"/>, by handing each part
/// to the compiler next to what it compiles (region sets and policies in <c>Policies</c>, texts in <c>Languages</c>,
/// each action's payload in its own folder, the sources in <c>Sources</c>). Every problem is collected, not just the
/// first, and each message names the key, the value and the fix.
/// </summary>
internal sealed class GateCompiler
{
    private const string Root = CompileContext.Root;

    private readonly MaxMindDatabaseCache _databases;
    private readonly ContentGateMetrics _metrics;
    private readonly ILoggerFactory _loggerFactory;
    private readonly string _contentRoot;
    private readonly IServiceProvider _services;

    public GateCompiler(MaxMindDatabaseCache databases, ContentGateMetrics metrics, ILoggerFactory loggerFactory, IHostEnvironment? environment = null, IServiceProvider? services = null)
    {
        _services = services ?? EmptyServiceProvider.Instance;
        _databases = databases;
        _metrics = metrics;
        _loggerFactory = loggerFactory;
        _contentRoot = environment?.ContentRootPath ?? Directory.GetCurrentDirectory();
    }

    public GateSnapshot Compile(ContentGateOptions options)
    {
        if (TryCompile(options, out var snapshot, out var errors))
        {
            return snapshot;
        }

        throw new ContentGateConfigurationException(errors);
    }

    public bool TryCompile(ContentGateOptions options, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GateSnapshot? snapshot, out IReadOnlyList<string> errors)
    {
        var context = new CompileContext(_contentRoot, [.. options.BindingProblems]);
        var sets = RegionSetCompiler.Compile(context, options.RegionSets);
        var defaultLanguage = LanguageCompiler.CompileDefault(context, options.Languages);
        var languages = LanguageCompiler.CompileSelector(context, options.Languages);
        var prefix = PolicyCompiler.CompilePrefix(context, options.PathPrefix);
        var allowedHosts = options.AllowedRedirectHosts.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var policies = new List<CompiledPolicy>();
        foreach (var (name, policy) in options.Policies.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (CompilePolicy(context, name, policy, sets, defaultLanguage, allowedHosts) is { } compiled)
            {
                policies.Add(compiled);
            }
        }

        var noticeCount = policies.Count(p => p.Action == PolicyAction.Notice);
        if (noticeCount > NoticeMask.Capacity)
        {
            context.Add($"{Root}:Policies: {noticeCount} Notice policies are configured; at most {NoticeMask.Capacity} are supported. Merge policies that share regions and paths.");
        }

        // Pages that explain a block and redirect targets may carry notices, but are never blocked, redirected or put
        // behind an interstitial, so no reader is locked out of them and no redirect loops.
        var noticeOnly = policies.Select(p => p.Payload switch
            {
                BlockPayload block => block.Response.LocalBlockedBy,
                RedirectPayload redirect => redirect.LocalPath,
                _ => null,
            })
            .OfType<string>()
            .Select(p => p.Length > 1 ? p.TrimEnd('/') : p)
            .ToList();
        var (_, exemptPaths) = PolicyCompiler.CompilePaths(context, $"{Root}:ExemptPaths", options.ExemptPaths, PathMatcher.None);
        var policySet = new PolicySet([.. policies], sets, prefix, exemptPaths, noticeOnly);

        var usesSubdivisions = policies.Where(p => p.RegionCodes.Any(code => code.Contains('-', StringComparison.Ordinal))).Select(p => p.Name).ToList();
        var database = RegionSourceCompiler.OpenDatabase(context, options, _databases, (policies.Count > 0 || options.Policies.Count > 0) && RegionSourceCompiler.NeedsDatabase(options), usesSubdivisions);
        var usesAutonomousSystems = policies.Where(p => p.RegionCodes.Any(code => code.StartsWith("AS", StringComparison.Ordinal) && code.Length > 2)).Select(p => p.Name).ToList();
        var asnDatabase = RegionSourceCompiler.OpenAsnDatabase(context, options, _databases);
        var sources = RegionSourceCompiler.Compile(options, database, new SourceServices(_services, _loggerFactory, _metrics), context.Problems, asnDatabase);
        if (context.Problems.Count == 0)
        {
            RegionSourceCompiler.CheckNetworks(context, sources, usesAutonomousSystems);
        }
        if (sources.Count == 0 && options.Policies.Count > 0 && context.Problems.Count == 0)
        {
            context.Add($"{Root}:Sources: no region source is usable, so every visitor would be unknown. Set {Root}:MaxMind:DatabasePath or add a source.");
        }

        if (context.Problems.Count > 0)
        {
            // Sources may own connections (the web service's HTTP client, Redis); a snapshot that never serves must
            // not leave them open.
            foreach (var source in sources.OfType<IDisposable>())
            {
                source.Dispose();
            }

            snapshot = null;
            errors = WithoutRepeats(context.Problems, options);
            return false;
        }

        var styling = new StylingSettings(options.Styling.DefaultStyles, string.IsNullOrWhiteSpace(options.Styling.NonceItemKey) ? null : options.Styling.NonceItemKey);
        var styleMarkup = new StyleMarkup(styling, prefix);
        var cdnCacheKeyIncludesRegion = options.Caching.CdnCacheKeyIncludesRegion;
        snapshot = new GateSnapshot
        {
            Resolver = new RegionResolver(sources, _metrics, _loggerFactory.CreateLogger<RegionResolver>()),
            Policies = policySet,
            CdnCacheKeyIncludesRegion = cdnCacheKeyIncludesRegion,
            Notices = new NoticeComposer(policySet, languages, styleMarkup, cdnCacheKeyIncludesRegion),
            Styling = styling,
            StyleMarkup = styleMarkup,
            Languages = languages,
            Preview = new PreviewSettings(
                string.IsNullOrWhiteSpace(options.Preview.QueryParameter) ? ContentGateDefaults.PreviewParameter : options.Preview.QueryParameter.Trim(),
                string.IsNullOrWhiteSpace(options.Preview.AuthorizationPolicy) ? null : options.Preview.AuthorizationPolicy.Trim(),
                options.Preview.AllowInDevelopment),
            WatchedFiles = [.. context.Files],
        };
        errors = [];
        return true;
    }

    /// <summary>
    /// The problems without those the compiler found about keys the binder already rejected: a rejected
    /// <c>Action</c> value, left out of binding, is not reported again as missing.
    /// </summary>
    private static List<string> WithoutRepeats(List<string> problems, ContentGateOptions options)
    {
        var bindingCount = options.BindingProblems.Count;
        var keys = options.BindingProblemKeys;
        return keys.Count == 0
            ? problems
            : [.. problems.Where((problem, i) => i < bindingCount || !keys.Any(key =>
                problem.StartsWith(key, StringComparison.OrdinalIgnoreCase) && problem.Length > key.Length && problem[key.Length] is ':' or ' '))];
    }

    /// <summary>Compiles one policy: what every policy has, then its action's payload; <see langword="null"/> on any problem.</summary>
    private static CompiledPolicy? CompilePolicy(CompileContext context, string name, PolicyOptions policy, IReadOnlyDictionary<string, FrozenSet<string>> sets, string defaultLanguage, IReadOnlySet<string> allowedHosts)
    {
        var before = context.Problems.Count;
        if (!PolicyCompiler.TryCompileCore(context, name, policy, sets, out var core))
        {
            return null;
        }

        var key = PolicyCompiler.Key(name);
        (PolicyPayload? Payload, LocalizedContent? Content, string? Extra, bool Lifted) compiled = core.Action switch
        {
            PolicyAction.Notice => NoticeCompiler.Compile(context, key, policy.Notice, defaultLanguage) is { } notice
                ? (notice, notice.Content, null, notice.Dismissible) : default,
            PolicyAction.Block => BlockCompiler.Compile(context, key, name, policy.Block, defaultLanguage) is { } block
                ? (block, block.Content, null, false) : default,
            PolicyAction.Acknowledge => AcknowledgeCompiler.Compile(context, key, policy.Acknowledge, defaultLanguage) is { } acknowledge
                ? (acknowledge, acknowledge.Content, null, true) : default,
            _ => RedirectCompiler.Compile(context, key, policy.Redirect, allowedHosts) is { } redirect
                ? (redirect, null, redirect.Url, false) : default,
        };

        return context.Problems.Count > before || compiled.Payload is null
            ? null
            : PolicyCompiler.Create(core, compiled.Payload, LocalizedContentCompiler.VersionOf(name, compiled.Content, compiled.Extra), compiled.Lifted);
    }
}
