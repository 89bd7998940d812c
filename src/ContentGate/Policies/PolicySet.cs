using System.Collections.Concurrent;
using System.Collections.Frozen;
using ContentGate.Regions;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Policies;

/// <summary>
/// Every compiled policy, in the orders precedence needs them, and the paths no policy or only notices may cover.
/// Immutable; part of the configuration snapshot.
/// </summary>
internal sealed class PolicySet
{
    /// <summary>Paths ContentGate never covers whatever the configuration says: what crawlers and browsers fetch on their own.</summary>
    public static readonly IReadOnlyList<string> BuiltInExemptPaths = ["/robots.txt", "/favicon.ico", "/.well-known"];

    private readonly Dictionary<string, CompiledPolicy> _byName;
    private readonly IReadOnlyDictionary<string, FrozenSet<string>> _regionSets;
    private readonly ConcurrentDictionary<string, RegionListResult> _regionLists = new(StringComparer.Ordinal);

    public PolicySet(CompiledPolicy[] policies, IReadOnlyDictionary<string, FrozenSet<string>> regionSets, string pathPrefix, IReadOnlyList<string> configuredExemptPaths, IReadOnlyList<string> noticeOnlyPaths)
    {
        All = policies;
        var notices = 0;
        for (var i = 0; i < policies.Length; i++)
        {
            // Written once, here: a policy belongs to exactly one set.
            policies[i].Index = i;
            if (policies[i].Action == PolicyAction.Notice)
            {
                policies[i].NoticeIndex = notices++;
            }
        }

        _byName = policies.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        _regionSets = regionSets;
        Blocks = [.. policies.Where(p => p.Action == PolicyAction.Block)];
        Redirects = [.. policies.Where(p => p.Action == PolicyAction.Redirect)];
        Acknowledgments = [.. policies.Where(p => p.Action == PolicyAction.Acknowledge)];
        Notices = [.. policies.Where(p => p.Action == PolicyAction.Notice)];
        Gated = [.. Blocks, .. Redirects, .. Acknowledgments];
        InEvaluationOrder = [.. Gated, .. Notices];
        PathPrefix = pathPrefix;
        ConfiguredExemptPaths = configuredExemptPaths;
        NoticeOnlyPaths = noticeOnlyPaths;
        _builtInExempt = PathMatcher.Create([.. BuiltInExemptPaths, pathPrefix]);
        _configuredExempt = PathMatcher.Create(configuredExemptPaths);
        _noticeOnly = noticeOnlyPaths.Count == 0 ? PathMatcher.None : PathMatcher.Create(noticeOnlyPaths);
    }

    /// <summary>An empty set: no policy, nothing exempt but the built-in paths.</summary>
    public static PolicySet Empty { get; } = new([], new Dictionary<string, FrozenSet<string>>(), ContentGateDefaults.PathPrefix, [], []);

    private readonly PathMatcher _builtInExempt;
    private readonly PathMatcher _configuredExempt;
    private readonly PathMatcher _noticeOnly;

    /// <summary>Every policy in ordinal name order.</summary>
    public CompiledPolicy[] All { get; }

    /// <summary>Block policies in ordinal name order: the first that applies answers the request.</summary>
    public CompiledPolicy[] Blocks { get; }

    /// <summary>Redirect policies in ordinal name order: after blocks, the first that applies answers the request.</summary>
    public CompiledPolicy[] Redirects { get; }

    /// <summary>Acknowledge policies in ordinal name order: after redirects, the first unacknowledged one answers.</summary>
    public CompiledPolicy[] Acknowledgments { get; }

    /// <summary>Notice policies in ordinal name order (the index is the notice's bit in a <c>NoticeMask</c>): every one that applies goes in.</summary>
    public CompiledPolicy[] Notices { get; }

    /// <summary>The policies that answer a request in place of the content, in precedence order: Blocks, Redirects, Acknowledgments.</summary>
    public CompiledPolicy[] Gated { get; }

    /// <summary>Every policy in the order a request is evaluated: <see cref="Gated"/>, then <see cref="Notices"/>.</summary>
    public CompiledPolicy[] InEvaluationOrder { get; }

    /// <summary>Every policy name in ordinal order, for messages.</summary>
    public IReadOnlyList<string> Names => [.. All.Select(p => p.Name)];

    public bool HasPolicies => All.Length > 0;

    /// <summary>Where ContentGate serves its stylesheet and receives form posts, without a trailing slash.</summary>
    public string PathPrefix { get; }

    /// <summary>The operator's <c>ContentGate:ExemptPaths</c>, normalized.</summary>
    public IReadOnlyList<string> ConfiguredExemptPaths { get; }

    /// <summary>
    /// Local BlockedBy pages and local redirect targets: they may carry notices but are never blocked, redirected or
    /// put behind an interstitial, so no reader is locked out of the page that explains a block and no redirect loops.
    /// </summary>
    public IReadOnlyList<string> NoticeOnlyPaths { get; }

    /// <summary>Whether no policy ever covers <paramref name="path"/>: a built-in path, ContentGate's prefix, or <c>ExemptPaths</c>.</summary>
    public bool IsExempt(PathString path) => _builtInExempt.Matches(path) || _configuredExempt.Matches(path);

    /// <summary>Whether only notice policies may cover <paramref name="path"/> (see <see cref="NoticeOnlyPaths"/>).</summary>
    public bool IsNoticeOnly(PathString path) => _noticeOnly.Matches(path);

    /// <summary>Returns the policy with this name (ignoring case), or <see langword="null"/>.</summary>
    public CompiledPolicy? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Whether <paramref name="name"/> is a configured region set (ignoring case).</summary>
    public bool IsRegionSet(string name) => _regionSets.ContainsKey(name);

    /// <summary>
    /// Resolves a list of region entries as written in a view or in code (<c>"russia-controlled"</c>,
    /// <c>"RU, UA-43"</c>, separated by commas or spaces) to upper-case codes, with the same rules and messages
    /// as policy regions. Results are cached per distinct string for the life of the set.
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
            else if (RegionCodeParser.TryParse(entry, out var code, out var problem))
            {
                codes.Add(code);
            }
            else
            {
                return new RegionListResult(null, $"names '{entry}', which {problem ?? "is neither a country code, a subdivision code, an autonomous system (AS12389) nor a region set defined under ContentGate:RegionSets"}");
            }
        }

        return new RegionListResult(codes.ToFrozenSet(StringComparer.OrdinalIgnoreCase), null);
    }

    private sealed record RegionListResult(FrozenSet<string>? Codes, string? Problem);
}
