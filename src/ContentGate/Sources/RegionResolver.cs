using System.Diagnostics;
using ContentGate.Diagnostics;
using ContentGate.Regions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContentGate.Sources;

/// <summary>
/// Turns a request into a region: the ordered region sources are asked in turn and the first that answers wins.
/// Address-based sources are skipped for requests without a public client address.
/// </summary>
/// <remarks>
/// The features it returns are shared between requests (they are immutable and depend only on the answer): one per
/// unknown reason, and per source a small direct-mapped cache of the regions it answered last, so that a visitor
/// from a region seen before costs no allocation here. A cache slot that two regions compete for just holds the
/// later one; a miss builds a new feature, as every request did before the cache.
/// </remarks>
internal sealed partial class RegionResolver
{
    // Per source; a power of two. Traffic comes from far fewer distinct regions than this.
    private const int FeatureSlots = 1024;

    private readonly IRegionSource[] _sources;
    private readonly ContentGateMetrics _metrics;
    private readonly ILogger _logger;
    private readonly RegionFeature?[][] _answered;
    private readonly RegionFeature[] _unknown;

    public RegionResolver(IReadOnlyList<IRegionSource> sources, ContentGateMetrics metrics, ILogger logger)
    {
        _sources = [.. sources];
        _metrics = metrics;
        _logger = logger;
        _answered = new RegionFeature?[_sources.Length][];
        for (var i = 0; i < _answered.Length; i++)
        {
            _answered[i] = new RegionFeature?[FeatureSlots];
        }

        _unknown = UnknownFeatures();
    }

    public IReadOnlyList<IRegionSource> Sources => _sources;

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
            if (Answered(i, answer, start, ref state) is { } feature)
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

            if (Answered(i, answer, start, ref state) is { } feature)
            {
                return feature;
            }

            addressUsable &= !answer.PeerIsProxy;
        }

        return Unknown(state, start);
    }

    private RegionFeature? Answered(int sourceIndex, RegionAnswer answer, long start, ref Resolution state)
    {
        var source = _sources[sourceIndex];
        _metrics.RegionLookup(source.Name, answer.Outcome, start);
        if (answer.Region is { } region)
        {
            Log.RegionResolved(_logger, region, source.Name);
            return FeatureFor(sourceIndex, region, answer.VaryHeader);
        }

        if (answer.Reason == RegionUnknownReason.LookupFailed)
        {
            state = new Resolution(RegionUnknownReason.LookupFailed);
        }

        return null;
    }

    private void Failed(IRegionSource source, Exception exception, long start, ref Resolution state)
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
        return (uint)reason < (uint)_unknown.Length ? _unknown[(int)reason] : new RegionFeature(Region.Unknown, null, reason, null);
    }

    /// <summary>The shared feature for a region a source answered: from the cache when the same region was seen last in its slot.</summary>
    private RegionFeature FeatureFor(int sourceIndex, Region region, string? varyHeader)
    {
        var slots = _answered[sourceIndex];
        ref var slot = ref slots[SlotOf(region) & (slots.Length - 1)];
        var cached = Volatile.Read(ref slot);
        if (cached is not null && SameRegion(cached.Region, region) && string.Equals(cached.VaryHeader, varyHeader, StringComparison.Ordinal))
        {
            return cached;
        }

        var feature = new RegionFeature(region, _sources[sourceIndex].Name, RegionUnknownReason.None, varyHeader);
        Volatile.Write(ref slot, feature);
        return feature;
    }

    // FNV-1a over the codes and the network: a few nanoseconds for "UA UA-43", and equal regions land in the same slot.
    private static int SlotOf(Region region)
    {
        var hash = 2166136261u;
        foreach (var c in region.CountryCode.AsSpan())
        {
            hash = (hash ^ c) * 16777619u;
        }

        var subdivisions = region.SubdivisionCodes;
        for (var i = 0; i < subdivisions.Count; i++)
        {
            foreach (var c in subdivisions[i].AsSpan())
            {
                hash = (hash ^ c) * 16777619u;
            }
        }

        if (region.AutonomousSystemNumber is { } number)
        {
            hash = (hash ^ (uint)number) * 16777619u;
        }

        return (int)(hash ^ (hash >> 16));
    }

    private static bool SameRegion(Region cached, Region region)
    {
        if (ReferenceEquals(cached, region))
        {
            return true;
        }

        if (!string.Equals(cached.CountryCode, region.CountryCode, StringComparison.Ordinal) || cached.AutonomousSystemNumber != region.AutonomousSystemNumber)
        {
            return false;
        }

        var left = cached.SubdivisionCodes;
        var right = region.SubdivisionCodes;
        if (left.Count != right.Count)
        {
            return false;
        }

        for (var i = 0; i < left.Count; i++)
        {
            if (!string.Equals(left[i], right[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static RegionFeature[] UnknownFeatures()
    {
        var reasons = Enum.GetValues<RegionUnknownReason>();
        var features = new RegionFeature[reasons.Max(r => (int)r) + 1];
        foreach (var reason in reasons)
        {
            features[(int)reason] = new RegionFeature(Region.Unknown, null, reason, null);
        }

        return features;
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
