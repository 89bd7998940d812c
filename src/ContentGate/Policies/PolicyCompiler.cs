using System.Collections.Frozen;
using System.Text.RegularExpressions;
using ContentGate.Regions;

namespace ContentGate.Policies;

/// <summary>
/// Compiles what every policy has whatever it does — its name, regions, paths and fail mode — and the path settings
/// all policies share. What the policy does is compiled by its action (its <see cref="PolicyPayload"/>).
/// </summary>
internal static partial class PolicyCompiler
{
    /// <summary>
    /// Compiles the part of <c>Policies:&lt;name&gt;</c> every action shares. Returns <see langword="false"/> when
    /// the policy cannot be compiled further (no action); other problems are added to <paramref name="context"/>.
    /// </summary>
    public static bool TryCompileCore(CompileContext context, string name, PolicyOptions? policy, IReadOnlyDictionary<string, FrozenSet<string>> sets, out PolicyCore core)
    {
        core = default;
        var key = Key(name);
        if (!PolicyNamePattern().IsMatch(name))
        {
            context.Add($"{key}: the policy name '{name}' may contain only letters, digits, '-', '_' and '.', because it appears in markup, cookies, logs and metrics. Rename it, for example '{Regex.Replace(name, "[^A-Za-z0-9._-]+", "-")}'.");
        }

        if (policy is null)
        {
            context.Add($"{key} is empty. Set at least Regions and Action.");
            return false;
        }

        // Regions and paths are checked even without an action, so their problems are reported in the same run.
        var (codes, entries) = CompileRegions(context, key, policy, sets);
        var (paths, pathList) = CompilePaths(context, $"{key}:Paths", policy.Paths, PathMatcher.All);
        var (excludePaths, excludePathList) = CompilePaths(context, $"{key}:ExcludePaths", policy.ExcludePaths, PathMatcher.None);
        if (policy.Action is not { } action || !Enum.IsDefined(action))
        {
            context.Add($"{key}:Action is not set. Use \"Notice\", \"Block\", \"Acknowledge\" or \"Redirect\".");
            return false;
        }

        var failMode = policy.FailMode ?? action switch
        {
            PolicyAction.Notice => ContentGateDefaults.NoticeFailMode,
            PolicyAction.Acknowledge => ContentGateDefaults.AcknowledgeFailMode,
            PolicyAction.Redirect => ContentGateDefaults.RedirectFailMode,
            _ => ContentGateDefaults.BlockFailMode,
        };

        var unresolvedCountries = UnresolvedCountries(codes);
        var unresolved = CompileUnresolvedSubdivision(context, key, policy.UnresolvedSubdivision, codes, unresolvedCountries);
        core = new PolicyCore(name, action, failMode, unresolved, codes, unresolvedCountries, entries, paths, pathList, excludePaths, excludePathList);
        return true;
    }

    /// <summary>The configuration key of a policy, for messages.</summary>
    public static string Key(string name) => $"{CompileContext.Root}:Policies:{name}";

    /// <summary>Puts a compiled core and the action's payload together.</summary>
    public static CompiledPolicy Create(PolicyCore core, PolicyPayload payload, string version, bool liftedByReader) => new()
    {
        Name = core.Name,
        Action = core.Action,
        FailMode = core.FailMode,
        UnresolvedSubdivision = core.UnresolvedSubdivision,
        RegionCodes = core.RegionCodes,
        UnresolvedCountries = core.UnresolvedCountries,
        RegionEntries = core.RegionEntries,
        Paths = core.Paths,
        PathList = core.PathList,
        ExcludePaths = core.ExcludePaths,
        ExcludePathList = core.ExcludePathList,
        Version = version,
        LiftedByReader = liftedByReader,
        Payload = payload,
    };

    /// <summary>Compiles a list of paths (whole-segment prefixes); <paramref name="whenEmpty"/> when none is listed.</summary>
    public static (PathMatcher Matcher, IReadOnlyList<string> Normalized) CompilePaths(CompileContext context, string key, IList<string> values, PathMatcher whenEmpty)
    {
        if (values.Count == 0)
        {
            return (whenEmpty, []);
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
                context.Add($"{key}:{i}: '{values[i]}' {problem}.");
            }
        }

