using ContentGate.Endpoints;

namespace Microsoft.AspNetCore.Builder;

/// <summary>ContentGate conventions for endpoints, route groups, controllers and Razor Pages.</summary>
public static class ContentGateEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Applies policies from <c>ContentGate:Policies</c> to the endpoints whatever the policies' <c>Paths</c> say,
    /// for example <c>app.MapGet("/articles/{slug}", …).RequireRegionPolicy("kz-court-order")</c>. The same as
    /// <see cref="RegionPolicyAttribute"/>.
    /// </summary>
    /// <remarks>
    /// A policy's <c>ExcludePaths</c> and <c>ContentGate:ExemptPaths</c> still win, and each policy still acts only
    /// on visitors in its regions. Every name is checked when the host starts: a name that is not a configured
    /// policy stops the host with a message naming the endpoint.
    /// </remarks>
    /// <typeparam name="TBuilder">The type of the endpoint convention builder.</typeparam>
    /// <param name="builder">The endpoint convention builder.</param>
    /// <param name="policyNames">Names of policies configured under <c>ContentGate:Policies</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentException">No name is given, or a name is empty.</exception>
    public static TBuilder RequireRegionPolicy<TBuilder>(this TBuilder builder, params string[] policyNames)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Created here so a bad argument fails at the call, not when the endpoints are first built.
        var metadata = new RegionPolicyAttribute(policyNames);
        builder.Add(endpoint => endpoint.Metadata.Add(metadata));
        return builder;
    }

    /// <summary>
    /// Turns ContentGate's policies off for the endpoints: none acts on them, whatever its <c>Paths</c> say (the
    /// visitor's region is still published). The same as <see cref="SkipContentGateAttribute"/>. Meant for health
    /// checks, webhooks and machine-to-machine APIs.
    /// </summary>
    /// <typeparam name="TBuilder">The type of the endpoint convention builder.</typeparam>
    /// <param name="builder">The endpoint convention builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static TBuilder SkipContentGate<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Add(endpoint => endpoint.Metadata.Add(SkipContentGateAttribute.Instance));
        return builder;
    }
}
