using System.Net;
using ContentGate.Tests.Infrastructure;

namespace ContentGate.Tests.Gating;

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
        { "198.51.100.242", "LookupFailed" }, // the record is corrupt on disk
    };

    [Theory]
    [MemberData(nameof(UnknownVisitors))]
    public async Task Request_WithUnknownRegion_ShowsNoticeByDefaultAndDoesNotBlock(string address, string reason)
    {
        await using var server = await GateServer.StartAsync(GateServer.ContractConfiguration(Fixtures.CityWithCorruptRecordPath));
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

    [Fact]
    public async Task Request_WhoseLookupThrows_IsLoggedAsWarningWithoutAddress()
    {
        await using var server = await GateServer.StartAsync(GateServer.ContractConfiguration(Fixtures.CityWithCorruptRecordPath));

        using var page = await server.GetAsync("/", Fixtures.CorruptRecordAddress);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var warning = Assert.Single(server.Logs.Entries, e => e.EventId.Name == "RegionLookupFailed");
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.DoesNotContain("198.51.100", warning.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_FromKnownVisitorOnDatabaseWithOneCorruptRecord_IsStillAnsweredCorrectly()
    {
        await using var server = await GateServer.StartAsync(GateServer.ContractConfiguration(Fixtures.CityWithCorruptRecordPath));

        using var response = await server.GetAsync("/region", Fixtures.IPv4("UA-43"));

        Assert.Equal("UA UA-43|maxmind|None", await response.Content.ReadAsStringAsync());
    }
}
