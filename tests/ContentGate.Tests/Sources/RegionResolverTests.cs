using System.Diagnostics.Metrics;
using System.Net;
using ContentGate.Diagnostics;
using ContentGate.Regions;
using ContentGate.Sources;
using ContentGate.Tests.Infrastructure;
using MaxMind.Db;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContentGate.Tests.Regions;

public sealed class RegionResolverTests
{
    /// <summary>
    /// A source that throws (a reader's exception may quote the address it was looking up): the region is Unknown
    /// (LookupFailed), the next source is still asked, and the Warning names the source and the exception type only.
    /// </summary>
    [Fact]
    public async Task Resolve_WhenASourceThrows_IsLookupFailed_AsksTheNextSource_AndLogsNoAddress()
    {
        var visitor = IPAddress.Parse("198.51.100.242");
        var throwing = new FakeSource("maxmind", () => throw new InvalidDatabaseException($"Unexpected end of data while looking up {visitor}"));
        var next = new FakeSource("next", () => RegionAnswer.NoAnswer(RegionUnknownReason.NotFound, "not_found"));
        using var logs = new LogCapture();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var resolver = new RegionResolver([throwing, next], new ContentGateMetrics(services.GetRequiredService<IMeterFactory>()), loggerFactory.CreateLogger<RegionResolver>());
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = visitor;

        var feature = await resolver.ResolveAsync(context);

        Assert.False(feature.Region.IsKnown);
        Assert.Equal(RegionUnknownReason.LookupFailed, feature.UnknownReason);
        Assert.Equal(1, next.Calls);
        var warning = Assert.Single(logs.Entries, e => e.EventId.Name == "RegionLookupFailed");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("'maxmind'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("MaxMind.Db.InvalidDatabaseException", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.ToString().Contains("198.51.100", StringComparison.Ordinal));
    }

    /// <summary>An address-based source that answers (or throws) as told.</summary>
    private sealed class FakeSource(string name, Func<RegionAnswer> answer) : RegionSource
    {
        public int Calls { get; private set; }

        public override string Name => name;

        public override bool UsesClientAddress => true;

        public override ValueTask<RegionAnswer> LookupAsync(RegionQuery query, CancellationToken cancellationToken)
        {
            Calls++;
            return new ValueTask<RegionAnswer>(answer());
        }
    }
}
