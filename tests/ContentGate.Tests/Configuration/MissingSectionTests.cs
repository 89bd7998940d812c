using System.Text;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ContentGate.Tests.Configuration;

/// <summary>
/// <c>AddContentGate(section)</c> and <c>AddContentGate()</c> (which binds the app's <c>ContentGate</c> section) on a
/// section that is not there, as <c>appsettings.json</c> files write it.
/// </summary>
public sealed class MissingSectionTests
{
    private static readonly string[] Settings =
    [
        "{}",
        "{ \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } } }",
        "{ \"ContentGate\": {} }",
        "{ \"ContentGate\": null }",
        "{ \"ContentGte\": { \"Policies\": { \"p\": { \"Regions\": [ \"RU\" ], \"Action\": \"Notice\", \"Notice\": { \"Html\": \"<p>x</p>\" } } } } }",
    ];

    public static TheoryData<string, bool> AppSettingsWithoutTheSection()
    {
        var data = new TheoryData<string, bool>();
        foreach (var json in Settings)
        {
            data.Add(json, false);
            data.Add(json, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AppSettingsWithoutTheSection))]
    public async Task Host_WithoutTheSection_FailsToStart_SayingWhatToWrite(string json, bool withoutArguments)
    {
        using var host = Build(json, withoutArguments);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("ContentGate: the configuration has no 'ContentGate' section", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"ContentGate\": { \"Policies\": {} }", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Host_WithAnIntentionallyEmptySection_StartsWithNoPolicies(bool withoutArguments)
    {
        using var host = Build("{ \"ContentGate\": { \"Policies\": {} } }", withoutArguments);

        await host.StartAsync();
        using var client = host.GetTestClient();
        var page = await client.GetStringAsync("/");
        await host.StopAsync();

        Assert.Equal(GateServer.Page, page);
    }

    private static IHost Build(string appSettings, bool withoutArguments)
        => new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureAppConfiguration(c => c.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(appSettings))))
                .ConfigureServices((context, s) =>
                {
                    s.AddRouting();
                    if (withoutArguments)
                    {
                        s.AddContentGate();
                    }
                    else
                    {
                        s.AddContentGate(context.Configuration.GetSection("ContentGate"));
                    }
                })
                .Configure(app =>
                {
                    app.UseRouting();
                    app.UseContentGate();
                    app.UseEndpoints(e => e.MapGet("/", (Microsoft.AspNetCore.Http.HttpContext c) => GateServer.Html(c, GateServer.Page)));
                }))
            .Build();
}
