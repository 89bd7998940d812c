using System.Collections.Concurrent;
using System.Collections.Frozen;
using ContentGate.Notices;
using ContentGate.Regions;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Policies;

/// <summary>
/// One immutable, compiled view of the options: the region sources, the policies and the global settings. A
/// configuration change produces a whole new snapshot; nothing in here changes after construction except caches.
/// </summary>
internal sealed class GateSnapshot
{
    // Notice combinations are few (one per distinct set of matching notice policies and languages), so they are
    // built once and reused.
    private readonly ConcurrentDictionary<NoticeKey, NoticeInjection> _noticeCombinations = new();
    private readonly IReadOnlyDictionary<string, FrozenSet<string>> _regionSets;
    private readonly ConcurrentDictionary<string, RegionListResult> _regionLists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompiledPolicy> _policiesByName;

    public GateSnapshot(RegionResolver resolver, CompiledPolicy[] policies, bool keepSharedCacheable, IReadOnlyDictionary<string, FrozenSet<string>>? regionSets = null)
    {
        Resolver = resolver;
        KeepSharedCacheable = keepSharedCacheable;
        _regionSets = regionSets ?? new Dictionary<string, FrozenSet<string>>();
        _policiesByName = policies.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        Policies = policies;
        BlockPolicies = [.. policies.Where(p => p.Action == PolicyAction.Block)];
        RedirectPolicies = [.. policies.Where(p => p.Action == PolicyAction.Redirect)];
        AcknowledgePolicies = [.. policies.Where(p => p.Action == PolicyAction.Acknowledge)];
        NoticePolicies = [.. policies.Where(p => p.Action == PolicyAction.Notice)];
        NoMatchingNotice = NoticeInjection.CacheRulesOnly(keepSharedCacheable);
        resolver.AttachTo(this);
    }

    public RegionResolver Resolver { get; }

    public bool KeepSharedCacheable { get; }

    /// <summary>Every policy in ordinal name order.</summary>
    public CompiledPolicy[] Policies { get; }

    /// <summary>Block policies in ordinal name order: the first that applies answers the request.</summary>
    public CompiledPolicy[] BlockPolicies { get; }

    /// <summary>Redirect policies in ordinal name order: after blocks, the first that applies answers the request.</summary>
    public CompiledPolicy[] RedirectPolicies { get; }

    /// <summary>Acknowledge policies in ordinal name order: after redirects, the first unacknowledged one answers.</summary>
    public CompiledPolicy[] AcknowledgePolicies { get; }

    /// <summary>Notice policies in ordinal name order: every one that applies is inserted, in this order.</summary>
    public CompiledPolicy[] NoticePolicies { get; }

    public bool HasPolicies => Policies.Length > 0;

    /// <summary>What a response gets when a notice policy covers its path but the visitor does not match.</summary>
    public NoticeInjection NoMatchingNotice { get; }

    /// <summary>Where ContentGate serves its stylesheet and receives form posts, without a trailing slash.</summary>
    public string PathPrefix { get; init; } = ContentGateDefaults.PathPrefix;

    /// <summary>Built-in exempt paths: ContentGate's own, robots.txt, favicon.ico and /.well-known.</summary>
    public PathMatcher Exempt { get; init; } = PathMatcher.None;

    /// <summary>
    /// Local BlockedBy pages and redirect targets: they may carry notices but are never blocked, redirected or put
    /// behind an interstitial.
    /// </summary>
    public PathMatcher NeverGated { get; init; } = PathMatcher.None;

    /// <summary>The operator's <c>ContentGate:ExemptPaths</c>.</summary>
    public PathMatcher ConfiguredExempt { get; init; } = PathMatcher.None;

    public Assets.StylingSettings Styling { get; init; } = new(true, null);

    /// <summary>The markup that brings the styles into ContentGate's notices and pages, built once where it can be.</summary>
    public Assets.StyleMarkup StyleMarkup => _styleMarkup ??= new(Styling, PathPrefix);

    private Assets.StyleMarkup? _styleMarkup;

    public Languages.LanguageSelector Languages { get; init; } = ContentGate.Languages.LanguageSelector.Empty;

