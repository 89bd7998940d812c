using System.Collections.Frozen;
using ContentGate.Regions;

namespace ContentGate.Policies;

/// <summary>
/// A validated policy: which readers and which requests it concerns, compiled for per-request use, and what it does
/// (<see cref="Payload"/>, one type per action, owned by that action's folder).
/// </summary>
internal sealed class CompiledPolicy
{
    public required string Name { get; init; }

    public required PolicyAction Action { get; init; }

    public required PolicyFailMode FailMode { get; init; }

    /// <summary>What the policy does for a reader <see cref="IsUnresolvedFor"/> says is unresolved.</summary>
    public required UnresolvedSubdivision UnresolvedSubdivision { get; init; }

    /// <summary>Upper-case country and full subdivision codes, region sets already expanded.</summary>
    public required FrozenSet<string> RegionCodes { get; init; }

    /// <summary>
    /// The countries the policy lists subdivisions of without listing the country itself (usually none or one): a
    /// reader from one of them whom the source knows only by country is unresolved.
    /// </summary>
    public required FrozenSet<string> UnresolvedCountries { get; init; }

    /// <summary>The <c>Regions</c> entries as configured (codes and region set names), for explanations.</summary>
    public required IReadOnlyList<string> RegionEntries { get; init; }

    public required PathMatcher Paths { get; init; }

    public required PathMatcher ExcludePaths { get; init; }

    /// <summary>
    /// A short hash of everything the visitor reads (every language, labels, buttons): a dismissal or an
    /// acknowledgment is bound to it, so changing the text asks again.
    /// </summary>
    public required string Version { get; init; }

    /// <summary>Whether the reader can lift it for themselves: an Acknowledge policy, or a dismissible notice.</summary>
    public bool LiftedByReader { get; init; }

    /// <summary>What the policy does, as its action compiled it (a <c>NoticePayload</c>, <c>BlockPayload</c>, …).</summary>
    public required PolicyPayload Payload { get; init; }

    /// <summary>The position in <see cref="PolicySet.All"/> (ordinal name order); set once by the set.</summary>
    public int Index { get; internal set; } = -1;

    /// <summary>For a notice, its position in <see cref="PolicySet.Notices"/>: its bit in a notice mask; set once by the set.</summary>
    public int NoticeIndex { get; internal set; } = -1;

    /// <summary>The <c>Paths</c> as configured and normalized (empty: every path), for explanations.</summary>
    public required IReadOnlyList<string> PathList { get; init; }

    /// <summary>The <c>ExcludePaths</c> as configured and normalized, for explanations.</summary>
    public required IReadOnlyList<string> ExcludePathList { get; init; }

    /// <summary>
    /// Whether the policy acts on a visitor in <paramref name="region"/>, fail mode and
    /// <see cref="UnresolvedSubdivision"/> included.
    /// </summary>
    public bool AppliesTo(Region region)
    {
        if (!region.IsKnown)
        {
            return FailMode == PolicyFailMode.Apply;
        }

        if (region.IsInAny(RegionCodes))
        {
            return true;
        }

        return IsUnresolvedFor(region) && UnresolvedSubdivision switch
        {
            UnresolvedSubdivision.Match => true,
            UnresolvedSubdivision.FailMode => FailMode == PolicyFailMode.Apply,
            _ => false,
        };
    }

    /// <summary>
    /// Whether <paramref name="region"/> is a reader the policy cannot place: a known country whose subdivisions the
    /// policy lists (and not the country itself), no subdivision, and nothing else listed that matches (a reader on a
    /// listed network, <c>AS12389</c>, is placed by it). <see cref="UnresolvedSubdivision"/> decides.
    /// </summary>
    public bool IsUnresolvedFor(Region region)
        => UnresolvedCountries.Count != 0
            && region.CountryCode is { } country
            && region.SubdivisionCodes.Count == 0
            && UnresolvedCountries.Contains(country)
            && !(region.AutonomousSystemCode is not null && region.IsInAny(RegionCodes));

    /// <summary>The payload as the action that owns it reads it.</summary>
    /// <typeparam name="TPayload">The action's payload type.</typeparam>
    /// <returns>The payload.</returns>
    /// <exception cref="InvalidOperationException">The policy has another action: a bug in the caller.</exception>
    public TPayload PayloadAs<TPayload>()
        where TPayload : PolicyPayload
        => Payload as TPayload ?? throw new InvalidOperationException($"Policy '{Name}' is a {Action} policy, not one with a {typeof(TPayload).Name}.");
}
