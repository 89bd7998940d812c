using Microsoft.Extensions.Hosting;

namespace ContentGate.Hosting;

/// <summary>
/// Compiles the configuration when the host starts, so a bad configuration stops the host with every problem
/// listed instead of failing the first request.
/// </summary>
internal sealed class ContentGateStartupCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetService(typeof(ContentGateRuntime));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
