using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ContentGate.Diagnostics;

/// <summary>
/// The <c>ContentGate</c> meter. Names follow OpenTelemetry conventions; no instrument carries a client
/// address or anything derived from one. Every instrument is described in <c>docs/metrics.md</c>.
/// </summary>
internal sealed class ContentGateMetrics
{
    public const string MeterName = "ContentGate";

    /// <summary>The <c>contentgate.reload.outcome</c> of a replacement that is now in use.</summary>
    public const string ReloadAccepted = "accepted";

    /// <summary>The <c>contentgate.reload.outcome</c> of a replacement that did not validate; the previous one stays in use.</summary>
    public const string ReloadRejected = "rejected";

    private readonly Counter<long> _lookups;
    private readonly Histogram<double> _lookupDuration;
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _unresolvedSubdivisions;
    private readonly Counter<long> _notices;
    private readonly Counter<long> _databaseReloads;
    private readonly Counter<long> _configurationReloads;
    private readonly Counter<long> _pipelineProblems;
    private readonly ConcurrentDictionary<IObservedDatabase, byte> _databases = new();

    public ContentGateMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _lookups = meter.CreateCounter<long>(
            "contentgate.region.lookups",
            unit: "{lookup}",
            description: "Region lookups by the source that answered and their outcome.");
        _lookupDuration = meter.CreateHistogram<double>(
            "contentgate.region.lookup.duration",
            unit: "s",
            description: "Time to determine the visitor's region.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.000_001, 0.000_005, 0.000_01, 0.000_05, 0.000_1, 0.000_5, 0.001, 0.01, 0.1, 1] });
        _decisions = meter.CreateCounter<long>(
            "contentgate.policy.decisions",
            unit: "{decision}",
            description: "Policy decisions for requests whose path the policy covers.");
        _unresolvedSubdivisions = meter.CreateCounter<long>(
            "contentgate.policy.unresolved_subdivisions",
            unit: "{decision}",
            description: "Policy decisions for readers whose country the policy lists subdivisions of and who have no subdivision, by what the policy's UnresolvedSubdivision made of them.");
        _notices = meter.CreateCounter<long>(
            "contentgate.notice.responses",
            unit: "{response}",
            description: "Responses for visitors who should see a notice, by what happened to the notice.");
        _databaseReloads = meter.CreateCounter<long>(
            "contentgate.database.reloads",
            unit: "{reload}",
            description: "Replacements of the MaxMind database file, by whether they were loaded or rejected.");
        _configurationReloads = meter.CreateCounter<long>(
            "contentgate.configuration.reloads",
            unit: "{reload}",
            description: "Changes to the configuration or a watched HTML file, by whether the new policies were loaded or rejected.");
        _pipelineProblems = meter.CreateCounter<long>(
            "contentgate.pipeline.problems",
            unit: "{occurrence}",
            description: "Requests on which ContentGate saw a problem with the request pipeline around it (a middleware in the wrong order, a page it could not rewrite), by problem.");
        meter.CreateObservableGauge(
            "contentgate.database.age",
            ObserveDatabaseAges,
            unit: "s",
            description: "Time since the MaxMind database in use was built (its build_epoch metadata).");
    }

    public void RegionLookup(string source, string outcome, long startTimestamp)
    {
        if (!_lookups.Enabled && !_lookupDuration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "contentgate.region.source", source },
            { "contentgate.region.outcome", outcome },
        };
        _lookups.Add(1, tags);
        if (_lookupDuration.Enabled)
        {
            _lookupDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
        }
    }

    /// <summary>Whether anything listens to <c>contentgate.policy.decisions</c> (so the caller can skip walking the policies).</summary>
    public bool DecisionsEnabled => _decisions.Enabled;

    public void Decision(string policy, string action, string decision)
    {
        if (_decisions.Enabled)
        {
            _decisions.Add(1, new TagList
            {
                { "contentgate.policy", policy },
                { "contentgate.action", action },
                { "contentgate.decision", decision },
            });
        }
    }

    /// <summary>Whether anything listens to <c>contentgate.policy.unresolved_subdivisions</c>.</summary>
    public bool UnresolvedSubdivisionsEnabled => _unresolvedSubdivisions.Enabled;

    /// <summary>
    /// Counts a decision for an unresolved reader: <paramref name="outcome"/> is <c>match</c>, <c>no_match</c>,
    /// <c>fail_mode_applied</c> or <c>fail_mode_skipped</c>.
    /// </summary>
    public void UnresolvedSubdivision(string policy, string outcome)
    {
        if (_unresolvedSubdivisions.Enabled)
        {
            _unresolvedSubdivisions.Add(1, new TagList
            {
                { "contentgate.policy", policy },
                { "contentgate.unresolved_subdivision.outcome", outcome },
            });
        }
    }

    public void NoticeResponse(string outcome)
    {
        if (_notices.Enabled)
        {
            _notices.Add(1, new KeyValuePair<string, object?>("contentgate.notice.outcome", outcome));
        }
    }

    /// <summary>Counts a database replacement: <see cref="ReloadAccepted"/> or <see cref="ReloadRejected"/>.</summary>
    public void DatabaseReload(string outcome)
        => _databaseReloads.Add(1, new KeyValuePair<string, object?>("contentgate.reload.outcome", outcome));

    /// <summary>Counts a configuration (or HTML file) change: <see cref="ReloadAccepted"/> or <see cref="ReloadRejected"/>.</summary>
    public void ConfigurationReload(string outcome)
        => _configurationReloads.Add(1, new KeyValuePair<string, object?>("contentgate.reload.outcome", outcome));

    /// <summary>Counts one occurrence of a pipeline problem (<c>contentgate.pipeline.problem</c>, see <see cref="PipelineDiagnostics.MetricName"/>).</summary>
    public void PipelineProblem(string problem)
    {
        if (_pipelineProblems.Enabled)
        {
            _pipelineProblems.Add(1, new KeyValuePair<string, object?>("contentgate.pipeline.problem", problem));
        }
    }

    /// <summary>Reports the database's age on <c>contentgate.database.age</c> until the returned registration is disposed.</summary>
    public IDisposable TrackDatabase(IObservedDatabase database)
    {
        _databases.TryAdd(database, 0);
        return new DatabaseRegistration(_databases, database);
    }

    private IEnumerable<Measurement<double>> ObserveDatabaseAges()
    {
        var now = DateTime.UtcNow;
        foreach (var database in _databases.Keys)
        {
            var (type, buildDate, path) = database.Observe();
            yield return new Measurement<double>(
                Math.Max(0, (now - buildDate).TotalSeconds),
                new KeyValuePair<string, object?>("contentgate.database.type", type),

                // The file name only: a full path can name the user the app runs as.
                new KeyValuePair<string, object?>("contentgate.database.file", Path.GetFileName(path)));
        }
    }

    private sealed class DatabaseRegistration(ConcurrentDictionary<IObservedDatabase, byte> databases, IObservedDatabase database) : IDisposable
    {
        public void Dispose() => databases.TryRemove(database, out _);
    }
}
