using System.Net;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Testing;

/// <summary>
/// Sets the connection's remote address from the <see cref="VisitorSimulation.HeaderName"/> header and removes the
/// header, so the app under test sees the simulated visitor and never the test plumbing.
/// </summary>
internal sealed class VisitorSimulationMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (headers.TryGetValue(VisitorSimulation.HeaderName, out var values))
        {
            headers.Remove(VisitorSimulation.HeaderName);
            if (values.Count == 1 && IPAddress.TryParse(values[0], out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }
        }

        return next(context);
    }
}
