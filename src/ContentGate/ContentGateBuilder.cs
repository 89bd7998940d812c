using Microsoft.Extensions.DependencyInjection;

namespace ContentGate;

/// <summary>Returned by <c>AddContentGate</c>; a place for further ContentGate configuration.</summary>
public sealed class ContentGateBuilder
{
    internal ContentGateBuilder(IServiceCollection services) => Services = services;

    /// <summary>Gets the service collection ContentGate was added to.</summary>
    public IServiceCollection Services { get; }
}
