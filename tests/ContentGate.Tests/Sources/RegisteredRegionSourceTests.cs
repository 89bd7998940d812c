using System.Net;
using ContentGate.Regions;
using ContentGate.Sources;
using ContentGate.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ContentGate.Tests.Sources;

/// <summary>
/// A region source of the app's own, through the public extension point only: an <see cref="IRegionSourceFactory"/>
/// registered with <c>AddRegionSource</c> and named by <c>Type</c> in <c>ContentGate:Sources</c>.
/// </summary>
public sealed class RegisteredRegionSourceTests
{
    /// <summary>
    /// The test source: answers every visitor with the region in its entry's <c>Region</c> key (<c>UA UA-43</c>), and
    /// reports the health in its <c>Health</c> key.
    /// </summary>
    private sealed class FixedRegionSourceFactory : IRegionSourceFactory
    {
        public IRegionSource? Create(RegionSourceEntry entry)
        {
            var text = entry.Configuration?["Region"];
            var parts = text?.Split(' ') ?? [];
            if (!Region.TryCreate(parts.FirstOrDefault(), parts.Skip(1), out var region))
            {
                entry.AddProblem($"{entry.Key}:Region: '{text}' is not a region. Write a country and its subdivisions, such as \"UA UA-43\".");
                return null;
            }

            foreach (var child in entry.Configuration!.GetChildren())
            {
                if (child.Key is not ("Type" or "Region" or "Health"))
                {
                    entry.AddProblem($"{entry.Key}:{child.Key}: not a setting of a {entry.Type} source.");
                }
            }

            return new FixedRegionSource(region, Enum.Parse<HealthStatus>(entry.Configuration["Health"] ?? "Healthy"));
        }
    }

    private sealed class FixedRegionSource(Region region, HealthStatus health) : IRegionSource, IRegionSourceHealth
    {
        public string Name => "fixed";

        public bool UsesClientAddress => true;

        public ValueTask<RegionAnswer> LookupAsync(RegionQuery query, CancellationToken cancellationToken) => new(RegionAnswer.Found(region));

        public RegionSourceHealth GetHealth() => new(health, $"The fixed source is {health}.", new Dictionary<string, object> { ["region"] = region.ToString() });
    }

    private static Dictionary<string, string?> Configuration(params (string Key, string Value)[] sources)
    {
        var config = GateServer.ContractConfiguration();
        config.Remove("ContentGate:MaxMind:DatabasePath");
        foreach (var (key, value) in sources)
        {
            config[$"ContentGate:Sources:{key}"] = value;
        }

        return config;
    }

    [Fact]
    public async Task Request_WithRegisteredSourceNamedInSources_IsAnsweredByIt_AndPoliciesApply()
    {
        var config = Configuration(("0:Type", "fixed"), ("0:Region", "UA UA-43"));
        await using var server = await GateServer.StartAsync(config, services: s => s.AddContentGate(_ => { }).AddRegionSource<FixedRegionSourceFactory>("Fixed"));

        using var region = await server.GetAsync("/region", IPAddress.Parse("203.0.113.200"));
        using var page = await server.GetAsync("/", IPAddress.Parse("203.0.113.200"));

        Assert.Equal("UA UA-43|fixed|None", await region.Content.ReadAsStringAsync());
        Assert.Contains(GateServer.ContractNotice, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_OfRegisteredSource_IsReportedByTheContentGateCheck()
    {
        var config = Configuration(("0:Type", "Fixed"), ("0:Region", "RU"), ("0:Health", "Degraded"));
        await using var server = await GateServer.StartAsync(config, services: s =>
        {
            s.AddContentGate(_ => { }).AddRegionSource<FixedRegionSourceFactory>("Fixed");
            s.AddHealthChecks().AddContentGate();
        });

        var report = await server.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries.Single().Value;
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal("RU", entry.Data["fixed.region"]);
        Assert.Contains("Source 'fixed': The fixed source is Degraded.", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_WithUnregisteredType_FailsNamingKeyValueAndFix()
    {
        var config = Configuration(("0:Type", "MaxMindDatabase"), ("1:Type", "MaxMindWebService"), ("1:AccountId", "42"), ("2:Type", "Fixd"));
        config["ContentGate:MaxMind:DatabasePath"] = Fixtures.CityDatabasePath;
        using var host = GateServer.Build(config, null, s => s.AddContentGate(_ => { }).AddRegionSource<FixedRegionSourceFactory>("Fixed"), out _);

        var error = await Assert.ThrowsAnyAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ContentGate:Sources:1:Type: 'MaxMindWebService' is not a region source type.", error.Message, StringComparison.Ordinal);
        Assert.Contains("add ContentGate.MaxMind.WebService and call AddMaxMindWebService()", error.Message, StringComparison.Ordinal);
        Assert.Contains("ContentGate:Sources:2:Type: 'Fixd' is not a region source type. Did you mean 'Fixed'?", error.Message, StringComparison.Ordinal);
        Assert.Contains("registered: Fixed.", error.Message, StringComparison.Ordinal);
        // The keys of an entry whose type ContentGate does not know are not reported as ContentGate's.
        Assert.DoesNotContain("AccountId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_WithRegisteredSourceProblems_FailsWithTheSourcesOwnMessages()
    {
        var config = Configuration(("0:Type", "Fixed"), ("0:Region", "UK"), ("1:Type", "Fixed"), ("1:Region", "RU"), ("1:Colour", "red"));
        using var host = GateServer.Build(config, null, s => s.AddContentGate(_ => { }).AddRegionSource<FixedRegionSourceFactory>("Fixed"), out _);

        var error = await Assert.ThrowsAnyAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ContentGate:Sources:0:Region: 'UK' is not a region.", error.Message, StringComparison.Ordinal);
        Assert.Contains("ContentGate:Sources:1:Colour: not a setting of a Fixed source.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRegionSource_WithBuiltInName_Throws()
    {
        var builder = new ServiceCollection().AddContentGate(_ => { });

        var error = Assert.Throws<ArgumentException>(() => builder.AddRegionSource<FixedRegionSourceFactory>("cloudflare"));

        Assert.Contains("built-in Cloudflare source type", error.Message, StringComparison.Ordinal);
    }
}