    public Preview.PreviewSettings Preview { get; init; } = new(ContentGateDefaults.PreviewParameter, null, true);

    /// <summary>Full paths of the HTML files the texts were read from; a change to any of them recompiles.</summary>
    public IReadOnlyList<string> WatchedFiles { get; init; } = [];

    public bool IsExempt(PathString path) => Exempt.Matches(path) || ConfiguredExempt.Matches(path);

    /// <summary>
    /// Whether <paramref name="policy"/> covers a request, by the one set of rules the middleware and the code API
    /// share: exempt paths and skipped endpoints are never covered; local BlockedBy pages and redirect targets are
    /// covered only by Notice policies; the policy's excluded paths win; then its paths or the endpoint naming it.
    /// </summary>
    public bool Covers(CompiledPolicy policy, PathString path, Endpoint? endpoint)
        => !IsExempt(path)
            && !Endpoints.EndpointPolicies.IsSkipped(endpoint)
            && (policy.Action == PolicyAction.Notice || !NeverGated.Matches(path))
            && CoversPathOrEndpoint(policy, path, endpoint);

    /// <summary>The last step of <see cref="Covers"/>, for callers that already checked exemptions once per request.</summary>
    public static bool CoversPathOrEndpoint(CompiledPolicy policy, PathString path, Endpoint? endpoint)
        => !policy.ExcludePaths.Matches(path)
            && (policy.Paths.Matches(path) || Endpoints.EndpointPolicies.Names(endpoint, policy.Name));

    /// <summary>Returns the policy with this name (ignoring case), or <see langword="null"/>.</summary>
    public CompiledPolicy? FindPolicy(string name) => _policiesByName.GetValueOrDefault(name);

    /// <summary>
    /// Finds the cached injection for a combination of notices that is the same for every visitor who gets it (no
    /// dismiss form, no per-request nonce).
    /// </summary>
    public bool TryGetNotice(NoticeKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NoticeInjection? injection)
        => _noticeCombinations.TryGetValue(key, out injection);

    /// <summary>Caches <paramref name="injection"/> for <paramref name="key"/>, unless another request did first; returns the cached one.</summary>
    public NoticeInjection AddNotice(NoticeKey key, NoticeInjection injection) => _noticeCombinations.GetOrAdd(key, injection);

    /// <summary>
    /// Resolves a list of region entries as written in a view or in code (<c>"russia-controlled"</c>,
    /// <c>"RU, UA-43"</c>, separated by commas or spaces) to upper-case codes, with the same rules and messages
    /// as policy regions. Results are cached per distinct string for the life of the snapshot.
    /// </summary>
    public bool TryResolveRegions(string list, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FrozenSet<string>? codes, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        var result = _regionLists.GetOrAdd(list ?? string.Empty, static (value, sets) => ResolveRegions(value, sets), _regionSets);
        codes = result.Codes;
        problem = result.Problem;
        return codes is not null;
    }

    private static RegionListResult ResolveRegions(string list, IReadOnlyDictionary<string, FrozenSet<string>> sets)
    {
        var entries = list.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (entries.Length == 0)
        {
            return new RegionListResult(null, "is empty. List region set names or codes, for example \"russia-controlled\" or \"RU, UA-43\"");
        }

        var codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            if (sets.TryGetValue(entry, out var set))
            {
                codes.UnionWith(set);
            }
            else if (Configuration.GateCompiler.TryParseRegionCode(entry, out var code, out var problem))
            {
                codes.Add(code);
            }
            else
            {
                return new RegionListResult(null, $"names '{entry}', which {problem ?? "is neither a country code, a subdivision code nor a region set defined under ContentGate:RegionSets"}");
            }
        }

        return new RegionListResult(codes.ToFrozenSet(StringComparer.OrdinalIgnoreCase), null);
    }

    private sealed record RegionListResult(FrozenSet<string>? Codes, string? Problem);
}

/// <summary>
/// What makes two notice combinations the same: the matching notice policies (a bit per index in
/// <see cref="GateSnapshot.NoticePolicies"/>), the languages chosen for them when any has translations, and the
/// request's path base (the stylesheet link depends on it).
/// </summary>
internal readonly record struct NoticeKey(ulong Mask, string? Languages, string PathBase);
