using System.Collections.Frozen;
using ContentGate.Blocking;
using ContentGate.Notices;
using ContentGate.Regions;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Policies;

/// <summary>A validated policy with its regions, paths and response compiled for per-request use.</summary>
internal sealed class CompiledPolicy
{
    public CompiledPolicy(
        string name,
        PolicyAction action,
        PolicyFailMode failMode,
        FrozenSet<string> regionCodes,
        PathMatcher paths,
        PathMatcher excludePaths,
        string? noticeMarkup,
        BlockResponse? block)
    {
        Name = name;
        Action = action;
        FailMode = failMode;
        RegionCodes = regionCodes;
        Paths = paths;
        ExcludePaths = excludePaths;
        NoticeMarkup = noticeMarkup;
        Block = block;
    }

    public string Name { get; }

    public PolicyAction Action { get; }

    public PolicyFailMode FailMode { get; }

    /// <summary>Upper-case country and full subdivision codes, region sets already expanded.</summary>
    public FrozenSet<string> RegionCodes { get; }

    public PathMatcher Paths { get; }

    public PathMatcher ExcludePaths { get; }

    /// <summary>The notice wrapped in its <c>data-contentgate-notice</c> element, for Notice policies.</summary>
    public string? NoticeMarkup { get; }

    public BlockResponse? Block { get; }

    public bool Covers(PathString path) => Paths.Matches(path) && !ExcludePaths.Matches(path);

    /// <summary>Whether the policy acts on a visitor in <paramref name="region"/>, fail mode included.</summary>
    public bool AppliesTo(Region region)
        => region.IsKnown ? region.IsInAny(RegionCodes) : FailMode == PolicyFailMode.Apply;
}
