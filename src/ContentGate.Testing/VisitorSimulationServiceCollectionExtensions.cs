using ContentGate.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers ContentGate's visitor simulation, a test-only way to choose the client address of each request.
/// </summary>
public static class VisitorSimulationServiceCollectionExtensions
{
    /// <summary>
    /// Adds, at the very start of the request pipeline, a middleware that sets
    /// <c>HttpContext.Connection.RemoteIpAddress</c> from the <see cref="VisitorSimulation.HeaderName"/> request
    /// header and then removes the header. A missing or unparsable header leaves the address as it was.
    /// </summary>
    /// <remarks>
    /// <b>For tests only. Never call this in a deployed app:</b> any client can send the header and so choose the
    /// address the app sees. A warning is logged when the pipeline is built. Calling it more than once has no
    /// further effect.
    /// </remarks>
    /// <param name="services">The test host's services.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddContentGateVisitorSimulation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(IStartupFilter) &&
                descriptor.ImplementationType == typeof(VisitorSimulationStartupFilter))
            {
                return services;
            }
        }

        // Startup filters wrap the pipeline in registration order, so the first registered runs first. Going to the
        // front puts the simulated address in place before anything else, forwarded headers included, reads it.
        services.Insert(0, ServiceDescriptor.Transient<IStartupFilter, VisitorSimulationStartupFilter>());
        return services;
    }
}
