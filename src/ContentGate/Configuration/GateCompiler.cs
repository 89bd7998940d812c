using System.Collections.Frozen;
using System.Text.RegularExpressions;
using ContentGate.Blocking;
using ContentGate.Diagnostics;
using ContentGate.MaxMind;
using ContentGate.Policies;
using ContentGate.Regions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContentGate.Configuration;

/// <summary>
/// Validates <see cref="ContentGateOptions"/> and compiles them into a <see cref="GateSnapshot"/>. Every problem
/// is collected (not just the first) and each message names the key, the value and the fix.
/// </summary>
internal sealed partial class GateCompiler
{
    private const int MaxNoticePolicies = 64;
    private const string Root = ContentGateDefaults.SectionName;

    private readonly MaxMindDatabaseCache _databases;
    private readonly ContentGateMetrics _metrics;
    private readonly ILoggerFactory _loggerFactory;
    private readonly string _contentRoot;

    public GateCompiler(MaxMindDatabaseCache databases, ContentGateMetrics metrics, ILoggerFactory loggerFactory, IHostEnvironment? environment = null)
    {
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
        var problems = new List<string>();
        var sets = CompileRegionSets(options, problems);
        var policies = new List<CompiledPolicy>();
        var usesSubdivisions = new List<string>();

        foreach (var (name, policy) in options.Policies.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (CompilePolicy(name, policy, sets, problems) is { } compiled)
            {
                policies.Add(compiled);
                if (compiled.RegionCodes.Any(code => code.Length > 2))
                {
                    usesSubdivisions.Add(name);
                }
            }
        }

        var noticeCount = policies.Count(p => p.Action == PolicyAction.Notice);
        if (noticeCount > MaxNoticePolicies)
        {
            problems.Add($"{Root}:Policies: {noticeCount} Notice policies are configured; at most {MaxNoticePolicies} are supported. Merge policies that share regions and paths.");
        }

        var database = OpenDatabase(options, policies.Count > 0 || options.Policies.Count > 0, usesSubdivisions, problems);

        if (problems.Count > 0)
        {
            snapshot = null;
            errors = problems;
            return false;
        }

        var resolver = new RegionResolver(database, _metrics, _loggerFactory.CreateLogger<RegionResolver>());
        snapshot = new GateSnapshot(resolver, [.. policies], options.Caching.CdnCacheKeyIncludesRegion);
        errors = [];
        return true;
    }

