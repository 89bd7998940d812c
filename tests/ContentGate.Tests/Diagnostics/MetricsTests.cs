using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ContentGate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ContentGate.Tests.Diagnostics;

public sealed class MetricsTests
{
    [Fact]
    public async Task Requests_AreCountedByPolicyDecisionAndLookupOutcome_WithoutAddresses()
    {
        var measurements = new ConcurrentBag<(object? Scope, string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "ContentGate")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Add((instrument.Meter.Scope, instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();

        await using var server = await GateServer.StartAsync(GateServer.ContractConfiguration());
        (await server.GetAsync("/", Fixtures.IPv4("UA-43"))).Dispose();
        (await server.GetAsync("/", Fixtures.IPv4("DE"))).Dispose();
        (await server.GetAsync("/articles/restricted-in-kazakhstan", Fixtures.IPv4("KZ"))).Dispose();
        (await server.GetAsync("/", Fixtures.AbsentAddress)).Dispose();

        // Other tests run servers in parallel; only this server's meter (scoped to its IMeterFactory) counts here.
        var factory = server.Services.GetRequiredService<IMeterFactory>();
        var mine = measurements.Where(m => ReferenceEquals(m.Scope, factory)).ToList();
        Assert.Contains(mine, m => m.Instrument == "contentgate.policy.decisions" && (string?)m.Tags["contentgate.policy"] == "undesirable-organization" && (string?)m.Tags["contentgate.decision"] == "applied");
        Assert.Contains(mine, m => m.Instrument == "contentgate.policy.decisions" && (string?)m.Tags["contentgate.policy"] == "undesirable-organization" && (string?)m.Tags["contentgate.decision"] == "not_applied");
        Assert.Contains(mine, m => m.Instrument == "contentgate.policy.decisions" && (string?)m.Tags["contentgate.policy"] == "undesirable-organization" && (string?)m.Tags["contentgate.decision"] == "fail_mode_applied");
        Assert.Contains(mine, m => m.Instrument == "contentgate.policy.decisions" && (string?)m.Tags["contentgate.policy"] == "kz-court-order" && (string?)m.Tags["contentgate.action"] == "block" && (string?)m.Tags["contentgate.decision"] == "applied");
        Assert.Contains(mine, m => m.Instrument == "contentgate.region.lookups" && (string?)m.Tags["contentgate.region.source"] == "maxmind" && (string?)m.Tags["contentgate.region.outcome"] == "found");
        Assert.Contains(mine, m => m.Instrument == "contentgate.region.lookups" && (string?)m.Tags["contentgate.region.outcome"] == "not_found");
        Assert.Contains(mine, m => m.Instrument == "contentgate.notice.responses" && (string?)m.Tags["contentgate.notice.outcome"] == "injected");
        foreach (var m in measurements)
        {
            Assert.DoesNotContain(m.Tags.Values, v => v is string s && (s.Contains("203.0.113", StringComparison.Ordinal) || s.Contains("2001:db8", StringComparison.Ordinal)));
        }
    }
}
