using System.Diagnostics;
using ContentGate.Diagnostics;
using ContentGate.MaxMind;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContentGate.Regions;

/// <summary>
/// Turns a request into a region: the connection's remote address, normalized, looked up in the ordered
/// region sources; the first that answers wins.
/// </summary>
internal sealed partial class RegionResolver
{
    private readonly MaxMindDatabase? _database;
    private readonly ContentGateMetrics _metrics;
    private readonly ILogger _logger;

    public RegionResolver(MaxMindDatabase? database, ContentGateMetrics metrics, ILogger logger)
    {
        _database = database;
        _metrics = metrics;
        _logger = logger;
    }

    public const string MaxMindSourceName = "maxmind";

    public RegionFeature Resolve(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        var remote = context.Connection.RemoteIpAddress;
        if (remote is null)
        {
            return Unknown(RegionUnknownReason.NoClientAddress, "no_address", start);
        }

        var address = ClientAddress.Normalize(remote);
        if (ClientAddress.IsNonPublic(address))
        {
            return Unknown(RegionUnknownReason.NonPublicAddress, "non_public", start);
        }

        if (_database is null)
        {
            return Unknown(RegionUnknownReason.NotFound, "no_source", start);
        }

        try
        {
            if (_database.TryFind(address, out var region))
            {
                _metrics.RegionLookup(MaxMindSourceName, "found", start);
                Log.RegionResolved(_logger, region, MaxMindSourceName);
                return new RegionFeature(region, MaxMindSourceName, RegionUnknownReason.None);
            }

            return Unknown(RegionUnknownReason.NotFound, "not_found", start);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Only the exception type is logged: reader messages can quote the address being looked up.
            Log.LookupFailed(_logger, MaxMindSourceName, ex.GetType().FullName);
            return Unknown(RegionUnknownReason.LookupFailed, "error", start);
        }
    }

    private RegionFeature Unknown(RegionUnknownReason reason, string outcome, long start)
    {
        _metrics.RegionLookup("none", outcome, start);
        Log.RegionUnknown(_logger, reason);
        return new RegionFeature(Region.Unknown, null, reason);
    }

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
