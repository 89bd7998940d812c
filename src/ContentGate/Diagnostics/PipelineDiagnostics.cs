using System.Globalization;
using ContentGate.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ContentGate.Diagnostics;

/// <summary>
/// Remembers the <see cref="PipelineProblem"/>s seen since the app started: the first occurrence of each is logged
/// (Error when a rule may not have been applied, Warning otherwise) with what to change; every occurrence is counted
/// on <c>contentgate.pipeline.problems</c>; the health check reports them all (<see cref="Findings"/>).
/// </summary>
/// <remarks>
/// Once per process, not per request: a pipeline in the wrong order is wrong for every request, and a log line per
/// request would bury the one that says what to fix. Nothing recorded here names a reader or their address; a path
/// is shortened to its first 200 characters.
/// </remarks>
internal sealed partial class PipelineDiagnostics
{
    private const int MaxPathLength = 200;

    private readonly Entry[] _entries = new Entry[Enum.GetValues<PipelineProblem>().Length];
    private readonly ContentGateMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public PipelineDiagnostics(ContentGateMetrics metrics, ILogger<PipelineDiagnostics> logger, TimeProvider? time = null)
    {
        _metrics = metrics;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        for (var i = 0; i < _entries.Length; i++)
        {
            _entries[i] = new Entry();
        }
    }

    /// <summary>Every problem seen at least once, in the order of <see cref="PipelineProblem"/>.</summary>
    public IReadOnlyList<PipelineFinding> Findings
    {
        get
        {
            var findings = new List<PipelineFinding>();
            for (var i = 0; i < _entries.Length; i++)
            {
                var entry = _entries[i];
                var count = Interlocked.Read(ref entry.Count);
                if (count > 0 && Volatile.Read(ref entry.Description) is { } description)
                {
                    var problem = (PipelineProblem)i;
                    findings.Add(new PipelineFinding(problem, IsRuleAtRisk(problem), entry.FirstSeen, count, description));
                }
            }

            return findings;
        }
    }

    /// <summary>Whether anything has been recorded; cheap enough for every request.</summary>
    public bool Has(PipelineProblem problem) => Interlocked.Read(ref _entries[(int)problem].Count) > 0;

    /// <summary>
    /// Whether the problem can mean that a rule was not applied to a reader it concerns (a Block skipped, regions
    /// wrong). The health check reports those as its failure status, the others as Degraded.
    /// </summary>
    public static bool IsRuleAtRisk(PipelineProblem problem) => problem is PipelineProblem.EndpointRulesNotApplied
        or PipelineProblem.ForwardedHeadersAfterContentGate
        or PipelineProblem.GatedPathAnsweredWithoutContentGate;

    public void EncodedPageWithoutNotice(string path, string contentEncoding)
    {
        if (First(PipelineProblem.EncodedPageWithoutNotice, () =>
            $"A page that had to carry a notice ({Shorten(path)}) arrived already encoded (Content-Encoding: {contentEncoding}) and was sent without it. " +
            "ContentGate hides Accept-Encoding from the middleware after it, so this page was encoded regardless (pre-compressed HTML, or a compressor after " +
            "UseContentGate that ignores the request), and in codings ContentGate cannot take off: it decodes one of gzip, deflate and br, not two, nor others. " +
            "Serve HTML uncompressed on paths a notice covers, and compress with UseResponseCompression before UseContentGate."))
        {
            Log.EncodedPageWithoutNotice(_logger, Shorten(path), contentEncoding);
        }
    }

    public void OutputCacheBeforeContentGate(string path)
    {
        if (First(PipelineProblem.OutputCacheBeforeContentGate, () =>
            $"UseOutputCache runs before UseContentGate (seen on {Shorten(path)}): a page it stored for one reader would be served to readers in other " +
            "regions without ContentGate seeing them. ContentGate keeps every response on a path it covers out of the output cache (other paths are " +
            "cached as configured). Call app.UseOutputCache() after app.UseContentGate(), so the app's own page is cached and ContentGate rewrites it for each reader."))
        {
            Log.OutputCacheBeforeContentGate(_logger, Shorten(path));
        }
    }

    public void ResponseCachingBeforeContentGate(string path)
    {
        if (First(PipelineProblem.ResponseCachingBeforeContentGate, () =>
            $"UseResponseCaching runs before UseContentGate (seen on {Shorten(path)}): a page it stored for one reader would be served to readers in " +
            "other regions without ContentGate seeing them. ContentGate sends every response on a path it covers with Cache-Control: private, so it is not " +
            "stored (even with Caching:CdnCacheKeyIncludesRegion). Call app.UseResponseCaching() after app.UseContentGate()."))
        {
            Log.ResponseCachingBeforeContentGate(_logger, Shorten(path));
        }
    }