    private static Dictionary<string, FrozenSet<string>> CompileRegionSets(ContentGateOptions options, List<string> problems)
    {
        var sets = new Dictionary<string, FrozenSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, entries) in options.RegionSets)
        {
            var key = $"{Root}:RegionSets:{name}";
            if (IsoCodes.IsCountry(name) || IsoCodes.TryNormalizeSubdivision(name, out _))
            {
                problems.Add($"{key}: a region set may not be named like the region code '{name.ToUpperInvariant()}', or policies could not tell them apart. Rename it, for example '{name.ToLowerInvariant()}-regions'.");
                continue;
            }

            if (entries is null || entries.Count == 0)
            {
                problems.Add($"{key} is empty. List country codes (\"RU\") or subdivision codes (\"UA-43\").");
                continue;
            }

            var codes = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                if (TryParseRegionCode(entry, out var code, out var problem))
                {
                    codes.Add(code);
                }
                else if (entry is not null && options.RegionSets.ContainsKey(entry.Trim()))
                {
                    problems.Add($"{key}:{i}: '{entry}' is a region set; region sets list codes only and cannot contain other sets. Copy the codes of '{entry.Trim()}' here.");
                }
                else
                {
                    problems.Add($"{key}:{i}: '{entry}' {problem ?? "is not a country code (\"RU\") or an ISO 3166-2 subdivision code (\"UA-43\")"}.");
                }
            }

            sets[name] = codes.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        }

        return sets;
    }

    private static CompiledPolicy? CompilePolicy(string name, PolicyOptions policy, Dictionary<string, FrozenSet<string>> sets, List<string> problems)
    {
        var key = $"{Root}:Policies:{name}";
        var before = problems.Count;
        if (!PolicyNamePattern().IsMatch(name))
        {
            problems.Add($"{key}: the policy name '{name}' may contain only letters, digits, '-', '_' and '.', because it appears in markup, logs and metrics. Rename it, for example '{Regex.Replace(name, "[^A-Za-z0-9._-]+", "-")}'.");
        }

        if (policy is null)
        {
            problems.Add($"{key} is empty. Set at least Regions and Action.");
            return null;
        }

        if (policy.Action is not { } action || !Enum.IsDefined(action))
        {
            problems.Add($"{key}:Action is not set. Use \"Notice\" or \"Block\".");
            return null;
        }

        var codes = new HashSet<string>(StringComparer.Ordinal);
        if (policy.Regions.Count == 0)
        {
            problems.Add($"{key}:Regions is empty. List at least one country code (\"RU\"), subdivision code (\"UA-43\") or region set name.");
        }

        for (var i = 0; i < policy.Regions.Count; i++)
        {
            var entry = policy.Regions[i]?.Trim();
            if (entry is not null && sets.TryGetValue(entry, out var set))
            {
                codes.UnionWith(set);
            }
            else if (TryParseRegionCode(entry, out var code, out var problem))
            {
                codes.Add(code);
            }
            else if (problem is not null)
            {
                problems.Add($"{key}:Regions:{i}: '{entry}' {problem}.");
            }
            else
            {
                var known = sets.Keys.Order(StringComparer.Ordinal).ToList();
                var closest = known.MinBy(k => EditDistance.Between(k, entry ?? string.Empty));
                var hint = closest is not null && EditDistance.Between(closest, entry ?? string.Empty) <= 3 ? $" Did you mean '{closest}'?" : string.Empty;
                var defined = known.Count == 0 ? "No region sets are defined." : $"Defined sets: {string.Join(", ", known)}.";
                problems.Add($"{key}:Regions:{i}: '{entry}' is neither a country code, a subdivision code nor a region set defined under {Root}:RegionSets.{hint} {defined}");
            }
        }

        var paths = CompilePaths($"{key}:Paths", policy.Paths, PathMatcher.All, problems);
        var excludePaths = CompilePaths($"{key}:ExcludePaths", policy.ExcludePaths, PathMatcher.None, problems);

        string? noticeMarkup = null;
        BlockResponse? block = null;
        if (action == PolicyAction.Notice)
        {
            if (string.IsNullOrWhiteSpace(policy.Notice?.Html))
            {
                problems.Add($"{key}:Notice:Html is empty. A Notice policy needs the HTML to show, for example \"<p>…</p>\".");
            }
            else
            {
                noticeMarkup = $"<div data-contentgate-notice=\"{name}\">{policy.Notice.Html}</div>";
            }
        }
        else
        {
            var blockedBy = policy.Block?.BlockedBy;
            if (blockedBy is not null && (!Uri.TryCreate(blockedBy, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || blockedBy.AsSpan().IndexOfAny('<', '>', ' ') >= 0))
            {
                problems.Add($"{key}:Block:BlockedBy: '{blockedBy}' is not an absolute http(s) URL. Use the address of the page that explains who imposed the block, for example \"https://example.org/legal\".");
            }
            else if (problems.Count == before)
            {
                block = new BlockResponse(name, blockedBy, NullIfWhiteSpace(policy.Block?.Html), NullIfWhiteSpace(policy.Block?.Detail));
            }
        }

        if (problems.Count > before)
        {
            return null;
        }

        var failMode = policy.FailMode ?? (action == PolicyAction.Notice ? ContentGateDefaults.NoticeFailMode : ContentGateDefaults.BlockFailMode);
        return new CompiledPolicy(name, action, failMode, codes.ToFrozenSet(StringComparer.OrdinalIgnoreCase), paths, excludePaths, noticeMarkup, block);
    }

    private static PathMatcher CompilePaths(string key, IList<string> values, PathMatcher whenEmpty, List<string> problems)
    {
        if (values.Count == 0)
        {
            return whenEmpty;
        }

        var normalized = new List<string>();
        for (var i = 0; i < values.Count; i++)
        {
            if (PathMatcher.TryNormalize(values[i], out var path, out var problem))
            {
                normalized.Add(path);
            }
            else
            {
                problems.Add($"{key}:{i}: '{values[i]}' {problem}.");
            }
        }

        return PathMatcher.Create(normalized);
    }

    private MaxMindDatabase? OpenDatabase(ContentGateOptions options, bool required, List<string> usesSubdivisions, List<string> problems)
    {
        const string Key = Root + ":MaxMind:DatabasePath";
        var configured = options.MaxMind?.DatabasePath;
        if (string.IsNullOrWhiteSpace(configured))
        {
            if (required)
            {
                problems.Add($"{Key} is not set, but policies need to know where visitors are. Set it to the path of a GeoIP2 or GeoLite2 Country or City .mmdb file.");
            }

            return null;
        }

        var path = Path.GetFullPath(configured, _contentRoot);
        try
        {
            var database = _databases.GetOrOpen(path, Key);
            if (!database.DatabaseType.Contains("City", StringComparison.OrdinalIgnoreCase)
                && !database.DatabaseType.Contains("Enterprise", StringComparison.OrdinalIgnoreCase)
                && usesSubdivisions.Count > 0)
            {
                problems.Add($"{Key}: '{path}' is a '{database.DatabaseType}' database, which has no subdivisions, but policy {string.Join(", ", usesSubdivisions.Select(p => $"'{p}'"))} lists subdivision codes (such as UA-43). Use a City database, or those visitors will never match.");
            }

            return database;
        }
        catch (MaxMindDatabaseException ex)
        {
            problems.Add(ex.Message);
            return null;
        }
    }

    /// <summary>
    /// Parses a country or subdivision code. Returns <see langword="false"/> with a <paramref name="problem"/>
    /// when the entry looks like a code but is wrong, and with no problem when it does not look like a code at all
    /// (so it may be a region set name).
    /// </summary>
    internal static bool TryParseRegionCode(string? entry, out string code, out string? problem)
    {
        code = string.Empty;
        problem = null;
        if (string.IsNullOrWhiteSpace(entry))
        {
            problem = "is empty. Remove the entry or write a code such as \"RU\" or \"UA-43\"";
            return false;
        }

        var value = entry.Trim();
        if (IsoCodes.TryNormalizeCountry(value, out var country))
        {
            code = country;
            return true;
        }

        if (IsoCodes.TryNormalizeSubdivision(value, out var subdivision))
        {
            code = subdivision;
            return true;
        }

        if (IsoCodes.SuggestCountry(value) is { } suggestion)
        {
            problem = $"is not an ISO 3166-1 alpha-2 country code. Use '{suggestion}'";
            return false;
        }

        if (value.Length == 2 && char.IsAsciiLetter(value[0]) && char.IsAsciiLetter(value[1]))
        {
            problem = "is not an assigned ISO 3166-1 alpha-2 country code. Check the code in ISO 3166-1 (for example 'RU', 'UA', 'KZ')";
            return false;
        }

        var hyphen = value.IndexOf('-', StringComparison.Ordinal);
        if (hyphen == 2 && char.IsAsciiLetter(value[0]) && char.IsAsciiLetter(value[1]))
        {
            var prefix = value[..2];
            problem = IsoCodes.IsCountry(prefix)
                ? $"is not a well-formed ISO 3166-2 subdivision code. Write the country code, a hyphen and one to three letters or digits, for example '{prefix.ToUpperInvariant()}-43'"
                : $"is not an ISO 3166-2 subdivision code: '{prefix}' is not a country code{(IsoCodes.SuggestCountry(prefix) is { } fix ? $". Use '{fix}{value[2..]}'" : string.Empty)}";
            return false;
        }

        return false;
    }

    private static string? NullIfWhiteSpace(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex PolicyNamePattern();
}
