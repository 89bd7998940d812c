using ContentGate.Configuration;
using ContentGate.Endpoints;
using ContentGate.Hosting;
using ContentGate.Policies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ContentGate.Hosting;

/// <summary>
/// Stops the host at start-up when an endpoint names a policy that is not configured (a typo would otherwise leave
/// the endpoint ungated) or both names policies and skips ContentGate.
/// </summary>
/// <remarks>
/// Endpoints exist only once the request pipeline is built (<c>UseEndpoints</c> and the minimal-API data sources
/// are added while the web host starts), which is after every plain <c>StartAsync</c> registered before it, so the
/// check runs in <see cref="StartedAsync"/>; an exception there still fails <c>IHost.StartAsync</c>.
/// </remarks>
internal sealed class ContentGateEndpointValidator : IHostedLifecycleService
{
    private readonly IServiceProvider _services;

    public ContentGateEndpointValidator(IServiceProvider services)
    {
        _services = services;
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        // No routing registered: there are no endpoints to name policies.
        if (_services.GetService<EndpointDataSource>() is not { } endpoints)
        {
            return Task.CompletedTask;
        }

        var failures = Validate(endpoints.Endpoints, _services.GetRequiredService<ContentGateRuntime>().Current);
        if (failures.Count > 0)
        {
            throw new ContentGateConfigurationException(failures);
        }

        return Task.CompletedTask;
    }

    /// <summary>Returns one message per problem, each naming the endpoint, what is wrong and the fix.</summary>
    public static IReadOnlyList<string> Validate(IEnumerable<Endpoint> endpoints, GateSnapshot snapshot)
    {
        // The same action can appear as several endpoints (conventional routes); say each thing once.
        var failures = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        IReadOnlyList<string>? defined = null;

        foreach (var endpoint in endpoints)
        {
            var names = EndpointPolicies.PolicyNames(endpoint);
            if (names.Count == 0)
            {
                continue;
            }

            var display = EndpointPolicies.DisplayName(endpoint);
            if (EndpointPolicies.IsSkipped(endpoint))
            {
                Add($"Endpoint '{display}' requires region policies {Quote(names)} but also skips ContentGate, so they would never apply. Remove [SkipContentGate]/SkipContentGate() or [RegionPolicy]/RequireRegionPolicy(...) from it.");
            }

            foreach (var name in names)
            {
                if (snapshot.Policies.Find(name) is not null)
                {
                    continue;
                }

                defined ??= snapshot.Policies.Names;
                var closest = defined.MinBy(candidate => EditDistance.Between(candidate, name));
                var hint = closest is not null && EditDistance.Between(closest, name) <= 3 ? $" Did you mean '{closest}'?" : string.Empty;
                var known = defined.Count == 0 ? "No policies are defined." : $"Defined policies: {Quote(defined)}.";
                Add($"Endpoint '{display}' requires region policy '{name}', which is not defined under {ContentGateDefaults.SectionName}:Policies.{hint} {known} Define {ContentGateDefaults.SectionName}:Policies:{name}, or correct the name in [RegionPolicy]/RequireRegionPolicy(...).");
            }
        }

        return failures;

        void Add(string failure)
        {
            if (seen.Add(failure))
            {
                failures.Add(failure);
            }
        }
    }

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
