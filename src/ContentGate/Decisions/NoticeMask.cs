using System.Numerics;

namespace ContentGate.Decisions;

/// <summary>
/// A set of notice policies, one bit per index in <c>PolicySet.Notices</c>. It is why there can be at most
/// <see cref="Capacity"/> notice policies: the set is one machine word, so deciding and caching notice combinations
/// costs no allocation.
/// </summary>
/// <param name="Bits">The bits.</param>
internal readonly record struct NoticeMask(ulong Bits)
{
    /// <summary>The most notice policies a configuration may have.</summary>
    public const int Capacity = 64;

    public static NoticeMask None => default;

    public bool IsEmpty => Bits == 0;

    public int Count => BitOperations.PopCount(Bits);

    public bool Contains(int index) => (Bits & (1UL << index)) != 0;

    public NoticeMask With(int index) => new(Bits | (1UL << index));

    public NoticeMask Union(NoticeMask other) => new(Bits | other.Bits);
}
