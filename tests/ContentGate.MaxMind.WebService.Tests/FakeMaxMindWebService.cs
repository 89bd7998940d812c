using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContentGate.MaxMind.WebService.Tests;

/// <summary>
/// A stand-in for MaxMind's GeoIP web service on Kestrel at 127.0.0.1 (a free port), speaking the documented protocol:
/// <c>GET /geoip/v2.1/{country|city|insights}/{ip}</c> with HTTP Basic authentication (account id and license key),
/// answering 200 with the documented JSON (<c>country</c>, <c>subdivisions</c>, <c>traits</c>, …), 404
/// <c>IP_ADDRESS_NOT_FOUND</c>, 401 <c>AUTHORIZATION_INVALID</c>. The regions come from the fixtures' address book, so
/// the same visitors mean the same places as in the database tests, and like the real service it says which network
/// its answer holds for (<c>traits.network</c>: the region's /29 or /64 in the book).
/// </summary>
internal sealed class FakeMaxMindWebService : IAsyncDisposable
{
    public const int AccountId = 424242;
    public const string LicenseKey = "fake-license-key";

    private readonly WebApplication _app;
    private int _calls;

    private FakeMaxMindWebService(WebApplication app, string host)
    {
        _app = app;
        Host = host;
    }

    /// <summary>How the fake answers.</summary>
    public enum Behavior
    {
        /// <summary>The documented answers, after <see cref="Delay"/>.</summary>
        Normal,

        /// <summary>Holds every request for a minute (or until the client gives up), as an overloaded service would.</summary>
        Slow,

        /// <summary>500 Internal Server Error, as during an outage.</summary>
        Failing,
    }

    /// <summary>The host and port to configure as the source's <c>Host</c>.</summary>
    public string Host { get; }

    public Behavior Mode { get; set; }

    /// <summary>How long a normal answer takes. Defaults to none.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Requests received, whatever the answer.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The paths requested, in order (they end with the looked-up address).</summary>
    public List<string> Paths { get; } = [];

    public static async Task<FakeMaxMindWebService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FakeMaxMindWebService? fake = null;
        app.MapGet("/geoip/v2.1/{service}/{ip}", (HttpContext context, string service, string ip) => fake!.AnswerAsync(context, service, ip));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        fake = new FakeMaxMindWebService(app, $"127.0.0.1:{address.Port}");
        return fake;
    }

    private async Task AnswerAsync(HttpContext context, string service, string ip)
    {
        Interlocked.Increment(ref _calls);
        lock (Paths)
        {
            Paths.Add(context.Request.Path);
        }

        if (!Authorized(context.Request))
        {
            await Error(context, 401, "AUTHORIZATION_INVALID", "You have supplied an invalid MaxMind account ID and/or license key in the Authorization header.");
            return;
        }

        switch (Mode)
        {
            case Behavior.Slow:
                await Task.Delay(TimeSpan.FromMinutes(1), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            case Behavior.Failing:
                context.Response.StatusCode = 500;
                return;
        }

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        if (service is not ("country" or "city" or "insights"))
        {
            context.Response.StatusCode = 404;
            return;
        }

        if (!IPAddress.TryParse(ip, out var address))
        {
            await Error(context, 400, "IP_ADDRESS_INVALID", $"The value \"{ip}\" is not a valid IP address.");
            return;
        }

        if (address.Equals(Fixtures.NoCountryAddress))
        {
            // A record without a country, as for some anycast networks: only the continent and the traits.
            await Json(context, new JsonObject
            {
                ["continent"] = new JsonObject { ["code"] = "EU", ["geoname_id"] = 6255148, ["names"] = new JsonObject { ["en"] = "Europe" } },
                ["traits"] = Traits(address, new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)),
            });
            return;
        }

        if (RegionOf(address) is not var (region, network))
        {
            await Error(context, 404, "IP_ADDRESS_NOT_FOUND", $"The value {ip} is not in the database.");
            return;
        }

        var country = region[..2];
        var body = new JsonObject
        {
            ["continent"] = new JsonObject { ["code"] = country is "US" ? "NA" : "EU", ["geoname_id"] = 6255148, ["names"] = new JsonObject { ["en"] = "Europe" } },
            ["country"] = new JsonObject { ["geoname_id"] = 1, ["iso_code"] = country, ["names"] = new JsonObject { ["en"] = country } },
            // Where the network is registered, which says nothing about where the visitor is: never used.
            ["registered_country"] = new JsonObject { ["geoname_id"] = 2, ["iso_code"] = "SE", ["names"] = new JsonObject { ["en"] = "Sweden" } },
            ["maxmind"] = new JsonObject { ["queries_remaining"] = 54321 },
            ["traits"] = Traits(address, network),
        };
        if (service != "country")
        {
            // City Plus and Insights name the network's autonomous system where MaxMind knows it: here, the network of
            // the book's Ukrainian reader without a subdivision.
            if (region == "UA")
            {
                body["traits"]!["autonomous_system_number"] = UkrainianNetwork;
            }
            body["city"] = new JsonObject { ["geoname_id"] = 3, ["names"] = new JsonObject { ["en"] = "Somewhere" } };
            body["location"] = new JsonObject { ["accuracy_radius"] = 100, ["latitude"] = 45.0, ["longitude"] = 34.0, ["time_zone"] = "Europe/Simferopol" };
            if (region.Length > 2)
            {
                body["subdivisions"] = new JsonArray(new JsonObject { ["geoname_id"] = 4, ["iso_code"] = region[3..], ["names"] = new JsonObject { ["en"] = region } });
            }
        }

        await Json(context, body);
    }

    private static bool Authorized(HttpRequest request)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes($"{AccountId}:{LicenseKey}"));
        return string.Equals(request.Headers.Authorization, expected, StringComparison.Ordinal);
    }

    /// <summary>The region of the book's network that holds <paramref name="address"/>, and that network.</summary>
    public static (string Region, IPNetwork Network)? RegionOf(IPAddress address)
    {
        foreach (var region in Fixtures.AllRegions)
        {
            foreach (var network in new[] { Fixtures.Visitors.IPv4NetworkFor(region), Fixtures.Visitors.IPv6NetworkFor(region) })
            {
                if (network.Contains(address))
                {
                    return (region, network);
                }
            }
        }

        return null;
    }

    /// <summary>The autonomous system the fake names (City and Insights only) for the book's "UA" network.</summary>
    public const long UkrainianNetwork = 64500;

    private static JsonObject Traits(IPAddress address, IPNetwork network) => new()
    {
        ["ip_address"] = address.ToString(),
        ["network"] = network.ToString(),
    };

    private static Task Json(HttpContext context, JsonObject body)
    {
        // The content type MaxMind documents for each service; the client only checks that it mentions JSON.
        context.Response.ContentType = "application/vnd.maxmind.com-city+json; charset=UTF-8; version=2.1";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private static Task Error(HttpContext context, int status, string code, string error)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/vnd.maxmind.com-error+json; charset=UTF-8; version=2.0";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { code, error }));
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}
