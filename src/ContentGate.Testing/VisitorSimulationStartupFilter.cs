using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContentGate.Testing;

/// <summary>
/// Puts <see cref="VisitorSimulationMiddleware"/> at the start of the pipeline.
/// </summary>
internal sealed partial class VisitorSimulationStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return app =>
        {
            var loggerFactory = app.ApplicationServices.GetService<ILoggerFactory>();
            if (loggerFactory is not null)
            {
                Log.SimulationEnabled(loggerFactory.CreateLogger<VisitorSimulationStartupFilter>(), VisitorSimulation.HeaderName);
            }

            app.UseMiddleware<VisitorSimulationMiddleware>();
            next(app);
        };
    }

    private static partial class Log
    {
        [LoggerMessage(
            EventId = 1,
            EventName = "VisitorSimulationEnabled",
            Level = LogLevel.Warning,
            Message = "ContentGate visitor simulation is enabled: any client can choose its address with the {HeaderName} header. Use it in tests only.")]
        public static partial void SimulationEnabled(ILogger logger, string headerName);
    }
}
