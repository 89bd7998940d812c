namespace ContentGate.Sources;

/// <summary>
/// A region source type registered with <see cref="ContentGateBuilder.AddRegionSource{TFactory}(string)"/>: its
/// <see cref="IRegionSourceFactory"/> is a keyed service under <see cref="Type"/>. Listed so that a <c>Type</c> is
/// matched without regard to case and a start-up error can name every registered type.
/// </summary>
internal sealed record RegionSourceRegistration(string Type);
