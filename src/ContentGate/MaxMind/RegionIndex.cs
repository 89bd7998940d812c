using System.Runtime.CompilerServices;
using ContentGate.Regions;

namespace ContentGate.MaxMind;

/// <summary>
/// A database's search tree and answers, compiled once at load from the verified bytes: the tree as an array of
/// 32-bit records (two per node) in which every data pointer has been replaced by the number of the region its record
/// decodes to, and those regions. A lookup walks the array bit by bit and returns a shared <see cref="Region"/>:
/// nothing is decoded and nothing is allocated. Immutable, so thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// A record below the node count is the next node; the node count plus <c>n</c> is the answer <c>n</c>, where 0 is
/// "no record" and every region without a usable country (GeoLite2 networks known only by their continent) is
/// <see cref="Region.Unknown"/> too. Verification has proved that every lookup ends within the address's bits and
/// that every record points inside the tree or at a verified data record.
/// </para>
/// <para>
/// Managed memory that the load object holds: a lookup needs no lease, as the garbage collector keeps the arrays alive
/// as long as a lookup can read them. An IPv4 address in an IPv6 tree starts at the node reached after 96 zero bits
/// (<c>::a.b.c.d</c>), found once here, as MaxMind's reader does; prefix lengths of IPv4 answers count IPv4 bits.
/// </para>
/// </remarks>
internal sealed class RegionIndex
{
    private readonly uint[] _tree;
    private readonly Region[] _regions;
    private readonly uint _nodeCount;
    private readonly uint _ipv4Start;
    private readonly bool _isIPv6;

    /// <param name="tree">Two records per node, left then right, rewritten as described above.</param>
    /// <param name="regions">The answers: index 0 is <see cref="Region.Unknown"/> ("no record").</param>
    /// <param name="isIPv6">Whether the tree is 128 bits deep (else 32).</param>
    public RegionIndex(uint[] tree, Region[] regions, bool isIPv6)
    {
        _tree = tree;
        _regions = regions;
        _nodeCount = (uint)(tree.Length / 2);
        _isIPv6 = isIPv6;
        var node = 0u;
        if (isIPv6)
        {
            for (var i = 0; i < 96 && node < _nodeCount; i++)
            {
                node = tree[2 * node];
            }
        }

        _ipv4Start = node;
    }

    /// <summary>Distinct answers, including "no record".</summary>
    public int RegionCount => _regions.Length;

    /// <summary>Nodes in the search tree.</summary>
    public int NodeCount => (int)_nodeCount;

    /// <summary>The bytes the index keeps: the tree array (the regions are shared with the rest of the app).</summary>
    public long TreeBytes => (long)_tree.Length * sizeof(uint);

    /// <summary>DB-IP subdivision names that could not be mapped to ISO 3166-2 codes when the index was compiled.</summary>
    public UnmappedSubdivisionNames UnmappedNames { get; init; } = UnmappedSubdivisionNames.None;

    /// <summary>Whether any answer carries an autonomous system (an ASN file, IPinfo, GeoIP2 Enterprise).</summary>
    public bool HasAutonomousSystems => _regions.Any(r => r.AutonomousSystemNumber is not null);

    /// <summary>Whether the tree holds IPv6 addresses (and IPv4 ones under <c>::/96</c>).</summary>
    public bool IsIPv6 => _isIPv6;

    /// <summary>The tree, the answers and the record IPv4 lookups start from, read (never written) by whole-tree walks.</summary>
    internal (uint[] Tree, Region[] Regions, uint IPv4Start) Parts => (_tree, _regions, _ipv4Start);

    /// <summary>
    /// The region of an IPv4 address (in host order), and how many of its leading bits decided it (0 to 32): every
    /// address of that network answers the same.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Region FindIPv4(uint address, out int prefixLength)
    {
        var tree = _tree;
        var nodeCount = _nodeCount;
        var node = _ipv4Start;
        var depth = 0;
        while (node < nodeCount)
        {
            node = tree[(2 * node) + ((address >> (31 - depth)) & 1)];
            depth++;
        }

        prefixLength = depth;
        return _regions[node - nodeCount];
    }

    /// <summary>
    /// The region of an IPv6 address, and how many of its leading bits decided it (0 to 128). The caller sends IPv4 and
    /// IPv4-mapped addresses to <see cref="FindIPv4"/>, and IPv6 addresses only when <see cref="IsIPv6"/>.
    /// </summary>
    public Region FindIPv6(UInt128 address, out int prefixLength)
    {
        var tree = _tree;
        var nodeCount = _nodeCount;
        var node = 0u;
        var depth = 0;
        var bits = (ulong)(address >> 64);
        while (node < nodeCount && depth < 64)
        {
            node = tree[(2 * node) + (uint)((bits >> (63 - depth)) & 1)];
            depth++;
        }

        bits = (ulong)address;
        while (node < nodeCount)
        {
            node = tree[(2 * node) + (uint)((bits >> (127 - depth)) & 1)];
            depth++;
        }

        prefixLength = depth;
        return _regions[node - nodeCount];
    }
}
