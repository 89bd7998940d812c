using System.Net;
using ContentGate.Gateway.Tests.Infrastructure;

namespace ContentGate.Gateway.Tests;

/// <summary>
/// The configuration the gateway ships with (src/ContentGate.Gateway/appsettings.json and appsettings.Development.json,
/// as the README's command runs it) starts and applies the quick-start policies to the site behind it; only the
/// origin's address is changed, to an nginx on a free port.
/// </summary>
public sealed class QuickStartTests
{
    [Fact]
    public async Task ShippedDevelopmentConfiguration_AppliesTheQuickStartPoliciesToTheSiteBehindIt()
    {
        await using var nginx = await NginxOrigin.StartAsync();
        await using var gateway = await GatewayServer.StartFromFolderAsync(GatewayFolder(), "Development", new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:site:Destinations:origin:Address"] = nginx.BaseAddress.ToString(),
        });

        // The demo database: 203.0.113.9 is Crimea, 203.0.113.81 Kazakhstan, 203.0.113.73 Germany (README, "The demo database").
        using var crimea = await gateway.Client.GetAsAsync("/", IPAddress.Parse("203.0.113.9"));
        using var kazakhstan = await gateway.Client.GetAsAsync("/articles/restricted-in-kazakhstan", IPAddress.Parse("203.0.113.81"));
        using var germany = await gateway.Client.GetAsAsync("/", IPAddress.Parse("203.0.113.73"));

        Assert.Contains("<body class=\"site\"><section class=\"contentgate-notice\" data-contentgate-notice=\"undesirable-organization\"", await crimea.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode)451, kazakhstan.StatusCode);
        Assert.Equal(NginxOrigin.FrontPage, await germany.Content.ReadAsStringAsync());
    }

    private static string GatewayFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ContentGate.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("ContentGate.sln not found above the test output."), "src", "ContentGate.Gateway");
    }
}
