using System.Diagnostics;

namespace ContentGate.Diagnostics;

/// <summary>
/// The <c>ContentGate</c> activity source: one activity per decision, tagged with what was decided and never with
/// anything about the reader's address. Described in <c>docs/metrics.md</c> beside the meter.
/// </summary>
/// <remarks>
/// One source for the process, as the platform's own libraries keep theirs: listeners subscribe by name, so a source
/// per host would be seen by the same listeners anyway. Callers ask <see cref="ActivitySource.HasListeners"/> before
/// anything else, so a request costs nothing when nobody listens.
/// </remarks>
internal static class ContentGateTracing
{
    /// <summary>The source's name, for <c>AddSource("ContentGate")</c>.</summary>
    public const string SourceName = "ContentGate";

    /// <summary>The name of the activity that records one decision.</summary>
    public const string DecisionActivityName = "contentgate.decision";

    /// <summary>The answering policy, or the notices that go into the page (comma-separated, in evaluation order).</summary>
    public const string PolicyTag = "contentgate.policy";

    /// <summary>The action carried out: <c>notice</c>, <c>block</c>, <c>redirect</c>, <c>acknowledge</c>.</summary>
    public const string ActionTag = "contentgate.action";

    /// <summary>What the request gets: <c>pass</c>, <c>notice</c>, <c>block</c>, <c>redirect</c>, <c>acknowledge</c>, <c>exempt</c>.</summary>
    public const string OutcomeTag = "contentgate.outcome";

    /// <summary>The region source that answered, as on the meter (<c>maxmind</c>, <c>cloudflare</c>, …), or <c>none</c>.</summary>
    public const string RegionSourceTag = "contentgate.region.source";

    public static ActivitySource Source { get; } = new(SourceName, typeof(ContentGateTracing).Assembly.GetName().Version?.ToString());
}
