using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ContentGate.MaxMind;
using ContentGate.Tests.Infrastructure;
using ContentGate.Tests.MaxMind;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ContentGate.Tests.Diagnostics;

/// <summary>Database and configuration reloads are counted by outcome; the database's age is observable.</summary>
public sealed class ReloadMetricsTests : IDisposable
{
    private readonly ConcurrentQueue<(object? Scope, string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly MeterListener _listener = new();

    public ReloadMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "ContentGate")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        => _measurements.Enqueue((instrument.Meter.Scope, instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));

    // Other tests run servers in parallel; only this server's meter (scoped to its IMeterFactory) counts here.
    private List<(object? Scope, string Instrument, double Value, Dictionary<string, object?> Tags)> Of(GateServer server, string instrument)
    {
        var factory = server.Services.GetRequiredService<IMeterFactory>();
        return [.. _measurements.Where(m => ReferenceEquals(m.Scope, factory) && m.Instrument == instrument)];
    }

    private double Count(GateServer server, string instrument, string outcome)
        => Of(server, instrument).Where(m => (string?)m.Tags["contentgate.reload.outcome"] == outcome).Sum(m => m.Value);

    [Fact]
    public async Task DatabaseReplacements_AreCountedByOutcome_AndTheAgeGaugeNamesTypeAndFileOnly()
    {
        var built = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3 * 86_400);
        var path = Fixtures.TempFile("metrics.mmdb");
        File.WriteAllBytes(path, ReplacementDatabases.Build(0, built));
        await using var server = await GateServer.StartAsync(
            GateServer.ContractConfiguration(path),
            services: s => s.Configure<MaxMindReloadSettings>(o => o.StableFor = TimeSpan.FromMilliseconds(20)));

        ReplacementDatabases.ReplaceByRename(path, ReplacementDatabases.Build(1, built.AddDays(1)));
        await ReplacementDatabases.WaitUntil(() => Count(server, "contentgate.database.reloads", "accepted") == 1, "the replacement is counted");
        ReplacementDatabases.ReplaceByRename(path, "truncated"u8.ToArray());
        await ReplacementDatabases.WaitUntil(() => Count(server, "contentgate.database.reloads", "rejected") == 1, "the rejection is counted");
        _listener.RecordObservableInstruments();

        Assert.Equal(1, Count(server, "contentgate.database.reloads", "accepted"));
        Assert.All(Of(server, "contentgate.database.reloads"), m => Assert.Equal(["contentgate.reload.outcome"], m.Tags.Keys));
        var age = Assert.Single(Of(server, "contentgate.database.age"));
        Assert.InRange(age.Value, 2 * 86_400 - 60, 2 * 86_400 + 600);
        Assert.Equal("ContentGate-Test-City", age.Tags["contentgate.database.type"]);

        // The file name, never the directory (which can name the user the app runs as).
        Assert.Equal(Path.GetFileName(path), age.Tags["contentgate.database.file"]);
        Assert.Equal(2, age.Tags.Count);
    }

    [Fact]
    public async Task ConfigurationChanges_AreCountedByOutcome()
    {
        await using var server = await GateServer.StartAsync(GateServer.ContractConfiguration());
        var configuration = (IConfigurationRoot)server.Services.GetRequiredService<IConfiguration>();

        configuration.Reload();
        await ReplacementDatabases.WaitUntil(() => Count(server, "contentgate.configuration.reloads", "accepted") == 1, "the valid change is counted");
        configuration["ContentGate:Policies:kz-court-order:Regions:0"] = "UK";
        configuration.Reload();
        await ReplacementDatabases.WaitUntil(() => Count(server, "contentgate.configuration.reloads", "rejected") == 1, "the invalid change is counted");

        Assert.Equal(1, Count(server, "contentgate.configuration.reloads", "accepted"));
    }
}
