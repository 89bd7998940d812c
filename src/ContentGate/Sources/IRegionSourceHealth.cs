namespace ContentGate.Sources;

/// <summary>
/// Implemented by a region source that can say whether it works, such as the MaxMind web service with its circuit
/// breaker. The ContentGate health check (<c>AddHealthChecks().AddContentGate()</c>) asks every source of the current
/// configuration that implements it.
/// </summary>
public interface IRegionSourceHealth
{
    /// <summary>Gets the source's name, as in metrics and the region feature; it prefixes the source's data keys.</summary>
    string Name { get; }

    /// <summary>
    /// The source's state now. Called on every health probe: must be cheap, must not call out over the network, and
    /// must not throw.
    /// </summary>
    /// <returns>The state.</returns>
    RegionSourceHealth GetHealth();
}
