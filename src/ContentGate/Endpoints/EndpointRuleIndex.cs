using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace ContentGate.Endpoints;

/// <summary>
/// Whether any endpoint of the app carries ContentGate metadata (<see cref="RegionPolicyAttribute"/> or
/// <see cref="SkipContentGateAttribute"/>). A request that reaches ContentGate before routing needs watching only
/// then. Computed on first use and again whenever the app's endpoints change.
/// </summary>
internal sealed class EndpointRuleIndex
{
    private readonly EndpointDataSource? _endpoints;
    private volatile State? _state;

    public EndpointRuleIndex(IServiceProvider services)
    {
        // No routing registered: no endpoint can carry metadata.
        _endpoints = services.GetService<EndpointDataSource>();
    }

    /// <summary>Gets a value indicating whether some endpoint names a policy or skips ContentGate.</summary>
    public bool AnyEndpointHasRules
    {
        get
        {
            if (_endpoints is null)
            {
                return false;
            }

            var state = _state;
            if (state is null || state.Token.HasChanged)
            {
                _state = state = Compute(_endpoints);
            }

            return state.Any;
        }
    }

    /// <summary>Whether <paramref name="endpoint"/> carries ContentGate metadata.</summary>
    public static bool HasRules(Endpoint endpoint)
        => endpoint.Metadata.GetMetadata<RegionPolicyAttribute>() is not null || EndpointPolicies.IsSkipped(endpoint);

    private static State Compute(EndpointDataSource endpoints)
    {
        // The token first: a change while the list is read then shows up as a changed token next time.
        var token = endpoints.GetChangeToken();
        var any = false;
        foreach (var endpoint in endpoints.Endpoints)
        {
            if (HasRules(endpoint))
            {
                any = true;
                break;
            }
        }

        return new State(any, token);
    }

    private sealed record State(bool Any, IChangeToken Token);
}