        return (PathMatcher.Create(normalized), normalized);
    }

    /// <summary>Compiles <c>ContentGate:PathPrefix</c>: where ContentGate serves its stylesheet and receives form posts.</summary>
    public static string CompilePrefix(CompileContext context, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return ContentGateDefaults.PathPrefix;
        }

        if (!PathMatcher.TryNormalize(value, out var normalized, out var problem) || normalized == "/")
        {
            context.Add($"{CompileContext.Root}:PathPrefix: '{value}' {problem ?? "cannot be the root"}. Use a dedicated path such as \"{ContentGateDefaults.PathPrefix}\".");
            return ContentGateDefaults.PathPrefix;
        }

        return normalized;
    }

    /// <summary>
    /// The countries whose readers can be unresolved for a policy with these codes: those it lists subdivisions of
    /// (<c>UA-43</c>) without listing the country itself (<c>UA</c>, which every reader from it would match anyway).
    /// </summary>
    public static FrozenSet<string> UnresolvedCountries(IReadOnlySet<string> codes)
    {
        var countries = new HashSet<string>(StringComparer.Ordinal);
        foreach (var code in codes)
        {
            // Subdivision codes are normalized to "CC-…"; a two-letter code is a country.
            if (code.Length > 3 && code[2] == '-' && !codes.Contains(code[..2]))
            {
                countries.Add(code[..2]);
            }
        }

        return countries.ToFrozenSet(StringComparer.Ordinal);
    }

    private static UnresolvedSubdivision CompileUnresolvedSubdivision(CompileContext context, string key, UnresolvedSubdivision? value, FrozenSet<string> codes, FrozenSet<string> unresolvedCountries)
    {
        if (value is not { } setting)
        {
            return ContentGateDefaults.UnresolvedSubdivision;
        }

        if (unresolvedCountries.Count == 0 && codes.Count > 0)
        {
            // Allowed by the binder, but it would do nothing: the operator expects it to catch readers it cannot catch.
            var listedWhole = codes.Where(code => code.Length > 3 && code[2] == '-').Select(code => code[..2]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var why = listedWhole.Count == 0
                ? "the policy's Regions list no subdivision codes (such as \"UA-43\"), so no reader can be in a listed country without being in a listed subdivision"
                : $"every country whose subdivisions the policy lists is also listed whole ({string.Join(", ", listedWhole)}), so every reader from it already matches";
            context.Add($"{key}:UnresolvedSubdivision: '{setting}' has no effect: {why}. Remove the key, or list the subdivisions it is meant for.");
        }

        return setting;
    }

    private static (FrozenSet<string> Codes, IReadOnlyList<string> Entries) CompileRegions(CompileContext context, string key, PolicyOptions policy, IReadOnlyDictionary<string, FrozenSet<string>> sets)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<string>();
        if (policy.Regions.Count == 0)
        {
            context.Add($"{key}:Regions is empty. List at least one country code (\"RU\"), subdivision code (\"UA-43\"), autonomous system (\"AS12389\") or region set name.");
        }

        for (var i = 0; i < policy.Regions.Count; i++)
        {
            var entry = policy.Regions[i]?.Trim();
            if (!string.IsNullOrEmpty(entry))
            {
                entries.Add(entry);
            }

            if (entry is not null && sets.TryGetValue(entry, out var set))
            {
                codes.UnionWith(set);
            }
            else if (RegionCodeParser.TryParse(entry, out var code, out var problem))
            {
                codes.Add(code);
            }
            else if (problem is not null)
            {
                context.Add($"{key}:Regions:{i}: '{entry}' {problem}.");
            }
            else
            {
                var known = sets.Keys.Order(StringComparer.Ordinal).ToList();
                var closest = known.MinBy(k => EditDistance.Between(k, entry ?? string.Empty));
                var hint = closest is not null && EditDistance.Between(closest, entry ?? string.Empty) <= 3 ? $" Did you mean '{closest}'?" : string.Empty;
                var defined = known.Count == 0 ? "No region sets are defined." : $"Defined sets: {string.Join(", ", known)}.";
                context.Add($"{key}:Regions:{i}: '{entry}' is neither a country code, a subdivision code, an autonomous system (AS12389) nor a region set defined under {CompileContext.Root}:RegionSets.{hint} {defined}");
            }
        }

        return (codes.ToFrozenSet(StringComparer.OrdinalIgnoreCase), entries);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex PolicyNamePattern();
}
