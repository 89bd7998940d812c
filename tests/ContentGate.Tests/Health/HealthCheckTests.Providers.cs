using System.Net;
using ContentGate.Testing.MaxMind;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;

namespace ContentGate.Tests.Health;

/// <summary>The health check on a DB-IP file with names it could not map, and with an autonomous system file.</summary>
public sealed partial class HealthCheckTests
{
    [Fact]
    public async Task Health_WithDbIpNamesThatCouldNotBeMapped_ReportsThem_AndStaysHealthy_AndTheLoadLogsThem()
    {
        var path = Fixtures.TempFile("dbip.mmdb");
        DbIpDatabaseBuilder.City(o => o.BuildEpoch = DaysAgo(1))
            .Add(Fixtures.Visitors.IPv4NetworkFor("UA-43"), "UA", "Crimea")
            .Add(Fixtures.Visitors.IPv4NetworkFor("UA"), "UA", "Atlantis")
            .WriteTo(path);
        await using var server = await Start(path);

        var (status, entry) = await Probe(server.Client);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", entry.GetProperty("status").GetString());
        var data = entry.GetProperty("data");
        Assert.Equal(1, data.GetProperty("database.unmapped_subdivision_names").GetInt32());
        Assert.Equal(1, data.GetProperty("database.unmapped_subdivision_networks").GetInt32());
        Assert.Equal("UA \"Atlantis\" (1 network)", data.GetProperty("database.unmapped_subdivision_examples").GetString());
        var logged = Assert.Single(server.Logs.Entries, e => e.EventId.Name == "SubdivisionNamesUnmapped");
        Assert.Contains("UA \"Atlantis\" (1 network)", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_WithAnAsnFile_ReportsItBesideTheCityFile()
    {
        var asnPath = Fixtures.TempFile("asn.mmdb");
        new AsnDatabaseBuilder(o => o.BuildEpoch = DaysAgo(3)).Add(Fixtures.Visitors.IPv4NetworkFor("UA"), 64500).WriteTo(asnPath);
        var config = GateServer.ContractConfiguration(Database(DaysAgo(1)));
        config["ContentGate:MaxMind:AsnDatabasePath"] = asnPath;
        await using var server = await GateServer.StartAsync(config, endpoints: e =>
        {
            GateServer.DefaultEndpoints(e);
            e.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteJson });
        }, services: s => s.AddHealthChecks().AddContentGate());

        var (_, entry) = await Probe(server.Client);

        var data = entry.GetProperty("data");
        Assert.Equal(asnPath, data.GetProperty("asn_database.path").GetString());
        Assert.Equal(AsnDatabaseBuilder.DefaultDatabaseType, data.GetProperty("asn_database.type").GetString());
        Assert.InRange(data.GetProperty("asn_database.age_days").GetDouble(), 2.9, 3.1);
        Assert.False(data.TryGetProperty("database.unmapped_subdivision_names", out _));
    }
}
