using ContentGate;
using ContentGate.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds ContentGate to the request pipeline.</summary>
public static class ContentGateApplicationBuilderExtensions
{
    /// <summary>
    /// Adds the ContentGate middleware: it determines the visitor's region, publishes it as
    /// <see cref="ContentGate.Regions.IRegionFeature"/>, and applies the configured policies.
    /// </summary>
    /// <remarks>
    /// Place it after <c>UseForwardedHeaders</c> (so the client address is the visitor's, not the proxy's) and
    /// after <c>UseResponseCompression</c> (so it sees the page before it is compressed), and before the
    /// endpoints and static files whose pages it should act on.
    /// </remarks>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    /// <exception cref="InvalidOperationException"><c>AddContentGate</c> was not called.</exception>
    public static IApplicationBuilder UseContentGate(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        if (app.ApplicationServices.GetService<ContentGateMarkerService>() is null)
        {
            throw new InvalidOperationException(
                "ContentGate's services are not registered. Call 'builder.Services.AddContentGate(builder.Configuration.GetSection(\"ContentGate\"))' " +
                "before 'app.UseContentGate()'.");
        }

        return app.UseMiddleware<ContentGateMiddleware>();
    }
}
