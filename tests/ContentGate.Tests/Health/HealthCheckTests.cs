using System.Net;
using System.Text.Json;
using ContentGate.MaxMind;
using ContentGate.Testing.MaxMind;
using ContentGate.Tests.Infrastructure;
using ContentGate.Tests.MaxMind;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace ContentGate.Tests.Health;

/// <summary>
/// <c>AddHealthChecks().AddContentGate()</c> through a real pipeline with <c>MapHealthChecks</c>: the status code and the
/// JSON an app's response writer makes of the report.
/// </summary>
public sealed partial class HealthCheckTests
{
    private static DateTimeOffset DaysAgo(double days) => DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - (long)(days * 86_400));

    private static string Database(DateTimeOffset buildEpoch, string name = "health.mmdb")
    {
        var path = Fixtures.TempFile(name);
        File.WriteAllBytes(path, ReplacementDatabases.Build(0, buildEpoch));
        return path;
    }

    private static Task<GateServer> Start(string databasePath, Action<IHealthChecksBuilder>? healthChecks = null)
        => GateServer.StartAsync(
            GateServer.ContractConfiguration(databasePath),
            endpoints: e =>
            {
                GateServer.DefaultEndpoints(e);
                e.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteJson });
            },
            services: s =>
            {
                s.Configure<MaxMindReloadSettings>(o => o.StableFor = TimeSpan.FromMilliseconds(20));
                var builder = s.AddHealthChecks();
                (healthChecks ?? (b => b.AddContentGate())).Invoke(builder);
            });

    /// <summary>The kind of writer apps put on their health endpoint: status, description and data of every entry.</summary>
    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            entries = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        });
    }

    private static async Task<(HttpStatusCode Status, JsonElement Entry)> Probe(HttpClient client, string name = "contentgate")
    {
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, json.GetProperty("entries").GetProperty(name));
    }

    /// <summary>Probes until the entry has <paramref name="status"/>; the file is picked up in the background.</summary>
    private static async Task<JsonElement> ProbeUntil(HttpClient client, string status)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var (_, entry) = await Probe(client);
            if (entry.GetProperty("status").GetString() == status)
            {
                return entry;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"The health check did not report {status} within 20 s; it reports {entry}.");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Health_WithFreshDatabase_IsHealthy_AndNamesThePathTypeBuildEpochAndAge()
    {
        var built = DaysAgo(2.5);
        var path = Database(built);
        await using var server = await Start(path);

        var (status, entry) = await Probe(server.Client);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", entry.GetProperty("status").GetString());
        var data = entry.GetProperty("data");
        Assert.Equal(path, data.GetProperty("database.path").GetString());
        Assert.Equal("ContentGate-Test-City", data.GetProperty("database.type").GetString());
        Assert.Equal(built.ToUnixTimeSeconds(), data.GetProperty("database.build_epoch").GetInt64());
        Assert.Equal(built.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), data.GetProperty("database.build_date").GetString());
        Assert.InRange(data.GetProperty("database.age_days").GetDouble(), 2.4, 2.6);
        Assert.Equal(30, data.GetProperty("database.max_age_days").GetDouble());
        Assert.Equal("maxmind", data.GetProperty("sources").GetString());
        Assert.Contains("2 days old", entry.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.False(data.TryGetProperty("database.last_rejection", out _));
    }

    [Fact]
    public async Task Health_WithDatabaseBuiltLongAgo_IsDegraded_AndSaysHowOld()
    {
        var path = Database(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var server = await Start(path);

        var (status, entry) = await Probe(server.Client);

        // Degraded still answers 200 by default: the app serves, its data is getting old.
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", entry.GetProperty("status").GetString());
        var description = entry.GetProperty("description").GetString();
        Assert.Contains("was built 2020-01-01", description, StringComparison.Ordinal);
        Assert.Contains("more than the 30 allowed", description, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), entry.GetProperty("data").GetProperty("database.build_epoch").GetInt64());
    }

    [Theory]
    [InlineData(null, "Healthy")]
    [InlineData(7, "Degraded")]
    [InlineData(11, "Healthy")]
    public async Task Health_MaxDatabaseAge_IsSetOnTheRegistration(int? maxAgeDays, string expected)
    {
        var path = Database(DaysAgo(10));
        await using var server = await Start(path, b => b.AddContentGate(maxDatabaseAge: maxAgeDays is { } days ? TimeSpan.FromDays(days) : null));

        var (_, entry) = await Probe(server.Client);

        Assert.Equal(expected, entry.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_AfterRejectedReplacement_IsDegradedWithTheReason_AndHealthyAgainAfterAValidOne()
    {
        var path = Database(DaysAgo(1));
        await using var server = await Start(path);
        Assert.Equal("Healthy", (await Probe(server.Client)).Entry.GetProperty("status").GetString());

        ReplacementDatabases.ReplaceByRename(path, "<html>404 Not Found</html>"u8.ToArray());
        var entry = await ProbeUntil(server.Client, "Degraded");

        var description = entry.GetProperty("description").GetString();
        Assert.Contains("was rejected", description, StringComparison.Ordinal);
        Assert.Contains("keeps serving", description, StringComparison.Ordinal);
        Assert.Contains("is not a MaxMind DB (.mmdb) file or is truncated", description, StringComparison.Ordinal);
        var data = entry.GetProperty("data");
        Assert.Contains(path, data.GetProperty("database.last_rejection").GetString(), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(data.GetProperty("database.last_rejected_at").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal(1, data.GetProperty("database.loads").GetInt32());

        ReplacementDatabases.ReplaceByRename(path, ReplacementDatabases.Build(1, DaysAgo(0.5)));
        entry = await ProbeUntil(server.Client, "Healthy");
        Assert.Equal(2, entry.GetProperty("data").GetProperty("database.loads").GetInt32());
        Assert.False(entry.GetProperty("data").TryGetProperty("database.last_rejection", out _));
    }

    [Fact]
    public async Task Health_WhileACorruptReplacementIsVerified_IsHealthyOnTheOldFile_ThenDegradedNamingTheDamage()
    {
        var path = Database(DaysAgo(1));
        using var verifying = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        await using var server = await GateServer.StartAsync(
            GateServer.ContractConfiguration(path),
            endpoints: e =>
            {
                GateServer.DefaultEndpoints(e);
                e.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteJson });
            },
            services: s =>
            {
                s.Configure<MaxMindReloadSettings>(o =>
                {
                    o.StableFor = TimeSpan.FromMilliseconds(20);
                    o.Verifying = () =>
                    {
                        verifying.Release();
                        Assert.True(release.Wait(TimeSpan.FromSeconds(30)), "the test never let the verification go on");
                    };
                });
                s.AddHealthChecks().AddContentGate();
            });
        var visitor = ReplacementDatabases.Addresses[0];
        var corrupt = new MaxMind.Verification.MmdbFile(ReplacementDatabases.Build(1, DaysAgo(0.5)));
        corrupt.Bytes.AsSpan(corrupt.DataStart + corrupt.DataOffsetOf(visitor) + 1, 3).Fill(0xFF);

        ReplacementDatabases.ReplaceByRename(path, corrupt.Bytes);
        Assert.True(await verifying.WaitAsync(TimeSpan.FromSeconds(20)), "the replacement was never read");
        using (var during = await server.GetAsync("/region", visitor))
        {
            Assert.Equal($"{ReplacementDatabases.Expected(0, visitor)}|maxmind|None", await during.Content.ReadAsStringAsync());
        }

        Assert.Equal("Healthy", (await Probe(server.Client)).Entry.GetProperty("status").GetString());
        release.Release();
        var entry = await ProbeUntil(server.Client, "Degraded");

        var rejection = entry.GetProperty("data").GetProperty("database.last_rejection").GetString();
        Assert.Contains($"the file '{path}' is corrupt: in the record for {ReplacementDatabases.Visitors.IPv4NetworkFor(ReplacementDatabases.Regions[0])}", rejection, StringComparison.Ordinal);
        Assert.Equal(1, entry.GetProperty("data").GetProperty("database.loads").GetInt32());
        using var after = await server.GetAsync("/region", ReplacementDatabases.Addresses[1]);
        Assert.Equal($"{ReplacementDatabases.Expected(0, ReplacementDatabases.Addresses[1])}|maxmind|None", await after.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.ServiceUnavailable, "Unhealthy")]
    [InlineData(HealthStatus.Degraded, HttpStatusCode.OK, "Degraded")]
    public async Task Health_WithoutAddContentGate_ReportsTheFailureStatus(HealthStatus? failureStatus, HttpStatusCode expectedCode, string expectedStatus)
    {
        using var host = new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureServices(s =>
                {
                    s.AddRouting();
                    s.AddHealthChecks().AddContentGate(name: "regions", failureStatus: failureStatus);
                })
                .Configure(app =>
                {
                    app.UseRouting();
                    app.UseEndpoints(e => e.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteJson }));
                }))
            .Build();
        await host.StartAsync();

        var (status, entry) = await Probe(host.GetTestClient(), "regions");

        Assert.Equal(expectedCode, status);
        Assert.Equal(expectedStatus, entry.GetProperty("status").GetString());
        Assert.Contains("services.AddContentGate", entry.GetProperty("description").GetString(), StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Fact]
    public async Task Health_WhenTheConfigurationDoesNotCompile_IsUnhealthyWithTheProblems()
    {
        // Such a host refuses to start, so there is no pipeline to probe: the check is asked directly, as a host
        // whose start-up check was bypassed would ask it.
        var config = GateServer.ContractConfiguration(Path.Combine(Path.GetTempPath(), "missing", "GeoLite2-City.mmdb"));
        using var host = GateServer.Build(config, null, s => s.AddHealthChecks().AddContentGate(), out _);

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["contentgate"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("does not validate", entry.Description, StringComparison.Ordinal);
        Assert.Contains("ContentGate:MaxMind:DatabasePath", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void AddContentGate_WithMaxAgeNotPositive_Throws()
    {
        var builder = new ServiceCollection().AddHealthChecks();

        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddContentGate(maxDatabaseAge: TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => builder.AddContentGate(name: " "));
    }
}
