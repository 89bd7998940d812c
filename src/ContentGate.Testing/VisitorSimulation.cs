using System.Net;

namespace ContentGate.Testing;

/// <summary>
/// Runs an app in a test as if each request came from a chosen client address, so region rules can be tested
/// without real clients in those regions.
/// </summary>
/// <remarks>
/// <para>
/// <b>For tests only. Never enable it in a deployed app.</b> Once
/// <c>services.AddContentGateVisitorSimulation()</c> is called, any client can pick the address the app sees by
/// sending the <see cref="HeaderName"/> header, and so escape or trigger every address-based rule, rate limit and
/// log.
/// </para>
/// <example>
/// <code>
/// // In the test host: services.AddContentGateVisitorSimulation();
/// var request = new HttpRequestMessage(HttpMethod.Get, "/article").FromVisitor(IPAddress.Parse("203.0.113.1"));
/// var response = await client.SendAsync(request);
/// </code>
/// </example>
/// </remarks>
public static class VisitorSimulation
{
    /// <summary>
    /// The request header carrying the simulated client address. The simulation middleware copies a valid address
    /// from it into <c>HttpContext.Connection.RemoteIpAddress</c> and removes it from the request.
    /// </summary>
    public const string HeaderName = "X-ContentGate-Test-Client-IP";

    /// <summary>
    /// Marks <paramref name="request"/> as coming from <paramref name="address"/>, for an app that called
    /// <c>AddContentGateVisitorSimulation()</c>.
    /// </summary>
    /// <param name="request">The request to send to the test server.</param>
    /// <param name="address">The client address the app should see.</param>
    /// <returns><paramref name="request"/>, for chaining.</returns>
    public static HttpRequestMessage FromVisitor(this HttpRequestMessage request, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(address);
        request.Headers.Remove(HeaderName);
        request.Headers.Add(HeaderName, address.ToString());
        return request;
    }
}
