using ContentGate.Configuration;
using ContentGate.Decisions;
using ContentGate.Hosting;
using ContentGate.Regions;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Http;

/// <summary>
/// Asks ContentGate about the current request from code: whether the visitor is in some regions, and whether a
/// configured policy applies.
/// </summary>
/// <remarks>
/// When the answer changes what the response contains, the response differs by region: mark it
/// <c>Cache-Control: private</c> (unless every shared cache keys by region) and keep output caching from storing
/// it. In Razor views, the <c>region-gate</c> tag helpers do both for you.
/// </remarks>
public static class HttpContextPolicyExtensions
{
    /// <summary>
    /// Returns whether the visitor is in one of <paramref name="regions"/>: region set names from
    /// <c>ContentGate:RegionSets</c>, country codes (<c>RU</c>) and ISO 3166-2 subdivision codes (<c>UA-43</c>),
    /// separated by commas or spaces, for example <c>context.IsInRegion("russia-controlled, BY")</c>.
    /// </summary>
    /// <remarks>
    /// A visitor is in the list when the country or one of its subdivisions is listed. Unlike the tag helpers,
    /// this returns <see langword="false"/> when the region is unknown or ContentGate did not run for the request
    /// (for example in middleware before <c>UseContentGate</c>); check
    /// <c>context.GetRegion().IsKnown</c> when unknown visitors need their own answer. A bad list throws even where
    /// ContentGate did not run, as long as its services are registered, so a mistake shows up on every path.
    /// </remarks>
    /// <param name="context">The request's context.</param>
    /// <param name="regions">The region list.</param>
    /// <returns><see langword="true"/> when the visitor's region is known and in the list.</returns>
    /// <exception cref="ArgumentException">
    /// The list is empty or names something that is neither a region code nor a configured region set; the message
    /// says which entry and how to fix it.
    /// </exception>
    public static bool IsInRegion(this HttpContext context, string regions)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(regions);

        var feature = context.Features.Get<IRegionFeature>();
        if (Snapshot(context, feature) is not { } snapshot)
        {
            return false;
        }

        if (!snapshot.Policies.TryResolveRegions(regions, out var codes, out var problem))
        {
            throw new ArgumentException($"The region list \"{regions}\" {problem}.", nameof(regions));
        }

        return feature is not null && feature.Region.IsInAny(codes);
    }

    /// <summary>
    /// Returns whether the policy named <paramref name="policyName"/> in <c>ContentGate:Policies</c> applies to
    /// this request: it covers the request (through its <c>Paths</c> and <c>ExcludePaths</c>, or because the
    /// endpoint names it with <c>[RegionPolicy]</c>/<c>RequireRegionPolicy</c>) and acts on the visitor's region,
    /// an unknown region following the policy's <c>FailMode</c>. For example, leave out the comment form when
    /// <c>context.RegionPolicyApplies("undesirable-organization")</c>.
    /// </summary>
    /// <remarks>
    /// Returns <see langword="false"/> when ContentGate did not run for the request (for example in middleware
    /// before <c>UseContentGate</c>), on an endpoint that skips ContentGate, and on the paths no policy covers
    /// (<c>ContentGate:ExemptPaths</c> and ContentGate's own). A policy's <c>ExcludePaths</c> win over an endpoint
    /// naming it, as in the middleware. A visitor who dismissed a notice or acknowledged an interstitial is still
    /// one the policy applies to: keep hiding what it says to hide. An unknown name throws even where ContentGate did
    /// not run, as long as its services are registered.
    /// </remarks>
    /// <param name="context">The request's context.</param>
    /// <param name="policyName">The policy's name (case is ignored).</param>
    /// <returns><see langword="true"/> when the policy applies to this request.</returns>
    /// <exception cref="ArgumentException">No policy has that name; the message lists the defined ones.</exception>
    public static bool RegionPolicyApplies(this HttpContext context, string policyName)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policyName);

        var feature = context.Features.Get<IRegionFeature>();
        if (Snapshot(context, feature) is not { } snapshot)
        {
            return false;
        }

        if (snapshot.Policies.Find(policyName) is not { } policy)
        {
            var defined = snapshot.Policies.Names;
            var known = defined.Count == 0 ? "No policies are defined" : "Defined policies: " + string.Join(", ", defined.Select(n => $"'{n}'"));
            throw new ArgumentException($"No region policy is named '{policyName}'. {known}. Policies are configured under {ContentGate.ContentGateDefaults.SectionName}:Policies.", nameof(policyName));
        }

        if (feature is null)
        {
            return false;
        }

        return GateEvaluator.Covers(snapshot.Policies, policy, context.Request.Path, context.GetEndpoint()) && policy.AppliesTo(feature.Region);
    }

    // The request's own snapshot when ContentGate ran, so the answer matches what the middleware did; otherwise the
    // current one, only so that a bad list or name throws on every path and not only on those ContentGate runs for.
    private static GateSnapshot? Snapshot(HttpContext context, IRegionFeature? feature)
        => (feature is null ? null : context.Features.Get<GateSnapshot>()) ?? context.RequestServices?.GetService<ContentGateRuntime>()?.Current;
}
