using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace ContentGate.Tests.Infrastructure;

/// <summary>Records the <c>ContentGate</c> meter's long measurements of one app (its own <see cref="IMeterFactory"/>).</summary>
internal sealed class MetricCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)> _measurements = new();

    public MetricCapture(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Other tests run apps in parallel; only this app's meter counts here.
            if (instrument.Meter.Name == "ContentGate" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            _measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        _listener.Start();
    }

    public long Sum(string instrument, string tag, string value)
        => _measurements.Where(m => m.Instrument == instrument && m.Tags.TryGetValue(tag, out var v) && (string?)v == value).Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();
}
