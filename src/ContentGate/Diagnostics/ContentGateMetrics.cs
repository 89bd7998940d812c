using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ContentGate.Diagnostics;

/// <summary>
/// The <c>ContentGate</c> meter. Names follow OpenTelemetry conventions; no instrument carries a client
/// address or anything derived from one.
/// </summary>
internal sealed class ContentGateMetrics
{
    public const string MeterName = "ContentGate";

    private readonly Counter<long> _lookups;
    private readonly Histogram<double> _lookupDuration;
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _notices;

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
        _notices = meter.CreateCounter<long>(
            "contentgate.notice.responses",
            unit: "{response}",
            description: "Responses for visitors who should see a notice, by what happened to the notice.");
    }

    public void RegionLookup(string source, string outcome, long startTimestamp)
    {
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

    public void NoticeResponse(string outcome)
    {
        if (_notices.Enabled)
        {
            _notices.Add(1, new KeyValuePair<string, object?>("contentgate.notice.outcome", outcome));
        }
    }
}
