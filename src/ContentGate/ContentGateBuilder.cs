using ContentGate.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ContentGate;

/// <summary>Returned by <c>AddContentGate</c>; a place for further ContentGate configuration.</summary>
public sealed class ContentGateBuilder
{
    internal ContentGateBuilder(IServiceCollection services) => Services = services;

    /// <summary>Gets the service collection ContentGate was added to.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Adds a region source type of your own (or of another package): <c>ContentGate:Sources</c> entries whose
    /// <c>Type</c> is <paramref name="type"/> (in any case) are created by <typeparamref name="TFactory"/>, registered as
    /// a keyed singleton <see cref="IRegionSourceFactory"/> under <paramref name="type"/>. A <c>Type</c> that is neither
    /// built in nor registered stops the host at start-up.
    /// </summary>
    /// <typeparam name="TFactory">The factory; created by dependency injection, once.</typeparam>
    /// <param name="type">The name entries give as their <c>Type</c>, such as <c>MyGeo</c>. Not a built-in name.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="type"/> is empty, a built-in type, or registered already.</exception>
    public ContentGateBuilder AddRegionSource<TFactory>(string type)
        where TFactory : class, IRegionSourceFactory
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        type = type.Trim();
        if (RegionSourceCompiler.TryParseBuiltIn(type, out var builtIn))
        {
            throw new ArgumentException($"'{type}' is ContentGate's built-in {builtIn} source type; give your source another name.", nameof(type));
        }

        if (Services.Any(d => d.ServiceType == typeof(RegionSourceRegistration) && d.ImplementationInstance is RegionSourceRegistration r
            && string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)))
        {
            // Idempotent for the same factory (a package's Add… called twice); a second factory under one name is a mistake.
            if (Services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, type) && d.ServiceType == typeof(IRegionSourceFactory) && d.KeyedImplementationType == typeof(TFactory)))
            {
                return this;
            }

            throw new ArgumentException($"A region source type '{type}' is registered already.", nameof(type));
        }

        Services.AddSingleton(new RegionSourceRegistration(type));
        Services.TryAddKeyedSingleton<IRegionSourceFactory, TFactory>(type);
        return this;
    }
}
