using System.Net;
using ContentGate.MaxMind;
using ContentGate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ContentGate.Tests.Decisions;

/// <summary>When the region cannot be determined, each policy applies its fail mode; the page never breaks.</summary>
public sealed class FailModeTests
{
    public static TheoryData<string, string> UnknownVisitors() => new()
    {
        { "198.51.100.250", "NotFound" },   // a record with no country
        { "192.0.2.250", "NotFound" },      // not in the database at all
        { "10.1.2.3", "NonPublicAddress" },
        { "192.168.0.10", "NonPublicAddress" },
        { "fd00::1", "NonPublicAddress" },
    };

    [Theory]
    [MemberData(nameof(UnknownVisitors))]
    public async Task Request_WithUnknownRegion_ShowsNoticeByDefaultAndDoesNotBlock(string address, string reason)
    {
        await using var server = await GateServer.StartAsync(GateServer.ContractConfiguration());
        var visitor = IPAddress.Parse(address);

        using var region = await server.GetAsync("/region", visitor);
        using var page = await server.GetAsync("/", visitor);
        using var article = await server.GetAsync("/articles/restricted-in-kazakhstan", visitor);

        Assert.Equal($"Unknown||{reason}", await region.Content.ReadAsStringAsync());
        Assert.Contains("data-contentgate-notice", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, article.StatusCode);
    }

    [Fact]
    public async Task Request_WithUnknownRegion_FollowsConfiguredFailModes()
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Policies:undesirable-organization:FailMode"] = "Skip";
        config["ContentGate:Policies:kz-court-order:FailMode"] = "Apply";
        await using var server = await GateServer.StartAsync(config);

        using var page = await server.GetAsync("/", Fixtures.AbsentAddress);
        using var article = await server.GetAsync("/articles/restricted-in-kazakhstan", Fixtures.AbsentAddress);

        Assert.Equal(GateServer.Page, await page.Content.ReadAsStringAsync());
        Assert.Equal(451, (int)article.StatusCode);
    }

    /// <summary>
    /// A lookup that throws at run time. Every record is verified at load, so a corrupt record no longer gets this far;
    /// what remains is the database going away under requests still in flight (the app stopping), which the real
    /// MaxMind source reports by throwing <see cref="ObjectDisposedException"/>.
    /// </summary>
    [Fact]
    public async Task Request_WhoseLookupThrows_IsUnknownLookupFailed_LoggedAsWarningWithoutAddress_AndFailModesApply()
    {
        await using var server = await GateServer.StartAsync(GateServer.ContractConfiguration());
        var kazakhstan = Fixtures.IPv4("KZ");
        server.Services.GetRequiredService<MaxMindDatabaseCache>().GetOrOpen(Fixtures.CityDatabasePath, "ContentGate:MaxMind:DatabasePath").Dispose();

        using var region = await server.GetAsync("/region", kazakhstan);
        using var page = await server.GetAsync("/", kazakhstan);
        using var article = await server.GetAsync("/articles/restricted-in-kazakhstan", kazakhstan);

        Assert.Equal("Unknown||LookupFailed", await region.Content.ReadAsStringAsync());
        Assert.Contains("data-contentgate-notice", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, article.StatusCode);
        var warnings = server.Logs.Entries.Where(e => e.EventId.Name == "RegionLookupFailed").ToList();
        Assert.Equal(3, warnings.Count);
        Assert.All(warnings, w =>
        {
            Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, w.Level);
            Assert.Contains("System.ObjectDisposedException", w.Message, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(server.Logs.Entries, e => e.ToString().Contains(kazakhstan.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Startup_WithDatabaseWithOneCorruptRecord_IsRefusedNamingTheNetwork()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => GateServer.StartAsync(GateServer.ContractConfiguration(Fixtures.CityWithCorruptRecordPath)));

        Assert.Contains($"ContentGate:MaxMind:DatabasePath: the file '{Fixtures.CityWithCorruptRecordPath}' is corrupt: in the record for 198.51.100.240/29", error.Message, StringComparison.Ordinal);
        Assert.Contains("the extended type byte 81 names no type", error.Message, StringComparison.Ordinal);
    }
}
