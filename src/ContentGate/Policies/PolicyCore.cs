using System.Collections.Frozen;

namespace ContentGate.Policies;

/// <summary>What every policy has whatever it does, compiled by <see cref="PolicyCompiler.TryCompileCore"/>.</summary>
internal readonly record struct PolicyCore(
    string Name,
    PolicyAction Action,
    PolicyFailMode FailMode,
    UnresolvedSubdivision UnresolvedSubdivision,
    FrozenSet<string> RegionCodes,
    FrozenSet<string> UnresolvedCountries,
    IReadOnlyList<string> RegionEntries,
    PathMatcher Paths,
    IReadOnlyList<string> PathList,
    PathMatcher ExcludePaths,
    IReadOnlyList<string> ExcludePathList);
