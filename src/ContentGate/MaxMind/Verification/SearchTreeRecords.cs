namespace ContentGate.MaxMind.Verification;

/// <summary>Reads the two records of a search tree node, in the 24-, 28- and 32-bit layouts of the format.</summary>
internal static class SearchTreeRecords
{
    /// <summary>The left (<paramref name="side"/> 0, bit 0) or right (1) record of <paramref name="node"/>.</summary>
    public static long Read(ReadOnlySpan<byte> file, DatabaseLayout layout, long node, int side)
    {
        var bytes = file.Slice((int)(node * layout.NodeLength), layout.NodeLength);
        switch (layout.RecordSize)
        {
            case 24:
                bytes = bytes.Slice(side * 3, 3);
                return (bytes[0] << 16) | (bytes[1] << 8) | bytes[2];
            case 28:
                // The middle byte holds the top four bits of the left record (high nibble) and of the right (low nibble).
                return side == 0
                    ? ((long)(bytes[3] & 0xF0) << 20) | (uint)((bytes[0] << 16) | (bytes[1] << 8) | bytes[2])
                    : ((long)(bytes[3] & 0x0F) << 24) | (uint)((bytes[4] << 16) | (bytes[5] << 8) | bytes[6]);
            default:
                bytes = bytes.Slice(side * 4, 4);
                return ((long)bytes[0] << 24) | (uint)((bytes[1] << 16) | (bytes[2] << 8) | bytes[3]);
        }
    }

    /// <summary>The file offset of a node's first byte, for messages.</summary>
    public static long FileOffset(DatabaseLayout layout, long node) => node * layout.NodeLength;
}
