using System.Diagnostics;
using ContentGate.Diagnostics;
using ContentGate.Sources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContentGate.Regions;

/// <summary>
/// Turns a request into a region: the ordered region sources are asked in turn and the first that answers wins.
/// Address-based sources are skipped for requests without a public client address.
/// </summary>
internal sealed partial class RegionResolver
{
    private readonly RegionSource[] _sources;
    private readonly ContentGateMetrics _metrics;
    private readonly ILogger _logger;

    public RegionResolver(IReadOnlyList<RegionSource> sources, ContentGateMetrics metrics, ILogger logger)
    {
        _sources = [.. sources];
        _metrics = metrics;
        _logger = logger;
    }

    public IReadOnlyList<RegionSource> Sources => _sources;

    /// <summary>Completes synchronously unless a source (such as the web service) has to wait.</summary>
    public ValueTask<RegionFeature> ResolveAsync(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        var remote = context.Connection.RemoteIpAddress;
        var address = remote is null ? null : ClientAddress.Normalize(remote);
        var addressUsable = address is not null && !ClientAddress.IsNonPublic(address);
        var state = new Resolution(address is null ? RegionUnknownReason.NoClientAddress : addressUsable ? RegionUnknownReason.NotFound : RegionUnknownReason.NonPublicAddress);
        var query = new RegionQuery(context, address);

        for (var i = 0; i < _sources.Length; i++)
        {
            var source = _sources[i];
            if (source.UsesClientAddress && !addressUsable)
            {
                continue;
            }

            ValueTask<RegionAnswer> pending;
            try
            {
                pending = source.LookupAsync(query, context.RequestAborted);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Failed(source, ex, start, ref state);
                continue;
            }

            if (!pending.IsCompletedSuccessfully)
            {
                return ContinueAsync(context, query, addressUsable, i, pending, start, state);
            }

            var answer = pending.Result;
            if (Answered(source, answer, start, ref state) is { } feature)
            {
                return new ValueTask<RegionFeature>(feature);
            }

            addressUsable &= !answer.PeerIsProxy;
        }

        return new ValueTask<RegionFeature>(Unknown(state, start));
    }

    private async ValueTask<RegionFeature> ContinueAsync(HttpContext context, RegionQuery query, bool addressUsable, int index, ValueTask<RegionAnswer> pending, long start, Resolution state)
    {
        for (var i = index; i < _sources.Length; i++)
        {
            var source = _sources[i];
            if (i > index)
            {
                if (source.UsesClientAddress && !addressUsable)
                {
                    continue;
                }

                try
                {
                    pending = source.LookupAsync(query, context.RequestAborted);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Failed(source, ex, start, ref state);
                    continue;
                }
            }

            RegionAnswer answer;
            try
            {
                answer = await pending;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Failed(source, ex, start, ref state);
                continue;
            }

            if (Answered(source, answer, start, ref state) is { } feature)
            {
                return feature;
            }

            addressUsable &= !answer.PeerIsProxy;
        }

        return Unknown(state, start);
    }

    private RegionFeature? Answered(RegionSource source, RegionAnswer answer, long start, ref Resolution state)
    {
        _metrics.RegionLookup(source.Name, answer.Outcome, start);
        if (answer.Region is { } region)
        {
            Log.RegionResolved(_logger, region, source.Name);
            return new RegionFeature(region, source.Name, RegionUnknownReason.None) { VaryHeader = answer.VaryHeader };
        }

        if (answer.Reason == RegionUnknownReason.LookupFailed)
        {
            state = new Resolution(RegionUnknownReason.LookupFailed);
        }

        return null;
    }

    private void Failed(RegionSource source, Exception exception, long start, ref Resolution state)
    {
        // Only the exception type is logged: reader messages can quote the address being looked up.
        Log.LookupFailed(_logger, source.Name, exception.GetType().FullName);
        _metrics.RegionLookup(source.Name, "error", start);
        state = new Resolution(RegionUnknownReason.LookupFailed);
    }

    private RegionFeature Unknown(Resolution state, long start)
    {
        var reason = state.Reason;
        _metrics.RegionLookup("none", reason switch
        {
            RegionUnknownReason.NoClientAddress => "no_address",
            RegionUnknownReason.NonPublicAddress => "non_public",
            RegionUnknownReason.LookupFailed => "error",
            _ => _sources.Length == 0 ? "no_source" : "not_found",
        }, start);
        Log.RegionUnknown(_logger, reason);
        return new RegionFeature(Region.Unknown, null, reason);
    }

    /// <summary>Why the region is unknown so far; a failure outranks every other reason.</summary>
    private readonly record struct Resolution(RegionUnknownReason Reason);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Visitor region {Region} from source '{Source}'.", EventName = "RegionResolved")]
        public static partial void RegionResolved(ILogger logger, Region region, string source);

        [LoggerMessage(2, LogLevel.Debug, "Visitor region unknown ({Reason}); each policy applies its fail mode.", EventName = "RegionUnknown")]
        public static partial void RegionUnknown(ILogger logger, RegionUnknownReason reason);

        [LoggerMessage(3, LogLevel.Warning, "Region lookup failed in source '{Source}' with {ErrorType}; each policy applies its fail mode.", EventName = "RegionLookupFailed")]
        public static partial void LookupFailed(ILogger logger, string source, string? errorType);
    }
}
