using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContentGate.Sources;

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
public sealed record RegionSourceHealth(HealthStatus Status, string Description, IReadOnlyDictionary<string, object> Data);
