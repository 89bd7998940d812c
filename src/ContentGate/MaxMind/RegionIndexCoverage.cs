using System.Collections;

namespace ContentGate.MaxMind;

/// <summary>
/// Where a database is blind to subdivisions: for each country, how many of its addresses carry the country and no
/// subdivision, counted by walking a <see cref="RegionIndex"/>'s tree once. What <c>contentgate coverage</c> prints, so an
/// operator can see which readers a policy listing subdivisions (<c>UA-43</c>) will meet unresolved.
/// </summary>
/// <remarks>
/// <para>
/// IPv4 is counted in addresses, from the subtree IPv4 lookups use (in an IPv6 database, the one under <c>::/96</c>).
/// IPv6 is counted in addresses too (reported in /64 networks), over the rest of the tree: the <c>::/96</c> subtree is
/// IPv4 and not counted again, nor are the aliases MaxMind's IPv6 files point at it (<c>::ffff:0:0/96</c>,
/// <c>2002::/16</c>). Any other node reached by a second path is counted once, where first reached, as
/// <c>SearchTreeNetworks</c> names networks; <see cref="SharedNodes"/> says how many there were (none in MaxMind's files).
/// That also keeps the walk linear in the tree's size whatever the file (verification proves it acyclic, not unshared).
/// </para>
/// <para>Only the answers' countries and subdivision counts are read: nothing here knows an address of a reader.</para>
/// </remarks>
internal sealed class RegionIndexCoverage
{
    private RegionIndexCoverage(IReadOnlyList<CountryCoverage> countries, bool isIPv6, int sharedNodes)
    {
        Countries = countries;
        IsIPv6 = isIPv6;
        SharedNodes = sharedNodes;
    }

    /// <summary>Every country the database places an address in, in ordinal order of the codes.</summary>
    public IReadOnlyList<CountryCoverage> Countries { get; }

    /// <summary>Whether the database holds IPv6 addresses (else every IPv6 count is zero).</summary>
    public bool IsIPv6 { get; }

    /// <summary>Nodes reached by more than one path, other than the IPv4 subtree: counted once, where first reached.</summary>
    public int SharedNodes { get; }

    /// <summary>Walks the index's tree once and counts each country's addresses, with and without a subdivision.</summary>
    public static RegionIndexCoverage Measure(RegionIndex index)
    {
        var (tree, regions, ipv4Start) = index.Parts;
        var nodeCount = (uint)(tree.Length / 2);
        var ipv4 = new ulong[regions.Length];
        var ipv6 = new UInt128[regions.Length];
        var visited = new BitArray(checked((int)nodeCount));
        var shared = 0;

        // IPv4: the subtree lookups of IPv4 addresses walk, 32 bits deep.
        Walk(tree, nodeCount, ipv4Start, addressBits: 32, ipv4Start, visited, ref shared, (answer, depth, _) => ipv4[answer] += 1UL << (32 - depth));
        if (index.IsIPv6)
        {
            // IPv6: the whole tree but the IPv4 subtree, however many paths lead to it (::/96 and the aliases).
            Walk(tree, nodeCount, 0, addressBits: 128, ipv4Start, visited, ref shared, (answer, depth, zeroPath) =>
            {
                var addresses = depth == 0 ? UInt128.MaxValue : UInt128.One << (128 - depth);
                if (zeroPath && depth <= 96)
                {
                    // A record above ::/96 covers the IPv4 space too (the IPv4 walk ended at once there): counted as IPv4.
                    addresses -= UInt128.One << 32;
                }

                ipv6[answer] += addresses;
            });
        }

        var byCountry = new SortedDictionary<string, (ulong V4, ulong V4Blind, UInt128 V6, UInt128 V6Blind)>(StringComparer.Ordinal);
        for (var answer = 1; answer < regions.Length; answer++)
        {
            var region = regions[answer];
            if (region.CountryCode is not { } country || (ipv4[answer] == 0 && ipv6[answer] == UInt128.Zero))
            {
                continue;
            }

            var blind = region.SubdivisionCodes.Count == 0;
            var sums = byCountry.GetValueOrDefault(country);
            sums.V4 += ipv4[answer];
            sums.V6 += ipv6[answer];
            if (blind)
            {
                sums.V4Blind += ipv4[answer];
                sums.V6Blind += ipv6[answer];
            }

            byCountry[country] = sums;
        }

        return new RegionIndexCoverage([.. byCountry.Select(c => new CountryCoverage(c.Key, c.Value.V4, c.Value.V4Blind, c.Value.V6, c.Value.V6Blind))], index.IsIPv6, shared);
    }

    private delegate void Leaf(uint answer, int depth, bool zeroPath);

    /// <summary>
    /// Depth first from <paramref name="start"/> (a node, or already an answer), calling <paramref name="leaf"/> for every
    /// answer with its depth and whether every bit of the path to it was 0. Nodes already visited are not entered again;
    /// meeting one other than <paramref name="ipv4Root"/> (where the IPv6 walk meets the IPv4 subtree) counts as shared.
    /// </summary>
    private static void Walk(uint[] tree, uint nodeCount, uint start, int addressBits, uint ipv4Root, BitArray visited, ref int shared, Leaf leaf)
    {
        if (start >= nodeCount)
        {
            leaf(start - nodeCount, 0, true);
            return;
        }

        var stack = new Stack<(uint Node, int Depth, bool ZeroPath)>();
        visited[(int)start] = true;
        stack.Push((start, 0, true));
        while (stack.Count > 0)
        {
            var (node, depth, zeroPath) = stack.Pop();
            for (var side = 1; side >= 0; side--)
            {
                var record = tree[(2 * node) + side];
                var childZero = zeroPath && side == 0;
                if (record >= nodeCount)
                {
                    leaf(record - nodeCount, depth + 1, childZero);
                }
                else if (visited[(int)record])
                {
                    shared += record == ipv4Root ? 0 : 1;
                }
                else if (depth + 1 < addressBits)
                {
                    visited[(int)record] = true;
                    stack.Push((record, depth + 1, childZero));
                }
            }
        }
    }
}
