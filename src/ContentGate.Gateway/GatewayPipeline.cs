using Microsoft.AspNetCore.HttpOverrides;

namespace ContentGate.Gateway;

/// <summary>
/// The gateway's services and pipeline, shared by <c>Program.cs</c> and the tests so that both run exactly this:
/// forwarded headers from the trusted proxies only, then <c>UseContentGate()</c>, then the reverse proxy.
/// </summary>
internal static class GatewayPipeline
{
    /// <summary>
    /// Checks the gateway's own keys and the presence of YARP's routes and clusters (every problem at once; the host
    /// does not start on any), then registers the forwarded-headers options, ContentGate (the <c>ContentGate</c>
    /// section, validated when the host starts) and YARP (the <c>ReverseProxy</c> section, followed on edits).
    /// </summary>
    public static void AddServices(WebApplicationBuilder builder)
    {
        var settings = GatewaySettings.Read(builder.Configuration);
        builder.Services.AddSingleton(settings);

        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // Only the configured networks: the framework's default (loopback) is replaced, not extended, so that a
            // gateway whose list is empty believes no X-Forwarded-For at all.
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var network in settings.TrustedProxies)
            {
                options.KnownIPNetworks.Add(network);
            }

            // No limit on hops: the middleware walks X-Forwarded-For right to left only while the address it came from
            // is trusted, so a CDN in front of a trusted load balancer resolves to the reader when both are listed,
            // and one untrusted hop ends the walk.
            options.ForwardLimit = null;
        });

        builder.Services.AddContentGate();
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection(GatewaySettings.ReverseProxySection));
    }

    /// <summary>
    /// Forwarded headers, then ContentGate, then the proxy. YARP's default transforms then set the origin's
    /// <c>X-Forwarded-For</c> to the address ContentGate looked up (replacing whatever the client sent) and hand the
    /// origin the request as ContentGate left it: without <c>Accept-Encoding</c> and the conditional headers for a
    /// reader who must see a notice, so that the origin answers with a whole, uncompressed page.
    /// </summary>
    public static void Use(WebApplication app)
    {
        // Not at all without trusted proxies: the framework's middleware, given no known proxies and no known
        // networks, believes every X-Forwarded-For from everyone.
        if (app.Services.GetRequiredService<GatewaySettings>().TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        app.UseContentGate();
        app.MapReverseProxy();
    }
}
