using ContentGate;
using ContentGate.MaxMind.WebService;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the MaxMind web service as a ContentGate region source.</summary>
public static class MaxMindWebServiceContentGateBuilderExtensions
{
    /// <summary>
    /// Registers the <c>MaxMindWebService</c> region source type, so <c>ContentGate:Sources</c> entries may name it, and
    /// <see cref="Microsoft.Extensions.Caching.Hybrid.HybridCache"/> (if the app has not), which caches its answers in
    /// this process and, when the app registers an <c>IDistributedCache</c> (Redis, SQL Server, …), there too.
    /// </summary>
    /// <param name="builder">What <c>AddContentGate(...)</c> returned.</param>
    /// <param name="configure">
    /// Optional: settings for every <c>MaxMindWebService</c> entry, such as the credentials from your own secret store;
    /// an entry's keys in configuration win over them.
    /// </param>
    /// <returns>The builder.</returns>
    public static ContentGateBuilder AddMaxMindWebService(this ContentGateBuilder builder, Action<MaxMindWebServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<MaxMindWebServiceOptions>();
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        builder.Services.AddHybridCache();
        return builder.AddRegionSource<MaxMindWebServiceSourceFactory>(WebServiceDefaults.Type);
    }
}
