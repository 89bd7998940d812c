using System.Globalization;

namespace ContentGate.MaxMind.Verification;

/// <summary>
/// Checks every node of the search tree and collects the data records it points at.
/// </summary>
/// <remarks>
/// <para>
/// Each record is a node number (below the node count), "no data" (the node count), or a data pointer (the node count
/// plus 16 plus an offset inside the data section). The values in between point into the 16-byte separator, and 0
/// points back at the root: both are corrupt, as libmaxminddb also says.
/// </para>
/// <para>
/// Walked from the root, the tree must be acyclic and every lookup must end within the address's 32 or 128 bits.
/// Nodes may be shared (MaxMind's files point <c>::ffff:0:0/96</c> and <c>2002::/16</c> at the IPv4 subtree), so each
/// node's height is remembered (one byte per node) and a node reached again is checked against it, not walked again:
/// the walk costs one visit per node and never more than 129 frames of stack. Nodes no lookup reaches are still
/// checked one by one, as a damaged node count or a damaged file shows up there too.
/// </para>
/// </remarks>
internal static class SearchTreeVerifier
{
    private const byte Unvisited = 0;
    private const byte InProgress = byte.MaxValue;

    /// <summary>
    /// Returns <see langword="null"/>, or what is wrong and where; adds the offset of every data record the tree
    /// points at to <paramref name="dataRecords"/>.
    /// </summary>
    public static (string What, string Where)? Verify(ReadOnlySpan<byte> file, DatabaseLayout layout, OffsetSet dataRecords)
    {
        var heights = new byte[layout.NodeCount];
        if (WalkFromRoot(file, layout, heights, dataRecords) is { } fromRoot)
        {
            return fromRoot;
        }

        for (long node = 0; node < layout.NodeCount; node++)
        {
            if (heights[node] != Unvisited)
            {
                continue;
            }

            for (var side = 0; side < 2; side++)
            {
                var record = SearchTreeRecords.Read(file, layout, node, side);
                if ((record == 0 ? "points back at the root node" : Classify(layout, record, dataRecords)) is { } problem)
                {
                    return (problem, string.Create(CultureInfo.InvariantCulture,
                        $"in the search tree's node {node:N0}, which no lookup reaches ({Side(side)} record, file offset {SearchTreeRecords.FileOffset(layout, node):N0})"));
                }
            }
        }

        return null;
    }

    private static (string What, string Where)? WalkFromRoot(ReadOnlySpan<byte> file, DatabaseLayout layout, byte[] heights, OffsetSet dataRecords)
    {
        var bits = layout.AddressBits;
        var frames = new Frame[bits];
        var depth = 0;
        frames[depth++] = new Frame(0, Side: 0, TallestChild: 0);
        heights[0] = InProgress;
        while (depth > 0)
        {
            ref var top = ref frames[depth - 1];
            if (top.Side == 2)
            {
                var height = (byte)(top.TallestChild + 1);
                heights[top.Node] = height;
                depth--;
                if (depth > 0)
                {
                    frames[depth - 1].TallestChild = Math.Max(frames[depth - 1].TallestChild, height);
                }

                continue;
            }

            var side = top.Side++;
            var record = SearchTreeRecords.Read(file, layout, top.Node, side);
            string? problem;
            if (record == 0)
            {
                problem = "points back at the root node, a loop";
            }
            else if (record < layout.NodeCount)
            {
                var child = heights[record];
                if (child == InProgress)
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"points back at node {record:N0}, which leads to it: a loop");
                }
                else if (depth >= bits)
                {
                    problem = $"points at yet another node after all {bits} bits of an address: the lookup would not end";
                }
                else if (child != Unvisited)
                {
                    if (depth + child > bits)
                    {
                        problem = string.Create(CultureInfo.InvariantCulture, $"points at node {record:N0}, whose lookups need {child} more bits, more than the {bits - depth} an address has left");
                    }
                    else
                    {
                        top.TallestChild = Math.Max(top.TallestChild, child);
                        continue;
                    }
                }
                else
                {
                    heights[record] = InProgress;
                    frames[depth++] = new Frame(record, Side: 0, TallestChild: 0);
                    continue;
                }
            }
            else
            {
                problem = Classify(layout, record, dataRecords);
                if (problem is null)
                {
                    continue;
                }
            }

            return (problem, Where(frames, depth, layout, side));
        }

        return null;
    }

    /// <summary>Checks a record that is not a node number; adds a data pointer's offset. <see langword="null"/> when valid.</summary>
    private static string? Classify(DatabaseLayout layout, long record, OffsetSet dataRecords)
    {
        if (record <= layout.NodeCount)
        {
            return null;
        }

        var offset = record - layout.NodeCount - DatabaseLayout.SeparatorLength;
        if (offset < 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"holds {record:N0}, which points into the 16-byte separator after the tree's {layout.NodeCount:N0} nodes");
        }

        if (offset >= layout.DataLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"points at data section offset {offset:N0}, past the end of the {layout.DataLength:N0}-byte data section");
        }

        dataRecords.Add((int)offset);
        return null;
    }

    private static string Where(Frame[] frames, int depth, DatabaseLayout layout, int side)
    {
        // Frame i is the node at depth i; the side it is on is the bit the path takes there.
        var path = UInt128.Zero;
        for (var i = 0; i < depth; i++)
        {
            var bit = i == depth - 1 ? side : frames[i].Side - 1;
            path |= (UInt128)(uint)bit << (127 - i);
        }

        var node = frames[depth - 1].Node;
        return string.Create(CultureInfo.InvariantCulture,
            $"in the search tree, for {NetworkText.Format(path, depth, layout.IPVersion)} (node {node:N0}, {Side(side)} record, file offset {SearchTreeRecords.FileOffset(layout, node):N0})");
    }

    private static string Side(int side) => side == 0 ? "left" : "right";

    /// <param name="Node">The node.</param>
    /// <param name="Side">The next record to read: 0 left, 1 right, 2 both done.</param>
    /// <param name="TallestChild">The largest height among its child nodes so far.</param>
    private record struct Frame(long Node, int Side, int TallestChild);
}
