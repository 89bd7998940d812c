using System.Text;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ContentGate.Tests.Configuration;

/// <summary><c>AddContentGate(section)</c> on a section that is not there, as <c>appsettings.json</c> files write it.</summary>
public sealed class MissingSectionTests
{
    public static TheoryData<string> AppSettingsWithoutTheSection() => new()
    {
        "{}",
        "{ \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } } }",
        "{ \"ContentGate\": {} }",
        "{ \"ContentGate\": null }",
        "{ \"ContentGte\": { \"Policies\": { \"p\": { \"Regions\": [ \"RU\" ], \"Action\": \"Notice\", \"Notice\": { \"Html\": \"<p>x</p>\" } } } } }",
    };

    [Theory]
    [MemberData(nameof(AppSettingsWithoutTheSection))]
    public async Task Host_WithoutTheSection_FailsToStart_SayingWhatToWrite(string json)
    {
        using var host = Build(json);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("ContentGate: the configuration has no 'ContentGate' section", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"ContentGate\": { \"Policies\": {} }", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_WithAnIntentionallyEmptySection_StartsWithNoPolicies()
    {
        using var host = Build("{ \"ContentGate\": { \"Policies\": {} } }");

        await host.StartAsync();
        using var client = host.GetTestClient();
        var page = await client.GetStringAsync("/");
        await host.StopAsync();

        Assert.Equal(GateServer.Page, page);
    }

    private static IHost Build(string appSettings)
        => new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureAppConfiguration(c => c.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(appSettings))))
                .ConfigureServices((context, s) =>
                {
                    s.AddRouting();
                    s.AddContentGate(context.Configuration.GetSection("ContentGate"));
                })
                .Configure(app =>
                {
                    app.UseRouting();
                    app.UseContentGate();
                    app.UseEndpoints(e => e.MapGet("/", (Microsoft.AspNetCore.Http.HttpContext c) => GateServer.Html(c, GateServer.Page)));
                }))
            .Build();
}
