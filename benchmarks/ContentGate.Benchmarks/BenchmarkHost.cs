using ContentGate.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContentGate.Benchmarks;

/// <summary>A started host with ContentGate configured from a dictionary, as an app would configure it.</summary>
internal static class BenchmarkHost
{
    // Real ISO 3166-1 codes for large region sets.
    public static readonly string[] Countries =
    [
        "AD", "AE", "AF", "AG", "AL", "AM", "AO", "AR", "AT", "AU", "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH",
        "BI", "BJ", "BN", "BO", "BR", "BS", "BT", "BW", "BY", "BZ", "CA", "CD", "CF", "CG", "CH", "CI", "CL", "CM",
        "CN", "CO", "CR", "CU", "CV", "CY", "CZ", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "ER", "ES", "ET",
        "FI", "FJ", "FM", "GA", "GD", "GH", "GM", "GN", "GQ", "GR", "GT", "GW", "GY", "HN", "HR", "HT", "HU", "ID",
        "IE", "IL", "IN", "IQ", "IR", "IS", "IT", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR",
        "KW", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "ME", "MG", "MH", "MK",
        "ML", "MM", "MN", "MR", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NE", "NG", "NI", "NL", "NO", "NP",
    ];

    public static IHost Start(IDictionary<string, string?> configuration)
    {
        var host = new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .UseEnvironment("Production")
                .ConfigureAppConfiguration(c => c.AddInMemoryCollection(configuration))
                .ConfigureLogging(l => l.ClearProviders())
                .ConfigureServices((context, s) =>
                {
                    s.AddRouting();
                    s.AddContentGate(context.Configuration.GetSection("ContentGate"));
                })
                .Configure(app => app.UseContentGate()))
            .Build();
        host.Start();
        return host;
    }

    public static Configuration.GateSnapshot Snapshot(IHost host) => host.Services.GetRequiredService<ContentGateRuntime>().Current;
}
