using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace ContentGate.Hosting;

/// <summary>
/// Puts <see cref="BypassDetectionMiddleware"/> in front of the app's whole pipeline, where it sees every request
/// whatever the app's own middleware order is.
/// </summary>
internal sealed class BypassDetectionStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next)
        => app =>
        {
            app.UseMiddleware<BypassDetectionMiddleware>();
            next(app);
        };
}
