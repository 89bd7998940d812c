using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContentGate.Health;

/// <summary>
/// Implemented by a region source that can say whether it works, such as the MaxMind web service with its circuit
/// breaker. The ContentGate health check asks every source of the current snapshot that implements it.
/// </summary>
internal interface IRegionSourceHealth
{
    /// <summary>The source's name, as in metrics and the region feature; it prefixes the source's data keys.</summary>
    string Name { get; }

    /// <summary>
    /// The source's state now. Called on every health probe: must be cheap, must not call out over the network, and
    /// must not throw.
    /// </summary>
    RegionSourceHealth GetHealth();
}

/// <summary>A region source's state for the health check.</summary>
/// <param name="Status">
/// <see cref="HealthStatus.Healthy"/> when it answers normally; <see cref="HealthStatus.Degraded"/> when visitors it would
/// have answered fall through to later sources or to the policies' fail modes (for example an open circuit breaker);
/// <see cref="HealthStatus.Unhealthy"/> only when it cannot work at all until someone fixes it.
/// </param>
/// <param name="Description">One sentence for the operator: what is wrong and, if anything, what to do.</param>
/// <param name="Data">
/// Facts for the health report (strings, numbers, UTC timestamps), keyed without the source's name, which the check
/// adds as a prefix (<c>maxmind-web-service.state</c>). Never a client address or a license key.
/// </param>
internal sealed record RegionSourceHealth(HealthStatus Status, string Description, IReadOnlyDictionary<string, object> Data);
