namespace ContentGate.MaxMind;

/// <summary>
/// A lookup's hold on one <see cref="MaxMindDatabaseGeneration"/>: while it is held, that reader is not disposed,
/// even if a newer file has replaced it. Dispose it exactly once.
/// </summary>
internal readonly struct MaxMindDatabaseLease : IDisposable
{
    public MaxMindDatabaseLease(MaxMindDatabaseGeneration generation) => Generation = generation;

    public MaxMindDatabaseGeneration Generation { get; }

    public void Dispose() => Generation?.Release();
}
