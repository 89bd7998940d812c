using System.Collections.Frozen;
using ContentGate.Blocking;
using ContentGate.Languages;
using ContentGate.Regions;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Policies;

/// <summary>A validated policy with its regions, paths and texts compiled for per-request use.</summary>
internal sealed class CompiledPolicy
{
    public required string Name { get; init; }

    public required PolicyAction Action { get; init; }

    public required PolicyFailMode FailMode { get; init; }

    /// <summary>Upper-case country and full subdivision codes, region sets already expanded.</summary>
    public required FrozenSet<string> RegionCodes { get; init; }

    public required PathMatcher Paths { get; init; }

    public required PathMatcher ExcludePaths { get; init; }

    /// <summary>
    /// A short hash of everything the visitor reads (every language, labels, buttons): a dismissal or an
    /// acknowledgment is bound to it, so changing the text asks again.
    /// </summary>
    public required string Version { get; init; }

    /// <summary>The texts of a Notice, Block or Acknowledge policy; <see langword="null"/> for Redirect.</summary>
    public LocalizedContent? Content { get; init; }

    public NoticePlacement Placement { get; init; } = NoticePlacement.AfterBodyStart;

    public bool Dismissible { get; init; }

    public BlockResponse? Block { get; init; }

    public TimeSpan AcknowledgmentLifetime { get; init; }

    /// <summary>For Redirect: the configured target, a local path or an allow-listed absolute URL.</summary>
    public string? RedirectUrl { get; init; }

    public bool RedirectIsLocal { get; init; }

    public int RedirectStatusCode { get; init; }

    /// <summary>Whether the policy acts on a visitor in <paramref name="region"/>, fail mode included.</summary>
    public bool AppliesTo(Region region)
        => region.IsKnown ? region.IsInAny(RegionCodes) : FailMode == PolicyFailMode.Apply;
}
