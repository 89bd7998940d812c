using System.Net;
using ContentGate.Testing.MaxMind;
using MaxMind.GeoIP2;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContentGate.Testing.Tests;

public class VisitorSimulationTests
{
    private const string NoAddress = "(none)";

    /// <summary>
    /// A host whose only endpoint echoes the client address it sees and whether the simulation header reached it.
    /// </summary>
    private static async Task<IHost> StartHostAsync(
        Action<IServiceCollection>? configureServices = null, Func<HttpContext, string>? describe = null)
    {
        describe ??= context =>
            $"{context.Connection.RemoteIpAddress?.ToString() ?? NoAddress}|" +
            $"header={context.Request.Headers.ContainsKey(VisitorSimulation.HeaderName)}";
        var host = new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureServices(services =>
                {
                    services.AddRouting();
                    configureServices?.Invoke(services);
                })
                .Configure(app =>
                {
                    app.UseRouting();
                    app.UseEndpoints(endpoints => endpoints.MapGet("/", context => context.Response.WriteAsync(describe(context))));
                }))
            .Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<string> GetAsync(IHost host, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        configure?.Invoke(request);
        using var response = await host.GetTestClient().SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    [Theory]
    [InlineData("203.0.113.9")]
    [InlineData("2001:db8:0:1::1")]
    [InlineData("::ffff:198.51.100.1")]
    public async Task Request_FromVisitor_SetsRemoteIpAddressAndRemovesTheHeader(string address)
    {
        using var host = await StartHostAsync(services => services.AddContentGateVisitorSimulation());

        var seen = await GetAsync(host, request => request.FromVisitor(IPAddress.Parse(address)));

        Assert.Equal($"{IPAddress.Parse(address)}|header=False", seen);
    }

    [Fact]
    public async Task Request_WithoutHeader_LeavesRemoteIpAddressAsTheServerSetIt()
    {
        using var plain = await StartHostAsync();
        using var simulated = await StartHostAsync(services => services.AddContentGateVisitorSimulation());

        Assert.Equal(await GetAsync(plain), await GetAsync(simulated));
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("203.0.113.300")]
    [InlineData("")]
    public async Task Request_WithUnparsableHeader_LeavesRemoteIpAddressAndRemovesTheHeader(string value)
    {
        using var plain = await StartHostAsync();
        using var simulated = await StartHostAsync(services => services.AddContentGateVisitorSimulation());
        var unchanged = (await GetAsync(plain)).Split('|')[0];

        var seen = await GetAsync(simulated, request => request.Headers.TryAddWithoutValidation(VisitorSimulation.HeaderName, value));

        Assert.Equal($"{unchanged}|header=False", seen);
    }

    [Fact]
    public async Task Request_WithHeader_WithoutSimulation_IsIgnoredByTheApp()
    {
        using var host = await StartHostAsync();

        var seen = await GetAsync(host, request => request.FromVisitor(IPAddress.Parse("203.0.113.9")));

        Assert.DoesNotContain("203.0.113.9", seen, StringComparison.Ordinal);
        Assert.EndsWith("|header=True", seen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulation_RunsBeforeStartupFiltersRegisteredEarlier()
    {
        var seenByEarlierFilter = new List<string>();
        using var host = await StartHostAsync(services =>
        {
            services.AddTransient<IStartupFilter>(_ => new RecordingStartupFilter(seenByEarlierFilter));
            services.AddContentGateVisitorSimulation();
        });

        await GetAsync(host, request => request.FromVisitor(IPAddress.Parse("198.51.100.7")));

        Assert.Equal(["198.51.100.7"], seenByEarlierFilter);
    }

    [Fact]
    public void AddContentGateVisitorSimulation_CalledTwice_RegistersOneStartupFilter()
    {
        var services = new ServiceCollection();

        services.AddContentGateVisitorSimulation().AddContentGateVisitorSimulation();

        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(IStartupFilter));
        Assert.Equal(typeof(IStartupFilter), services[0].ServiceType);
    }

    [Fact]
    public async Task Simulation_LogsAWarningWhenThePipelineIsBuilt()
    {
        var provider = new CollectingLoggerProvider();
        using var host = await StartHostAsync(services =>
        {
            services.AddLogging(logging => logging.AddProvider(provider));
            services.AddContentGateVisitorSimulation();
        });

        var warning = Assert.Single(provider.Entries, entry => entry.EventName == "VisitorSimulationEnabled");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(VisitorSimulation.HeaderName, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromVisitor_ReplacesAnEarlierAddress()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");

        request.FromVisitor(IPAddress.Parse("203.0.113.1")).FromVisitor(IPAddress.Parse("2001:db8::1"));

        Assert.Equal(["2001:db8::1"], request.Headers.GetValues(VisitorSimulation.HeaderName));
    }

    [Fact]
    public async Task Request_FromRegionAddress_ResolvesToTheRegionInsideTheApp()
    {
        var book = RegionAddressBook.For("RU", "UA-43");
        using var database = new DatabaseReader(new MemoryStream(book.ToDatabase().ToArray()));
        using var host = await StartHostAsync(
            services => services.AddContentGateVisitorSimulation(),
            context =>
            {
                var city = database.City(context.Connection.RemoteIpAddress!);
                return $"{city.Country.IsoCode}/{city.MostSpecificSubdivision.IsoCode}";
            });

        Assert.Equal("UA/43", await GetAsync(host, request => request.FromVisitor(book.IPv4For("UA-43"))));
        Assert.Equal("UA/43", await GetAsync(host, request => request.FromVisitor(book.IPv6For("UA-43"))));
        Assert.Equal("RU/", await GetAsync(host, request => request.FromVisitor(book.IPv4For("RU"))));
    }

    private sealed class RecordingStartupFilter(List<string> seen) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                seen.Add(context.Connection.RemoteIpAddress?.ToString() ?? NoAddress);
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        public List<(LogLevel Level, string? EventName, string Message)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new CollectingLogger(this);

        public void Dispose()
        {
        }

        private sealed class CollectingLogger(CollectingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (provider.Entries)
                {
                    provider.Entries.Add((logLevel, eventId.Name, formatter(state, exception)));
                }
            }
        }
    }
}
