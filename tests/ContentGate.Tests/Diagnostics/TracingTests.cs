using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Tests.Diagnostics;

/// <summary>
/// The <c>ContentGate</c> activity source through a real pipeline, with a real <see cref="ActivityListener"/>. Listeners
/// are process-wide, so these tests run alone (<see cref="TracingTestsRunAlone"/>): no other test's requests, and no other
/// listener, while they run.
/// </summary>
[Collection(nameof(TracingTests))]
public sealed class TracingTests
{
    private static Dictionary<string, string?> Configuration()
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Policies:no-donations:Regions:0"] = "russia-controlled";
        config["ContentGate:Policies:no-donations:Paths:0"] = "/donate";
        config["ContentGate:Policies:no-donations:Action"] = "Redirect";
        config["ContentGate:Policies:no-donations:Redirect:Url"] = "/articles/not-available";
        config["ContentGate:Policies:frontline:Regions:0"] = "UA-14";
        config["ContentGate:Policies:frontline:Paths:0"] = "/investigations";
        config["ContentGate:Policies:frontline:Action"] = "Acknowledge";
        config["ContentGate:Policies:frontline:Acknowledge:Html"] = "<p>Read this first.</p>";
        return config;
    }

    public static TheoryData<string, string, string, string?, string?> Decisions() => new()
    {
        // path, reader's region, outcome, policy, action
        { "/", "RU", "notice", "undesirable-organization", "notice" },
        { "/", "UA-43", "notice", "undesirable-organization", "notice" },
        { "/articles/restricted-in-kazakhstan", "KZ", "block", "kz-court-order", "block" },
        { "/donate", "RU", "redirect", "no-donations", "redirect" },
        { "/investigations/x", "UA-14", "acknowledge", "frontline", "acknowledge" },
        { "/", "DE", "pass", null, null },
        { "/articles/restricted-in-kazakhstan", "DE", "pass", null, null },
        { "/robots.txt", "RU", "exempt", null, null },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public async Task Request_WithAListener_RecordsOneDecisionActivityWithItsTags(string path, string region, string outcome, string? policy, string? action)
    {
        using var recorder = new ActivityRecorder();
        await using var server = await GateServer.StartAsync(Configuration());

        using var response = await server.GetAsync(path, Fixtures.IPv4(region));

        var activity = Assert.Single(recorder.Stopped);
        Assert.Equal("ContentGate", activity.Source.Name);
        Assert.Equal("contentgate.decision", activity.OperationName);
        Assert.Equal(ActivityKind.Internal, activity.Kind);
        Assert.Equal(outcome, activity.GetTagItem("contentgate.outcome"));
        Assert.Equal("maxmind", activity.GetTagItem("contentgate.region.source"));
        Assert.Equal(policy, activity.GetTagItem("contentgate.policy"));
        Assert.Equal(action, activity.GetTagItem("contentgate.action"));
    }

    [Fact]
    public async Task Request_WithSeveralNotices_NamesEachNoticeInTheirOrder()
    {
        var config = Configuration();
        config["ContentGate:Policies:another-notice:Regions:0"] = "RU";
        config["ContentGate:Policies:another-notice:Action"] = "Notice";
        config["ContentGate:Policies:another-notice:Notice:Html"] = "<p>Another.</p>";
        using var recorder = new ActivityRecorder();
        await using var server = await GateServer.StartAsync(config);

        using var response = await server.GetAsync("/", Fixtures.IPv4("RU"));

        var activity = Assert.Single(recorder.Stopped);
        Assert.Equal("another-notice,undesirable-organization", activity.GetTagItem("contentgate.policy"));
        Assert.Equal("notice", activity.GetTagItem("contentgate.action"));
    }

    [Fact]
    public async Task Request_FromAnUnknownReader_TagsTheSourceNoneAndTheFailMode()
    {
        using var recorder = new ActivityRecorder();
        await using var server = await GateServer.StartAsync(Configuration());

        using var response = await server.GetAsync("/", Fixtures.AbsentAddress);

        var activity = Assert.Single(recorder.Stopped);
        Assert.Equal("notice", activity.GetTagItem("contentgate.outcome"));
        Assert.Equal("none", activity.GetTagItem("contentgate.region.source"));
    }

    [Fact]
    public async Task DecisionActivity_EndsBeforeTheApp_SoTheAppsActivitiesAreNotItsChildren()
    {
        using var recorder = new ActivityRecorder();
        string? seenByTheApp = null;
        await using var server = await GateServer.StartAsync(Configuration(), endpoints: e => e.MapGet("/", (HttpContext c) =>
        {
            seenByTheApp = Activity.Current?.OperationName ?? "(none)";
            return GateServer.Html(c, GateServer.Page);
        }));

        using var response = await server.GetAsync("/", Fixtures.IPv4("RU"));

        Assert.Single(recorder.Stopped);
        Assert.NotNull(seenByTheApp);
        Assert.NotEqual("contentgate.decision", seenByTheApp);
    }

    [Fact]
    public async Task EndpointRule_DecidedWhenRoutingRunsAfterContentGate_IsRecordedToo()
    {
        var config = Configuration();
        config["ContentGate:Policies:kz-court-order:Paths:0"] = "/never-matched";
        using var recorder = new ActivityRecorder();
        await using var app = await KestrelApp.StartAsync(config, a =>
        {
            a.UseForwardedHeaders(KestrelApp.LocalProxy);
            a.UseContentGate();
            a.UseRouting();
            a.MapGet("/restricted", (HttpContext c) => GateServer.Html(c, GateServer.Page)).RequireRegionPolicy("kz-court-order");
        });

        using var response = await app.GetAsync("/restricted", Fixtures.IPv4("KZ"));

        Assert.Equal(451, (int)response.StatusCode);
        var block = Assert.Single(recorder.Stopped, a => (string?)a.GetTagItem("contentgate.outcome") == "block");
        Assert.Equal("kz-court-order", block.GetTagItem("contentgate.policy"));
        Assert.Equal("block", block.GetTagItem("contentgate.action"));
    }

    [Fact]
    public async Task Activities_NeverCarryTheReadersAddress()
    {
        using var recorder = new ActivityRecorder();
        await using var server = await GateServer.StartAsync(Configuration());
        var readers = new List<IPAddress>();
        foreach (var (path, region) in new[] { ("/", "RU"), ("/", "UA-43"), ("/articles/restricted-in-kazakhstan", "KZ"), ("/donate", "UA-09"), ("/", "DE") })
        {
            readers.Add(Fixtures.IPv4(region));
            readers.Add(Fixtures.IPv6(region));
            (await server.GetAsync(path, Fixtures.IPv4(region))).Dispose();
            (await server.GetAsync(path, Fixtures.IPv6(region))).Dispose();
        }

        readers.Add(Fixtures.AbsentAddress);
        (await server.GetAsync("/", Fixtures.AbsentAddress)).Dispose();

        Assert.Equal(11, recorder.Stopped.Count);
        foreach (var activity in recorder.Stopped)
        {
            var texts = new List<string?> { activity.OperationName, activity.DisplayName, activity.StatusDescription, activity.TraceStateString };
            texts.AddRange(activity.TagObjects.Select(t => t.Key + "=" + Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture)));
            texts.AddRange(activity.Events.SelectMany(e => e.Tags.Select(t => e.Name + ":" + t.Key + "=" + t.Value)).Concat(activity.Events.Select(e => e.Name)));
            texts.AddRange(activity.Baggage.Select(b => b.Key + "=" + b.Value));
            texts.AddRange(activity.Links.SelectMany(l => l.Tags ?? []).Select(t => t.Key + "=" + t.Value));
            foreach (var text in texts.OfType<string>())
            {
                Assert.DoesNotContain("203.0.113", text, StringComparison.Ordinal);
                Assert.DoesNotContain("198.51.100", text, StringComparison.Ordinal);
                Assert.DoesNotContain("192.0.2", text, StringComparison.Ordinal);
                Assert.DoesNotContain("2001:db8", text, StringComparison.OrdinalIgnoreCase);
                foreach (var reader in readers)
                {
                    Assert.DoesNotContain(reader.ToString(), text, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain(Convert.ToHexString(reader.GetAddressBytes()), text, StringComparison.OrdinalIgnoreCase);
                }
            }
        }
    }

    [Fact]
    public async Task Request_WithoutAListener_StartsNoActivity()
    {
        // Every other source is listened to, so an activity made without ContentGate's source (new Activity(...).Start()
        // reports to the unnamed one) would show up here; ContentGate's own source has no listener.
        var others = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name != "ContentGate",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = others.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        string? seenByTheApp = null;
        await using var server = await GateServer.StartAsync(Configuration(), endpoints: e =>
        {
            GateServer.DefaultEndpoints(e);
            e.MapGet("/probe", (HttpContext c) =>
            {
                seenByTheApp = Activity.Current?.OperationName ?? "(none)";
                return GateServer.Html(c, GateServer.Page);
            });
        });

        Assert.False(ContentGate.Diagnostics.ContentGateTracing.Source.HasListeners());
        (await server.GetAsync("/probe", Fixtures.IPv4("RU"))).Dispose();
        (await server.GetAsync("/articles/restricted-in-kazakhstan", Fixtures.IPv4("KZ"))).Dispose();
        (await server.GetAsync("/", Fixtures.IPv4("DE"))).Dispose();

        Assert.NotEmpty(others);
        Assert.DoesNotContain(others, a => a.Source.Name == "ContentGate" || a.OperationName.StartsWith("contentgate", StringComparison.OrdinalIgnoreCase));
        Assert.NotNull(seenByTheApp);
        Assert.NotEqual("contentgate.decision", seenByTheApp);
    }

    /// <summary>Records every activity of the <c>ContentGate</c> source, with all its data.</summary>
    private sealed class ActivityRecorder : IDisposable
    {
        private readonly ConcurrentQueue<Activity> _stopped = new();
        private readonly ActivityListener _listener;

        public ActivityRecorder()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "ContentGate",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _stopped.Enqueue,
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public IReadOnlyList<Activity> Stopped => [.. _stopped];

        public void Dispose() => _listener.Dispose();
    }
}

/// <summary>Activity listeners are process-wide: the tracing tests run with no other test beside them.</summary>
[CollectionDefinition(nameof(TracingTests), DisableParallelization = true)]
public sealed class TracingTestsRunAlone;
