using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContentGate.Sample.Tests;

/// <summary>
/// The sample's Cloudflare-fronted configuration (appsettings.Cloudflare.json): it starts, and a CF-IPCountry
/// header from a peer outside Cloudflare's networks is ignored.
/// </summary>
public sealed class CloudflareProfileTests : IDisposable
{
    private readonly WebApplicationFactory<Program> _factory = new WebApplicationFactory<Program>()
        .WithWebHostBuilder(b => b.UseEnvironment("Cloudflare"));

    [Fact]
    public async Task CloudflareHeader_FromPeerOutsideCloudflare_IsIgnored()
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/region");
        request.Headers.Add("CF-IPCountry", "RU");

        using var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("<dd data-region>Unknown</dd>", html, StringComparison.Ordinal);
    }

    public void Dispose() => _factory.Dispose();
}
