namespace ContentGate.Hosting;

/// <summary>Registered by <c>AddContentGate</c> so <c>UseContentGate</c> can fail fast when it was not called.</summary>
internal sealed class ContentGateMarkerService;