    public void RoutingAfterContentGate(string endpoint)
    {
        if (First(PipelineProblem.RoutingAfterContentGate, () =>
            $"UseRouting runs after UseContentGate (seen for endpoint '{endpoint}'). ContentGate applies endpoint rules ([RegionPolicy], " +
            "RequireRegionPolicy, [SkipContentGate]) when routing picks the endpoint, but decides path rules before routing, so [SkipContentGate] cannot " +
            "lift a Block, Redirect or Acknowledge policy whose Paths cover the endpoint. Call app.UseContentGate() after app.UseRouting()."))
        {
            Log.RoutingAfterContentGate(_logger, endpoint);
        }
    }

    public void EndpointRulesNotApplied(string endpoint)
    {
        if (First(PipelineProblem.EndpointRulesNotApplied, () =>
            $"A request reached endpoint '{endpoint}', which carries ContentGate rules, but ContentGate never saw that endpoint, so its rules (a Block " +
            "among them, if it names one) were not applied to this request. A middleware after UseContentGate replaced the endpoint feature, or routing " +
            "runs in a branch ContentGate is not part of. Call app.UseContentGate() after app.UseRouting(), in the branch that maps the endpoints."))
        {
            Log.EndpointRulesNotApplied(_logger, endpoint);
        }
    }

    public void ForwardedHeadersAfterContentGate()
    {
        if (First(PipelineProblem.ForwardedHeadersAfterContentGate, () =>
            "UseForwardedHeaders runs after UseContentGate: ContentGate saw the proxy's address instead of the reader's, so regions are wrong (readers " +
            "behind a non-public proxy are unknown and every policy applies its fail mode; behind a public one they are placed where the proxy is). " +
            "Call app.UseForwardedHeaders(...) before app.UseContentGate()."))
        {
            Log.ForwardedHeadersAfterContentGate(_logger);
        }
    }

    public void ProxyNotTrusted()
    {
        if (First(PipelineProblem.ProxyNotTrusted, () =>
            "Requests arrive from a non-public address with X-Forwarded-For or Forwarded headers that no forwarded-headers middleware before " +
            "UseContentGate trusted: the reader's address is unknown, so every reader behind this proxy is unknown and every policy applies its fail mode. " +
            "Call app.UseForwardedHeaders before app.UseContentGate with ForwardedHeaders = XForwardedFor | XForwardedProto, and add the proxy's network " +
            "to ForwardedHeadersOptions.KnownIPNetworks (see 'Behind proxies and CDNs' in the README)."))
        {
            Log.ProxyNotTrusted(_logger);
        }
    }

    public void AnsweredWithoutContentGate(string path, string policy, string action, int statusCode, bool ruleAtRisk)
    {
        var problem = ruleAtRisk ? PipelineProblem.GatedPathAnsweredWithoutContentGate : PipelineProblem.NoticePathAnsweredWithoutContentGate;
        var what = ruleAtRisk ? "readers the policy applies to got the content" : "readers who must see the notice did not";
        if (First(problem, () =>
            $"A response ({statusCode.ToString(CultureInfo.InvariantCulture)}) to {Shorten(path)}, which policy '{policy}' ({action}) covers, was sent " +
            $"without passing through ContentGate, so {what}. A middleware before UseContentGate answered it (UseStaticFiles, an output or response cache, " +
            "a middleware of the app's), or UseContentGate is missing from the pipeline branch that served it. Call app.UseContentGate() before that middleware."))
        {
            if (ruleAtRisk)
            {
                Log.GatedPathAnsweredWithoutContentGate(_logger, statusCode, Shorten(path), policy, action);
            }
            else
            {
                Log.NoticePathAnsweredWithoutContentGate(_logger, statusCode, Shorten(path), policy);
            }
        }
    }

    // Counts every occurrence; true (and the description stored) only for the first.
    private bool First(PipelineProblem problem, Func<string> describe)
    {
        _metrics.PipelineProblem(MetricName(problem));
        var entry = _entries[(int)problem];
        if (Interlocked.Increment(ref entry.Count) != 1)
        {
            return false;
        }

        entry.FirstSeen = _time.GetUtcNow();
        Volatile.Write(ref entry.Description, describe());
        return true;
    }

    private static string Shorten(string path) => path.Length <= MaxPathLength ? path : string.Concat(path.AsSpan(0, MaxPathLength), "…");

    /// <summary>The <c>contentgate.pipeline.problem</c> tag value: the name in snake case.</summary>
    public static string MetricName(PipelineProblem problem) => problem switch
    {
        PipelineProblem.EncodedPageWithoutNotice => "encoded_page_without_notice",
        PipelineProblem.OutputCacheBeforeContentGate => "output_cache_before_contentgate",
        PipelineProblem.ResponseCachingBeforeContentGate => "response_caching_before_contentgate",
        PipelineProblem.RoutingAfterContentGate => "routing_after_contentgate",
        PipelineProblem.EndpointRulesNotApplied => "endpoint_rules_not_applied",
        PipelineProblem.ForwardedHeadersAfterContentGate => "forwarded_headers_after_contentgate",
        PipelineProblem.ProxyNotTrusted => "proxy_not_trusted",
        PipelineProblem.GatedPathAnsweredWithoutContentGate => "gated_path_answered_without_contentgate",
        _ => "notice_path_answered_without_contentgate",
    };

