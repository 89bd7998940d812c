namespace ContentGate.Decisions;

/// <summary>
/// A set of policies, one bit per index in <c>PolicySet.All</c>: the first 64 in one word (no allocation), more in an
/// array made only for configurations that large.
/// </summary>
internal struct PolicyBits
{
    private ulong _first;
    private ulong[]? _more;

    public readonly bool Contains(int index)
        => index < 64 ? (_first & (1UL << index)) != 0 : _more is { } more && (more[(index >> 6) - 1] & (1UL << (index & 63))) != 0;

    public void Add(int index, int policyCount)
    {
        if (index < 64)
        {
            _first |= 1UL << index;
            return;
        }

        _more ??= new ulong[(policyCount - 1) >> 6];
        _more[(index >> 6) - 1] |= 1UL << (index & 63);
    }
}
