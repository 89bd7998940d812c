using ContentGate.MaxMind;
using ContentGate.Regions;

namespace ContentGate.Sources;

/// <summary>
/// Looks the client address up in a local GeoIP2/GeoLite2 Country or City database. The database follows its file:
/// every lookup reads the load in use through one volatile reference and holds a lease on it while it looks up, so a
/// replacement swapped in meanwhile never disposes the reader under it (no lock on this path).
/// </summary>
internal sealed class MaxMindDatabaseSource(MaxMindDatabase database) : RegionSource
{
    public const string SourceName = "maxmind";

    public override string Name => SourceName;

    public override bool UsesClientAddress => true;

    public MaxMindDatabase Database => database;

    public override ValueTask<RegionAnswer> LookupAsync(RegionQuery query, CancellationToken cancellationToken)
        => new(database.TryFind(query.ClientAddress!, out var region)
            ? RegionAnswer.Found(region)
            : RegionAnswer.NoAnswer(RegionUnknownReason.NotFound, "not_found"));
}
