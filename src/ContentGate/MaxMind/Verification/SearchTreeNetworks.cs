namespace ContentGate.MaxMind.Verification;

/// <summary>
/// Finds the networks whose search tree record points at a data record: run only once something is wrong with that
/// record, so a message can say which visitors it concerns. The tree has been verified by then (acyclic, bounded).
/// </summary>
internal static class SearchTreeNetworks
{
    /// <summary>The first <paramref name="max"/> networks (in address order) pointing at the record, and how many there are in all.</summary>
    /// <remarks>
    /// A shared node is walked once, from the first path that reaches it: in MaxMind's IPv6 files the IPv4 subtree is
    /// reached first through <c>::/96</c>, so its networks are named as IPv4 networks, not again under <c>::ffff:0:0/96</c>
    /// and <c>2002::/16</c>.
    /// </remarks>
    public static (IReadOnlyList<string> Networks, int Total) PointingAt(ReadOnlySpan<byte> file, DatabaseLayout layout, int dataOffset, int max = 3)
    {
        var target = layout.NodeCount + DatabaseLayout.SeparatorLength + dataOffset;
        var visited = new OffsetSet((int)layout.NodeCount);
        var networks = new List<string>();
        var total = 0;

        // Frame i is the node at depth i and the side to read next: an in-order walk, so networks come in address order.
        var frames = new (long Node, int Side)[layout.AddressBits];
        var depth = 0;
        frames[depth++] = (0, 0);
        visited.Add(0);
        var path = UInt128.Zero;
        while (depth > 0)
        {
            ref var top = ref frames[depth - 1];
            if (top.Side == 2)
            {
                depth--;
                continue;
            }

            var side = top.Side++;
            var bit = (UInt128)1 << (127 - (depth - 1));
            path = side == 0 ? path & ~bit : path | bit;

            // Bits below this depth belong to a path walked before: clear them.
            var mask = depth == 128 ? UInt128.MaxValue : ~(UInt128.MaxValue >> depth);
            path &= mask;
            var record = SearchTreeRecords.Read(file, layout, top.Node, side);
            if (record == target)
            {
                total++;
                if (networks.Count < max)
                {
                    networks.Add(NetworkText.Format(path, depth, layout.IPVersion));
                }
            }
            else if (record > 0 && record < layout.NodeCount && visited.Add((int)record))
            {
                frames[depth++] = (record, 0);
            }
        }

        return (networks, total);
    }
}
