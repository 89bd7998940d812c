using ContentGate.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds ContentGate's health check.</summary>
public static class ContentGateHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a health check that says whether ContentGate can tell where visitors are. Its data names the MaxMind
    /// database in use (<c>database.path</c>, <c>database.type</c>, <c>database.build_epoch</c>,
    /// <c>database.build_date</c>, <c>database.age_days</c>) and the state of region sources that report one, such
    /// as the MaxMind web service's circuit breaker.
    /// </summary>
    /// <remarks>
    /// <para>
    /// <b>Unhealthy</b> (or <paramref name="failureStatus"/>) when ContentGate's configuration does not compile, or
    /// policies need a database and none is loaded. <b>Degraded</b> when the database was built longer ago than
    /// <paramref name="maxDatabaseAge"/>, when the last replacement of the database file was rejected (the reason is
    /// in the description and in <c>database.last_rejection</c>; the previous database keeps serving until a valid
    /// file arrives), or when a region source reports trouble. <b>Healthy</b> otherwise.
    /// </para>
    /// <para>
    /// The check only reads state ContentGate already holds, so it is cheap enough for frequent liveness probes.
    /// Requires <c>AddContentGate</c>. Map it with, for example, <c>app.MapHealthChecks("/healthz")</c>.
    /// </para>
    /// </remarks>
    /// <param name="builder">The builder returned by <c>services.AddHealthChecks()</c>.</param>
    /// <param name="name">The check's name in the health report. Defaults to <c>contentgate</c>.</param>
    /// <param name="maxDatabaseAge">
    /// How long after its build date (the <c>build_epoch</c> in its metadata) the database counts as stale.
    /// GeoLite2 is rebuilt twice a week, so a database older than this means its updates have stopped. Defaults to
    /// <see langword="null"/>: 30 days.
    /// </param>
    /// <param name="failureStatus">
    /// The status reported when ContentGate cannot determine regions at all. Defaults to <see langword="null"/>:
    /// <see cref="HealthStatus.Unhealthy"/>.
    /// </param>
    /// <param name="tags">Tags to select the check by, for example in <c>MapHealthChecks</c>. Defaults to <see langword="null"/> (none).</param>
    /// <returns>The <paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDatabaseAge"/> is zero or negative.</exception>
    public static IHealthChecksBuilder AddContentGate(
        this IHealthChecksBuilder builder,
        string name = "contentgate",
        TimeSpan? maxDatabaseAge = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var maxAge = maxDatabaseAge ?? ContentGateHealthCheck.DefaultMaxDatabaseAge;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxAge, TimeSpan.Zero, nameof(maxDatabaseAge));

        return builder.Add(new HealthCheckRegistration(name, services => new ContentGateHealthCheck(services, maxAge), failureStatus, tags));
    }
}
