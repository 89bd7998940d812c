using ContentGate.Hosting;
using ContentGate.Testing;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContentGate.Tests.Configuration;

/// <summary>Editing appsettings.json takes effect without a restart; an invalid edit is rejected and logged.</summary>
public sealed class ReloadTests
{
    private static string Settings(string noticeHtml, string region = "RU") => $$"""
        {
          "ContentGate": {
            "MaxMind": { "DatabasePath": "{{Fixtures.CityDatabasePath}}" },
            "Policies": {
              "warning": { "Regions": [ "{{region}}" ], "Action": "Notice", "Notice": { "Html": "{{noticeHtml}}" } }
            }
          }
        }
        """;

    [Fact]
    public async Task ConfigurationEdit_Valid_TakesEffectAndInvalid_KeepsLastGood()
    {
        var file = Fixtures.TempFile("appsettings.json");
        await File.WriteAllTextAsync(file, Settings("<p>one</p>"));
        var logs = new LogCapture();
        using var host = new HostBuilder()
            .ConfigureAppConfiguration(c => c.AddJsonFile(file, optional: false, reloadOnChange: true))
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Debug).AddProvider(logs))
                .ConfigureServices((context, s) =>
                {
                    s.AddContentGateVisitorSimulation();
                    s.AddContentGate(context.Configuration.GetSection("ContentGate"));
                })
                .Configure(app =>
                {
                    app.UseContentGate();
                    app.Run(c => GateServer.Html(c, "<html><body><p>page</p></body></html>"));
                }))
            .Build();
        await host.StartAsync();
        var client = host.GetTestClient();
        var runtime = host.Services.GetRequiredService<ContentGateRuntime>();

        async Task<string> Page()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/").FromVisitor(Fixtures.IPv4("RU"));
            using var response = await client.SendAsync(request);
            return await response.Content.ReadAsStringAsync();
        }

        async Task ChangeAndWait(string json, Func<bool> done)
        {
            await File.WriteAllTextAsync(file, json);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!done() && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.True(done(), "The configuration change was not picked up within 30 s.");
        }

        Assert.Contains("<p>one</p>", await Page(), StringComparison.Ordinal);

        await ChangeAndWait(Settings("<p>two</p>"), () => runtime.Current.Policies.Find("warning")!.PayloadAs<ContentGate.Actions.Notices.NoticePayload>().Content.Default.Html == "<p>two</p>");
        Assert.Contains("<p>two</p>", await Page(), StringComparison.Ordinal);

        await ChangeAndWait(Settings("<p>three</p>", region: "UK"), () => logs.Entries.Any(e => e.EventId.Name == "ReloadRejected"));
        var rejected = logs.Entries.First(e => e.EventId.Name == "ReloadRejected");
        Assert.Equal(LogLevel.Error, rejected.Level);
        Assert.Contains("Use 'GB'", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("<p>two</p>", await Page(), StringComparison.Ordinal);

        // An edit that loses the section (a bad merge, a renamed key) would turn every rule off: refused too.
        // Wait for this edit's own rejection, not for a second one: the file watcher may report one write twice, so
        // the previous edit can already have been rejected twice.
        await ChangeAndWait("{ \"Logging\": {} }", () => logs.Entries.Any(e => e.EventId.Name == "ReloadRejected" && e.Message.Contains("no 'ContentGate' section", StringComparison.Ordinal)));
        Assert.Contains("<p>two</p>", await Page(), StringComparison.Ordinal);

        await host.StopAsync();
    }
}