    private sealed class Entry
    {
        public long Count;
        public string? Description;
        public DateTimeOffset FirstSeen;
    }

    private static partial class Log
    {
        [LoggerMessage(80, LogLevel.Warning, "A page that had to carry a notice ({Path}) arrived already encoded in codings ContentGate cannot take off (Content-Encoding: {ContentEncoding}) and was sent without the notice. Serve HTML uncompressed on paths a notice covers, and compress with UseResponseCompression before UseContentGate. Logged once; every occurrence is counted.", EventName = "EncodedPageWithoutNotice")]
        public static partial void EncodedPageWithoutNotice(ILogger logger, string path, string contentEncoding);

        [LoggerMessage(81, LogLevel.Warning, "UseOutputCache runs before UseContentGate (seen on {Path}): responses on paths ContentGate covers are kept out of the output cache, or one region's page would be served to every region. Call app.UseOutputCache() after app.UseContentGate(). Logged once.", EventName = "OutputCacheBeforeContentGate")]
        public static partial void OutputCacheBeforeContentGate(ILogger logger, string path);

        [LoggerMessage(82, LogLevel.Warning, "UseResponseCaching runs before UseContentGate (seen on {Path}): responses on paths ContentGate covers are sent with Cache-Control: private so it does not store them, or one region's page would be served to every region. Call app.UseResponseCaching() after app.UseContentGate(). Logged once.", EventName = "ResponseCachingBeforeContentGate")]
        public static partial void ResponseCachingBeforeContentGate(ILogger logger, string path);

        [LoggerMessage(83, LogLevel.Warning, "UseRouting runs after UseContentGate (seen for endpoint '{Endpoint}'): endpoint rules are applied when routing picks the endpoint, but [SkipContentGate] cannot lift a Block, Redirect or Acknowledge policy whose Paths cover it. Call app.UseContentGate() after app.UseRouting(). Logged once.", EventName = "RoutingAfterContentGate")]
        public static partial void RoutingAfterContentGate(ILogger logger, string endpoint);

        [LoggerMessage(84, LogLevel.Error, "A request reached endpoint '{Endpoint}', which carries ContentGate rules, but ContentGate never saw that endpoint: its rules were not applied to this request. Call app.UseContentGate() after app.UseRouting(), in the branch that maps the endpoints. Logged once; every occurrence is counted.", EventName = "EndpointRulesNotApplied")]
        public static partial void EndpointRulesNotApplied(ILogger logger, string endpoint);

        [LoggerMessage(85, LogLevel.Error, "UseForwardedHeaders runs after UseContentGate: ContentGate saw the proxy's address instead of the reader's, so regions are wrong. Call app.UseForwardedHeaders(...) before app.UseContentGate(). Logged once; every occurrence is counted.", EventName = "ForwardedHeadersAfterContentGate")]
        public static partial void ForwardedHeadersAfterContentGate(ILogger logger);

        [LoggerMessage(86, LogLevel.Warning, "Requests arrive from a non-public address with X-Forwarded-For or Forwarded headers that nothing before UseContentGate trusted: every reader behind this proxy is unknown. Call app.UseForwardedHeaders before app.UseContentGate and add the proxy's network to ForwardedHeadersOptions.KnownIPNetworks. Logged once; every occurrence is counted.", EventName = "ProxyNotTrusted")]
        public static partial void ProxyNotTrusted(ILogger logger);

        [LoggerMessage(87, LogLevel.Error, "A response ({StatusCode}) to {Path}, which policy '{Policy}' ({Action}) covers, was sent without passing through ContentGate, so readers the policy applies to got the content. A middleware before UseContentGate answered it, or UseContentGate is missing from that pipeline branch. Logged once; every occurrence is counted.", EventName = "GatedPathAnsweredWithoutContentGate")]
        public static partial void GatedPathAnsweredWithoutContentGate(ILogger logger, int statusCode, string path, string policy, string action);

        [LoggerMessage(88, LogLevel.Warning, "An HTML page ({StatusCode}) at {Path}, which notice policy '{Policy}' covers, was sent without passing through ContentGate, so readers who must see the notice did not (UseStaticFiles or another middleware before UseContentGate answered it). Call app.UseContentGate() before that middleware. Logged once; every occurrence is counted.", EventName = "NoticePathAnsweredWithoutContentGate")]
        public static partial void NoticePathAnsweredWithoutContentGate(ILogger logger, int statusCode, string path, string policy);
    }
}

/// <summary>A <see cref="PipelineProblem"/> seen since the app started, for the health check.</summary>
/// <param name="Problem">What was seen.</param>
/// <param name="RuleAtRisk">Whether a rule may not have been applied to a reader it concerns.</param>
/// <param name="FirstSeen">When it was first seen.</param>
/// <param name="Count">How often it has been seen.</param>
/// <param name="Description">What it means and what to change, as first seen.</param>
internal sealed record PipelineFinding(PipelineProblem Problem, bool RuleAtRisk, DateTimeOffset FirstSeen, long Count, string Description);
