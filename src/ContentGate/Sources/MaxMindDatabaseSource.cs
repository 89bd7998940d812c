using System.Runtime.CompilerServices;
using ContentGate.MaxMind;
using ContentGate.Regions;

namespace ContentGate.Sources;

/// <summary>
/// Looks the client address up in a local database file (MaxMind GeoIP2/GeoLite2, DB-IP or IPinfo), and, when
/// <c>MaxMind:AsnDatabasePath</c> is set, in the autonomous system file too. Each database follows its file: a lookup
/// reads the load in use through one volatile reference and the index compiled for it, with no lock and no lease.
/// </summary>
/// <remarks>
/// A region and an autonomous system from two files are put together into a region that carries both; the last few
/// hundred such pairs are kept, so a visitor from a network seen before costs no allocation.
/// </remarks>
internal sealed class MaxMindDatabaseSource(MaxMindDatabase database, MaxMindDatabase? asnDatabase = null) : RegionSource
{
    public const string SourceName = "maxmind";

    // A power of two; pairs of a place and a network, far fewer in real traffic than addresses.
    private const int PairSlots = 512;

    private readonly Pair?[]? _pairs = asnDatabase is null ? null : new Pair?[PairSlots];

    public override string Name => SourceName;

    public override bool UsesClientAddress => true;

    public MaxMindDatabase Database => database;

    /// <summary>Whether answers carry networks: an ASN file is configured, or the location file carries them.</summary>
    public override bool ProvidesAutonomousSystems => asnDatabase is not null || database.HasAutonomousSystems;

    /// <summary>The autonomous system file, when one is configured.</summary>
    public MaxMindDatabase? AsnDatabase => asnDatabase;

    public override ValueTask<RegionAnswer> LookupAsync(RegionQuery query, CancellationToken cancellationToken)
    {
        var address = query.ClientAddress!;
        if (!database.TryFind(address, out var region))
        {
            return new(RegionAnswer.NoAnswer(RegionUnknownReason.NotFound, "not_found"));
        }

        if (asnDatabase is not null && asnDatabase.Find(address).AutonomousSystemNumber is { } number)
        {
            region = WithAutonomousSystem(region, number);
        }

        return new(RegionAnswer.Found(region));
    }

    private Region WithAutonomousSystem(Region region, long number)
    {
        if (region.AutonomousSystemNumber == number)
        {
            return region;
        }

        var slots = _pairs!;
        var hash = (uint)RuntimeHelpers.GetHashCode(region) ^ (uint)(number * 0x9E3779B1);
        ref var slot = ref slots[(int)((hash ^ (hash >> 15)) & (PairSlots - 1))];
        var pair = Volatile.Read(ref slot);
        if (pair is not null && ReferenceEquals(pair.Place, region) && pair.Number == number)
        {
            return pair.Combined;
        }

        var combined = region.WithAutonomousSystem(number);
        Volatile.Write(ref slot, new Pair(region, number, combined));
        return combined;
    }

    private sealed record Pair(Region Place, long Number, Region Combined);
}
