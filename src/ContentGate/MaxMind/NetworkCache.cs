using System.Numerics;
using System.Runtime.CompilerServices;
using ContentGate.Regions;

namespace ContentGate.MaxMind;

/// <summary>
/// Remembers, per database load, which network of the search tree an address fell into and what the lookup
/// answered, so that the next visitor from the same network is answered without walking the tree or decoding the
/// record. Fixed size, lock-free, allocation-free on both hits and inserts. Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// A MaxMind database answers the same for every address of a network (its search tree ends in the same record
/// after the network's prefix bits), so an entry is exact for the whole network: not a guess, not an expiring copy.
/// The cache belongs to one load of the file and is dropped with it, so a replaced database never answers from
/// the previous one's entries.
/// </para>
/// <para>
/// Entries are placed by the address's leading bits (<c>/24</c> for IPv4, <c>/48</c> for IPv6), so every address of
/// a network at least that large lands on the same slot; a smaller network shares its slot with its neighbours and
/// may evict them. A colliding insert replaces the slot (direct-mapped). Addresses are kept as 128-bit values with
/// IPv4 in the top 32 bits.
/// </para>
/// <para>
/// Each slot is a small sequence lock: a writer makes the version odd, writes the fields, then makes it even again;
/// a reader accepts a slot only if it read the same even version before and after the fields. Every field is read
/// and written with acquire/release semantics, so a reader can never combine the network of one entry with the
/// region of another.
/// </para>
/// </remarks>
internal sealed class NetworkCache
{
    /// <summary>Slots per address family: 16,384 × 40 B ≈ 640 KB per family and database load.</summary>
    public const int DefaultCapacity = 16_384;

    private readonly Slot[] _slots;
    private readonly int _slotBits;
    private readonly int _bucketPrefix;

    /// <param name="bucketPrefix">Leading bits that choose the slot: 24 for IPv4, 48 for IPv6.</param>
    /// <param name="capacity">Number of slots, a power of two.</param>
    public NetworkCache(int bucketPrefix, int capacity = DefaultCapacity)
    {
        if (!BitOperations.IsPow2(capacity) || capacity < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be a power of two.");
        }

        _slots = new Slot[capacity];
        _slotBits = BitOperations.Log2((uint)capacity);
        _bucketPrefix = bucketPrefix;
    }

    /// <summary>Finds the entry of the network that holds <paramref name="address"/>, if it is cached.</summary>
    public bool TryGet(UInt128 address, out Region region)
    {
        ref var slot = ref _slots[SlotOf(address)];
        var before = Volatile.Read(ref slot.Version);
        var high = Volatile.Read(ref slot.NetworkHigh);
        var low = Volatile.Read(ref slot.NetworkLow);
        var prefix = Volatile.Read(ref slot.Prefix);
        var cached = Volatile.Read(ref slot.Region);
        var after = Volatile.Read(ref slot.Version);
        if (cached is not null && (before & 1) == 0 && before == after && (address & Mask(prefix)) == new UInt128(high, low))
        {
            region = cached;
            return true;
        }

        region = Region.Unknown;
        return false;
    }

    /// <summary>
    /// Remembers that the network of <paramref name="prefixLength"/> leading bits around <paramref name="address"/>
    /// answers <paramref name="region"/> (<see cref="Region.Unknown"/> for "no record"). Gives up silently when
    /// another thread is writing the same slot.
    /// </summary>
    public void Add(UInt128 address, int prefixLength, Region region)
    {
        ref var slot = ref _slots[SlotOf(address)];
        var version = Volatile.Read(ref slot.Version);
        if ((version & 1) != 0 || Interlocked.CompareExchange(ref slot.Version, version + 1, version) != version)
        {
            return;
        }

        var network = address & Mask(prefixLength);
        Volatile.Write(ref slot.NetworkHigh, (ulong)(network >> 64));
        Volatile.Write(ref slot.NetworkLow, (ulong)network);
        Volatile.Write(ref slot.Prefix, prefixLength);
        Volatile.Write(ref slot.Region, region);
        Volatile.Write(ref slot.Version, version + 2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int SlotOf(UInt128 address)
    {
        // Fibonacci hashing of the bucket bits: neighbouring networks spread over the table.
        var bucket = (ulong)(address >> (128 - _bucketPrefix));
        return (int)((bucket * 0x9E3779B97F4A7C15UL) >> (64 - _slotBits));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static UInt128 Mask(int prefixLength)
        => prefixLength <= 0 ? UInt128.Zero : UInt128.MaxValue << (128 - prefixLength);

    private struct Slot
    {
        public int Version;
        public int Prefix;
        public ulong NetworkHigh;
        public ulong NetworkLow;
        public Region? Region;
    }
}
