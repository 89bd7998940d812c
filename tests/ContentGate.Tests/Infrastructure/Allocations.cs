namespace ContentGate.Tests.Infrastructure;

/// <summary>Bytes a piece of code allocates on the calling thread.</summary>
internal static class Allocations
{
    /// <summary>
    /// The fewest bytes <paramref name="action"/> allocated on this thread in any of <paramref name="rounds"/> runs.
    /// Code that allocates per call allocates in every round; the runtime's own occasional work on the calling
    /// thread (tiered compilation finishing a method, for one) shows up in one round at most on a busy machine.
    /// </summary>
    public static long Fewest(Action action, int rounds = 3)
    {
        var fewest = long.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            action();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
