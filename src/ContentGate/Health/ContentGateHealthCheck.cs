using ContentGate.Diagnostics;
using System.Globalization;
using ContentGate.Hosting;
using ContentGate.MaxMind;
using ContentGate.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ContentGate.Health;

/// <summary>
/// Reports whether ContentGate can tell where visitors are: the MaxMind database in use (path, type, build date, age,
/// the last rejected replacement) and every region source that reports its own state (<see cref="IRegionSourceHealth"/>).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Unhealthy (the registration's failure status) when ContentGate is not registered, its configuration does not
/// compile, or policies need a database and none is loaded: every visitor would be unknown.</item>
/// <item>Degraded when the database is older than the maximum age, when the last replacement of its file was
/// rejected (the previous database keeps serving), or when a source reports Degraded.</item>
/// <item>For each problem with the request pipeline seen since start-up (<see cref="PipelineDiagnostics"/>): the failure
/// status when a rule may not have been applied (forwarded headers read after ContentGate, a response on a gated path
/// that bypassed it, endpoint rules it never saw), Degraded otherwise (a cache in front of it, routing after it, an
/// encoded page that could not carry its notice, an untrusted proxy).</item>
/// <item>Healthy otherwise.</item>
/// </list>
/// The check reads state that is already in memory; it opens no file and calls no service.
/// </remarks>
internal sealed class ContentGateHealthCheck(IServiceProvider services, TimeSpan maxDatabaseAge) : IHealthCheck
{
    /// <summary>How old the database may be before the check reports Degraded: 30 days (GeoLite2 and GeoIP2 are updated weekly or more often).</summary>
    public static readonly TimeSpan DefaultMaxDatabaseAge = TimeSpan.FromDays(30);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(Check(context.Registration?.FailureStatus ?? HealthStatus.Unhealthy));

    private HealthCheckResult Check(HealthStatus failureStatus)
    {
        if (services.GetService<ContentGateMarkerService>() is null)
        {
            return new HealthCheckResult(failureStatus, "ContentGate is not registered: call services.AddContentGate(…) to use its health check.");
        }

        ContentGateRuntime runtime;
        try
        {
            runtime = services.GetRequiredService<ContentGateRuntime>();
        }
        catch (OptionsValidationException ex)
        {
            return new HealthCheckResult(failureStatus, "ContentGate's configuration does not validate, so no policy is applied. " + ex.Message);
        }

        var snapshot = runtime.Current;
        var sources = snapshot.Resolver.Sources;
        var status = HealthStatus.Healthy;
        var problems = new List<string>();
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["policies"] = snapshot.Policies.All.Length,
            ["sources"] = string.Join(", ", sources.Select(s => s.Name)),
        };

        string? summary = null;
        if (sources.OfType<MaxMindDatabaseSource>().FirstOrDefault() is { } databaseSource)
        {
            summary = ReportDatabase(databaseSource.Database.Status, data, problems, ref status, "database");
            if (databaseSource.AsnDatabase is { } asnDatabase)
            {
                summary += " " + ReportDatabase(asnDatabase.Status, data, problems, ref status, "asn_database");
            }
        }
        else if (snapshot.Policies.HasPolicies
            && (sources.Count == 0 || services.GetService<IOptionsMonitor<ContentGateOptions>>()?.CurrentValue is { } options && RegionSourceCompiler.NeedsDatabase(options)))
        {
            status = failureStatus;
            problems.Add(
                "No MaxMind database is loaded, but the policies need one: every visitor is unknown and each policy applies its fail mode. " +
                "Set ContentGate:MaxMind:DatabasePath to a GeoIP2 or GeoLite2 Country or City .mmdb file.");
        }

        foreach (var source in sources.OfType<IRegionSourceHealth>())
        {
            var health = source.GetHealth();
            data[source.Name + ".status"] = health.Status.ToString();
            foreach (var (key, value) in health.Data)
            {
                data[source.Name + "." + key] = value;
            }

            if (health.Status != HealthStatus.Healthy)
            {
                problems.Add($"Source '{source.Name}': {health.Description}");
                status = Worst(status, health.Status == HealthStatus.Unhealthy ? failureStatus : health.Status);
            }
        }

        if (services.GetService<PipelineDiagnostics>() is { } pipeline)
        {
            foreach (var finding in pipeline.Findings)
            {
                var name = PipelineDiagnostics.MetricName(finding.Problem);
                data["pipeline." + name] = finding.Count;
                data["pipeline." + name + ".first_seen"] = Timestamp(finding.FirstSeen);
                problems.Add(finding.Description);
                status = Worst(status, finding.RuleAtRisk ? failureStatus : HealthStatus.Degraded);
            }
        }

        var description = problems.Count > 0
            ? string.Join(" ", problems)
            : summary ?? $"{snapshot.Policies.All.Length} policies; sources: {(sources.Count == 0 ? "none" : data["sources"])}.";
        return new HealthCheckResult(status, description, data: data);
    }

    private string ReportDatabase(MaxMindDatabaseStatus database, Dictionary<string, object> data, List<string> problems, ref HealthStatus status, string prefix)
    {
        var now = (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        var built = new DateTimeOffset(DateTime.SpecifyKind(database.BuildDate, DateTimeKind.Utc));
        var age = now - built;
        var file = Path.GetFileName(database.Path);

        data[prefix + ".path"] = database.Path;
        data[prefix + ".type"] = database.DatabaseType;
        data[prefix + ".build_epoch"] = built.ToUnixTimeSeconds();
        data[prefix + ".build_date"] = Timestamp(built);
        data[prefix + ".age_days"] = Math.Round(age.TotalDays, 1);
        data[prefix + ".max_age_days"] = Math.Round(maxDatabaseAge.TotalDays, 1);
        data[prefix + ".loaded_at"] = Timestamp(database.LoadedAt);
        data[prefix + ".loads"] = database.Generation;

        if (age > maxDatabaseAge)
        {
            status = Worst(status, HealthStatus.Degraded);
            problems.Add(
                $"The MaxMind database '{file}' was built {Date(built)}, {Days(age)} days ago, more than the {Days(maxDatabaseAge)} allowed: " +
                "visitors whose addresses moved since are placed by old data. Check that geoipupdate (or the job that replaces the file) runs.");
        }

        if (database.LastRejection is { } rejection)
        {
            status = Worst(status, HealthStatus.Degraded);
            data[prefix + ".last_rejected_at"] = Timestamp(rejection.At);
            data[prefix + ".last_rejection"] = rejection.Reason;
            problems.Add(
                $"The last replacement of the MaxMind database '{file}' was rejected at {Timestamp(rejection.At)}; the database built {Date(built)} keeps serving. {rejection.Reason}");
        }

        if (database.UnmappedNames.Names > 0)
        {
            // Not a fault of the running app: a gap in the data, shown so the operator can add an alias.
            data[prefix + ".unmapped_subdivision_names"] = database.UnmappedNames.Names;
            data[prefix + ".unmapped_subdivision_networks"] = database.UnmappedNames.Networks;
            data[prefix + ".unmapped_subdivision_examples"] = string.Join(", ", database.UnmappedNames.Examples);
        }

        return $"MaxMind database '{file}' ({database.DatabaseType}) built {Date(built)}, {Days(age)} days old.";
    }

    private static HealthStatus Worst(HealthStatus a, HealthStatus b) => a < b ? a : b;

    private static string Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Days(TimeSpan value) => Math.Floor(value.TotalDays).ToString(CultureInfo.InvariantCulture);
}
