using ContentGate.Hosting;
using ContentGate.Testing;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ContentGate.Tests;

/// <summary>
/// <c>AddContentGate()</c> without arguments binds the <c>ContentGate</c> section of the app's own configuration, as
/// the quick start writes it; the missing-section error is in <c>Configuration/MissingSectionTests</c>.
/// </summary>
public sealed class ContentGateServiceCollectionExtensionsTests
{
    private static string Settings(string noticeHtml) => $$"""
        {
          "Logging": { "LogLevel": { "Default": "Warning" } },
          "ContentGate": {
            "MaxMind": { "DatabasePath": "{{Fixtures.CityDatabasePath}}" },
            "Policies": {
              "warning": { "Regions": [ "RU" ], "Action": "Notice", "Notice": { "Html": "{{noticeHtml}}" } }
            }
          }
        }
        """;

    [Fact]
    public async Task AddContentGate_WithoutArguments_BindsTheAppsSectionAndFollowsItsEdits()
    {
        var file = Fixtures.TempFile("appsettings.json");
        await File.WriteAllTextAsync(file, Settings("<p>one</p>"));
        using var host = new HostBuilder()
            .ConfigureAppConfiguration(c => c.AddJsonFile(file, optional: false, reloadOnChange: true))
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureServices(s =>
                {
                    s.AddContentGateVisitorSimulation();
                    s.AddContentGate();
                })
                .Configure(app =>
                {
                    app.UseContentGate();
                    app.Run(c => GateServer.Html(c, GateServer.Page));
                }))
            .Build();
        await host.StartAsync();
        var client = host.GetTestClient();
        var runtime = host.Services.GetRequiredService<ContentGateRuntime>();

        async Task<string> Page(string region)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/").FromVisitor(Fixtures.IPv4(region));
            using var response = await client.SendAsync(request);
            return await response.Content.ReadAsStringAsync();
        }

        Assert.Contains("<p>one</p>", await Page("RU"), StringComparison.Ordinal);
        Assert.DoesNotContain("<p>one</p>", await Page("DE"), StringComparison.Ordinal);

        await File.WriteAllTextAsync(file, Settings("<p>two</p>"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (runtime.Current.Policies.Find("warning")!.PayloadAs<ContentGate.Actions.Notices.NoticePayload>().Content.Default.Html != "<p>two</p>" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains("<p>two</p>", await Page("RU"), StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Fact]
    public void AddContentGate_WithoutArguments_AndNoConfigurationInTheServices_SaysToPassTheSection()
    {
        var services = new ServiceCollection();
        services.AddContentGate();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<ContentGateOptions>>().Value);

        Assert.Contains("no IConfiguration is registered", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddContentGate(configuration.GetSection(\"ContentGate\"))", error.Message, StringComparison.Ordinal);
    }
}
