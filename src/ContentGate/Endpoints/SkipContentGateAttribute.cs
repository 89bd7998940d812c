namespace ContentGate.Endpoints;

/// <summary>
/// Turns ContentGate's policies off for a controller, action, Razor Page or endpoint: <c>[SkipContentGate]</c>.
/// For minimal APIs and route groups, use <c>SkipContentGate()</c>. Meant for health checks, webhooks and
/// machine-to-machine APIs that no policy should ever touch.
/// </summary>
/// <remarks>
/// No policy acts on requests to the endpoint, whatever the policies' <c>Paths</c> say, so nothing is inserted,
/// blocked, redirected or put behind an interstitial there. The visitor's region is still determined and published,
/// so <c>HttpContext.GetRegion()</c>, <c>HttpContext.IsInRegion(…)</c> and the region tag helpers keep working;
/// <c>HttpContext.RegionPolicyApplies(…)</c> is <see langword="false"/>. Naming a policy with
/// <see cref="RegionPolicyAttribute"/> on the same endpoint stops the host at start-up, because one of the two
/// would be silently ignored.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class SkipContentGateAttribute : Attribute
{
    internal static SkipContentGateAttribute Instance { get; } = new();
}
