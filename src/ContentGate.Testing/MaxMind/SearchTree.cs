namespace ContentGate.Testing.MaxMind;

/// <summary>
/// The binary trie behind <see cref="MaxMindDatabaseWriter"/>: one node per bit of a network prefix, each node
/// holding a left (bit 0) and a right (bit 1) record.
/// </summary>
/// <remarks>
/// Nodes live in one <see cref="int"/> array, two entries per node, to keep millions of nodes cheap. A record is
/// <see cref="EmptyRecord"/> (no data), a positive node index, <see cref="AliasRecord"/> (resolved to the IPv4
/// subtree when written) or the bitwise complement of a data id. The root, node 0, is never a child, which is why
/// 0 can mean "empty". Nodes cut off by a later, larger network go on a free list and are reused.
/// </remarks>
internal sealed class SearchTree
{
    public const int EmptyRecord = 0;

    public const int AliasRecord = int.MinValue;

    /// <summary>Enough for a 128-level preorder walk: one pending right child per level plus the current node.</summary>
    private const int MaxStackDepth = 2 * 129;

    private int[] _records;
    private int _allocated;
    private int _freeHead;

    public SearchTree(int bitLength)
    {
        BitLength = bitLength;
        _records = new int[2 * 1024];
        _allocated = 1;
    }

    /// <summary>Gets the number of address bits: 32 or 128.</summary>
    public int BitLength { get; }

    /// <summary>Gets an upper bound on node indexes, for sizing per-node tables.</summary>
    public int NodeCapacity => _allocated;

    public static int DataRecord(int dataId) => ~dataId;

    public static int DataId(int record) => ~record;

    public static bool IsData(int record) => record < 0 && record != AliasRecord;

    public int Left(int node) => _records[2 * node];

    public int Right(int node) => _records[(2 * node) + 1];

    /// <summary>
    /// Points every address in the network at <paramref name="record"/>, replacing whatever the network held.
    /// </summary>
    /// <param name="high">The first 64 bits of the (left-aligned) network address.</param>
    /// <param name="low">The last 64 bits of the (left-aligned) network address.</param>
    /// <param name="prefixLength">The network's prefix length in bits of this tree.</param>
    /// <param name="record">The record to store.</param>
    public void Insert(ulong high, ulong low, int prefixLength, int record)
    {
        if (prefixLength == 0)
        {
            // The whole address space: the root is always a node, so both of its records take the value.
            Release(_records[0]);
            Release(_records[1]);
            _records[0] = record;
            _records[1] = record;
            return;
        }

        var node = 0;
        for (var depth = 0; depth < prefixLength - 1; depth++)
        {
            var index = (2 * node) + Bit(high, low, depth);
            var current = _records[index];
            if (current > 0)
            {
                node = current;
                continue;
            }

            // A leaf (empty or data) covers this path: split it so the rest of its range keeps its value.
            var child = Allocate();
            _records[2 * child] = current;
            _records[(2 * child) + 1] = current;
            _records[index] = child;
            node = child;
        }

        var last = (2 * node) + Bit(high, low, prefixLength - 1);
        Release(_records[last]);
        _records[last] = record;
    }

    /// <summary>
    /// Follows <paramref name="bits"/> zero bits from the root and returns the record found there: the node that
    /// roots the IPv4 part of an IPv6 tree, or the leaf that covers all of <c>::/96</c>.
    /// </summary>
    public int FollowZeroBits(int bits)
    {
        var node = 0;
        for (var depth = 0; depth < bits; depth++)
        {
            var record = _records[2 * node];
            if (record <= 0)
            {
                return record;
            }

            node = record;
        }

        return node;
    }

    /// <summary>
    /// Visits every node reachable from the root in preorder (node, then its left subtree, then its right).
    /// </summary>
    public void VisitPreorder<TChoices>(ref TChoices visitor)
        where TChoices : struct, ISearchTreeVisitor
    {
        Span<int> stack = stackalloc int[MaxStackDepth];
        var count = 0;
        stack[count++] = 0;
        while (count > 0)
        {
            var node = stack[--count];
            var left = _records[2 * node];
            var right = _records[(2 * node) + 1];
            visitor.Visit(node, left, right);
            if (right > 0)
            {
                stack[count++] = right;
            }

            if (left > 0)
            {
                stack[count++] = left;
            }
        }
    }

    private static int Bit(ulong high, ulong low, int depth) =>
        depth < 64 ? (int)(high >> (63 - depth)) & 1 : (int)(low >> (127 - depth)) & 1;

    private int Allocate()
    {
        if (_freeHead != 0)
        {
            var reused = _freeHead;
            _freeHead = _records[2 * reused];
            return reused;
        }

        if (2 * (_allocated + 1) > _records.Length)
        {
            var grown = (long)_records.Length * 2;
            if (grown > Array.MaxLength)
            {
                throw new InvalidOperationException("The search tree has too many nodes for one database.");
            }

            Array.Resize(ref _records, (int)grown);
        }

        return _allocated++;
    }

    /// <summary>Puts a replaced subtree's nodes on the free list.</summary>
    private void Release(int record)
    {
        if (record <= 0)
        {
            return;
        }

        Span<int> stack = stackalloc int[MaxStackDepth];
        var count = 0;
        stack[count++] = record;
        while (count > 0)
        {
            var node = stack[--count];
            var left = _records[2 * node];
            var right = _records[(2 * node) + 1];
            if (left > 0)
            {
                stack[count++] = left;
            }

            if (right > 0)
            {
                stack[count++] = right;
            }

            _records[2 * node] = _freeHead;
            _records[(2 * node) + 1] = EmptyRecord;
            _freeHead = node;
        }
    }
}
