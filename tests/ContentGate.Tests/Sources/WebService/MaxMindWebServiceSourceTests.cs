using System.Diagnostics;
using System.Net;
using ContentGate.Sources.WebService;
using ContentGate.Tests.Infrastructure;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace ContentGate.Tests.Sources.WebService;

/// <summary>
/// The MaxMind web-service source through a real ContentGate pipeline, against a local fake of the documented web
/// service (Kestrel on 127.0.0.1) and, for the shared cache, a real redis-server. Nothing of MaxMind's client or of
/// Redis is mocked; the fake counts the calls that reach it.
/// </summary>
public sealed class MaxMindWebServiceSourceTests(ITestOutputHelper output)
{
    private const string Source = "maxmind-web-service";

    [Fact]
    public async Task Request_FromVisitor_IsMappedToRegionLikeTheDatabaseSource()
    {
        await using var fake = await FakeMaxMindWebService.StartAsync();
        await using var gate = await WebServiceGate.StartAsync(WebServiceGate.Configuration(fake));

        Assert.Equal($"UA UA-43|{Source}|None", await gate.RegionAsync(Fixtures.IPv4("UA-43")));
        Assert.Equal($"UA UA-43|{Source}|None", await gate.RegionAsync(Fixtures.IPv6("UA-43")));
        Assert.Equal($"UA UA-30|{Source}|None", await gate.RegionAsync(Fixtures.IPv4("UA-30")));
        Assert.Equal($"UA|{Source}|None", await gate.RegionAsync(Fixtures.IPv4("UA")));
        Assert.Equal($"RU|{Source}|None", await gate.RegionAsync(Fixtures.IPv4("RU")));
        Assert.Equal($"DE|{Source}|None", await gate.RegionAsync(Fixtures.IPv4("DE")));

        // The policies act on those regions as on the database's.
        using var crimea = await gate.Server.GetAsync("/", Fixtures.IPv4("UA-43"));
        using var kyiv = await gate.Server.GetAsync("/", Fixtures.IPv4("UA-30"));
        using var kazakhstan = await gate.Server.GetAsync("/articles/restricted-in-kazakhstan", Fixtures.IPv4("KZ"));
        Assert.Contains(GateServer.ContractNotice, await crimea.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(GateServer.Page, await kyiv.Content.ReadAsStringAsync());
        Assert.Equal(451, (int)kazakhstan.StatusCode);

        // The City service by default, at the documented path, once per address.
        Assert.All(fake.Paths, path => Assert.StartsWith("/geoip/v2.1/city/", path, StringComparison.Ordinal));
        Assert.Equal(7, fake.Calls);
        Assert.Equal(Fixtures.IPv4("UA-43").ToString(), fake.Paths[0]["/geoip/v2.1/city/".Length..]);
        gate.AssertNoAddressLogged();
    }

    [Fact]
    public async Task Request_WithCountryService_KnowsTheCountryOnly()
    {
        await using var fake = await FakeMaxMindWebService.StartAsync();
        var config = WebServiceGate.Configuration(fake);
        config["ContentGate:Sources:0:Service"] = "Country";
        await using var gate = await WebServiceGate.StartAsync(config);

        Assert.Equal($"UA|{Source}|None", await gate.RegionAsync(Fixtures.IPv4("UA-43")));
        Assert.StartsWith("/geoip/v2.1/country/", Assert.Single(fake.Paths), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_Repeated_IsAnsweredFromCache_IncludingNotFoundAndNoCountry()
    {
        await using var fake = await FakeMaxMindWebService.StartAsync();
        await using var gate = await WebServiceGate.StartAsync(WebServiceGate.Configuration(fake));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal($"RU|{Source}|None", await gate.RegionAsync(Fixtures.IPv4("RU")));
            Assert.Equal("Unknown||NotFound", await gate.RegionAsync(Fixtures.AbsentAddress));      // 404 IP_ADDRESS_NOT_FOUND
            Assert.Equal("Unknown||NotFound", await gate.RegionAsync(Fixtures.NoCountryAddress));   // 200 without a country
        }

        Assert.Equal(3, fake.Calls);
        Assert.Equal(9, gate.Outcomes.Count);
        Assert.Equal(new[] { "found", "not_found" }, gate.Outcomes.Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(BreakerState.Closed, gate.Source.Health.State);
        Assert.Equal(AnswerCacheKind.Memory, gate.Source.Health.Cache);
        Assert.NotNull(gate.Source.Health.LastSuccessUtc);
        gate.AssertNoAddressLogged();
    }

    [Fact]
    public async Task Requests_ConcurrentForOneAddress_ShareOneCall()
    {
        await using var fake = await FakeMaxMindWebService.StartAsync();
        fake.Delay = TimeSpan.FromMilliseconds(500);
        await using var gate = await WebServiceGate.StartAsync(WebServiceGate.Configuration(fake));

        var visitor = Fixtures.IPv4("UA-14");
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => gate.RegionAsync(visitor)));

        Assert.All(answers, answer => Assert.Equal($"UA UA-14|{Source}|None", answer));
        Assert.Equal(1, fake.Calls);
        Assert.Equal(0, gate.Source.PendingLookups);
    }

    [Fact]
    public async Task Request_WhenServiceIsSlow_TimesOutQuicklyAndPoliciesApplyTheirFailModes()
    {
        await using var fake = await FakeMaxMindWebService.StartAsync();
        fake.Mode = FakeMaxMindWebService.Behavior.Slow;
        var config = WebServiceGate.Configuration(fake);
        config["ContentGate:Sources:0:Timeout"] = "00:00:00.100";
        await using var gate = await WebServiceGate.StartAsync(config);

        var clock = Stopwatch.StartNew();
        using var page = await gate.Server.GetAsync("/", Fixtures.IPv4("DE"));
        using var article = await gate.Server.GetAsync("/articles/restricted-in-kazakhstan", Fixtures.IPv4("KZ"));
        var region = await gate.RegionAsync(Fixtures.IPv4("DE"));
        clock.Stop();
        output.WriteLine($"3 requests against a service that never answers, Timeout 100 ms: {clock.ElapsedMilliseconds} ms");

        // Notice policies apply to unknown visitors, Block policies skip them; the page never breaks.
        Assert.Contains(GateServer.ContractNotice, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, article.StatusCode);
        Assert.Equal("Unknown||LookupFailed", region);

        // Each visitor cost one abandoned call, not a minute; nothing was cached.
        Assert.Equal(3, fake.Calls);
        Assert.Equal(new[] { "timeout", "timeout", "timeout" }, gate.Outcomes);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Three timed-out lookups took {clock.Elapsed}.");
        Assert.Equal("timeout", gate.Source.Health.LastFailure);
        Assert.Equal(3, gate.Source.Health.ConsecutiveFailures);
        gate.AssertNoAddressLogged();
    }

    [Fact]
    public async Task Breaker_AfterConsecutiveFailures_OpensThenLetsOneTrialThroughAndCloses()
    {
        await using var fake = await FakeMaxMindWebService.StartAsync();
        fake.Mode = FakeMaxMindWebService.Behavior.Failing;
        var config = WebServiceGate.Configuration(fake);
        config["ContentGate:Sources:0:BreakerFailures"] = "3";
        config["ContentGate:Sources:0:BreakerDuration"] = "00:00:02"; // long enough that a busy machine cannot half-open it between asserts
        await using var gate = await WebServiceGate.StartAsync(config);
        var source = gate.Source;

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("Unknown||LookupFailed", await gate.RegionAsync(Fixtures.IPv4("DE")));
        }

        Assert.Equal(3, fake.Calls);
        Assert.Equal(BreakerState.Open, source.Health.State);
        Assert.Equal(new[] { "error", "error", "error" }, gate.Outcomes);
        var report = source.GetHealth();
        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Equal("Open", report.Data["state"]);
        Assert.Equal(3, report.Data["consecutive_failures"]);
        Assert.Contains("failed 3 times in a row (last: error)", report.Description, StringComparison.Ordinal);

        // Open: visitors not in the cache are unknown at once, without a call.
        var open = 0;
        var clock = Stopwatch.StartNew();
        while (open < 20 && source.Health.State == BreakerState.Open)
        {
            Assert.Equal("Unknown||LookupFailed", await gate.RegionAsync(Fixtures.IPv4("US")));
            open++;
        }

        clock.Stop();
        output.WriteLine($"{open} requests through the pipeline with the breaker open: {clock.Elapsed.TotalMilliseconds / Math.Max(open, 1):0.000} ms each");
        Assert.True(open > 0, "The breaker closed before any request could see it open.");
        Assert.Equal(3, fake.Calls);
        Assert.Equal(open, gate.Outcomes.Count(o => o == "circuit_open"));

        // Half-open: one trial call; it fails, so the breaker opens again (without a second warning).
        await WebServiceGate.WaitUntilAsync(() => source.Health.State == BreakerState.HalfOpen, "the breaker half-opens");
        Assert.Equal("Unknown||LookupFailed", await gate.RegionAsync(Fixtures.IPv4("US")));
        Assert.Equal(4, fake.Calls);
        Assert.Equal(BreakerState.Open, source.Health.State);

        // The service recovers: the next trial succeeds and closes the breaker.
        fake.Mode = FakeMaxMindWebService.Behavior.Normal;
        await WebServiceGate.WaitUntilAsync(() => source.Health.State == BreakerState.HalfOpen, "the breaker half-opens again");
        Assert.Equal($"US|{Source}|None", await gate.RegionAsync(Fixtures.IPv4("US")));
        Assert.Equal(5, fake.Calls);
        var health = source.Health;
        Assert.Equal(BreakerState.Closed, health.State);
        Assert.Equal(0, health.ConsecutiveFailures);
        Assert.True(health.LastSuccessUtc > health.LastFailureUtc);
        Assert.Equal(HealthStatus.Healthy, source.GetHealth().Status);

        var opened = Assert.Single(gate.Logs.Entries, e => e.EventId.Name == "WebServiceBreakerOpened");
        Assert.Equal(LogLevel.Warning, opened.Level);
        Assert.Single(gate.Logs.Entries, e => e.EventId.Name == "WebServiceBreakerClosed");
        gate.AssertNoAddressLogged();
    }

    [Fact]
    public async Task Breaker_WhenServiceHangs_MakesTheOutageCostMillisecondsNotTimeouts()
    {
        await using var fake = await FakeMaxMindWebService.StartAsync();
        fake.Mode = FakeMaxMindWebService.Behavior.Slow;
        var config = WebServiceGate.Configuration(fake);
        config["ContentGate:Sources:0:Timeout"] = "00:00:00.200";
        config["ContentGate:Sources:0:BreakerFailures"] = "2";
        await using var gate = await WebServiceGate.StartAsync(config);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 2; i++)
        {
            (await gate.Server.GetAsync("/", Fixtures.IPv4("GB"))).Dispose();
        }

        var opening = clock.Elapsed;
        clock.Restart();
        for (var i = 0; i < 100; i++)
        {
            (await gate.Server.GetAsync("/", Fixtures.IPv4("GB"))).Dispose();
        }

        var whileOpen = clock.Elapsed;
        output.WriteLine($"2 timed-out requests: {opening.TotalMilliseconds:0} ms; then 100 requests with the breaker open: {whileOpen.TotalMilliseconds:0} ms ({whileOpen.TotalMilliseconds / 100:0.000} ms each)");

        Assert.Equal(2, fake.Calls);
        Assert.Equal(100, gate.Outcomes.Count(o => o == "circuit_open"));
        Assert.True(whileOpen < TimeSpan.FromSeconds(5), $"100 requests with the breaker open took {whileOpen}.");
    }

    [Fact]
    public async Task Request_WithRefusedLicenseKey_LogsOneErrorAndPoliciesApplyTheirFailModes()
    {
        await using var fake = await FakeMaxMindWebService.StartAsync();
        var config = WebServiceGate.Configuration(fake);
        config["ContentGate:Sources:0:LicenseKey"] = "revoked-key";
        await using var gate = await WebServiceGate.StartAsync(config);

        Assert.Equal("Unknown||LookupFailed", await gate.RegionAsync(Fixtures.IPv4("RU")));
        Assert.Equal("Unknown||LookupFailed", await gate.RegionAsync(Fixtures.IPv4("DE")));
        using var page = await gate.Server.GetAsync("/", Fixtures.IPv4("KZ"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(3, fake.Calls);
        Assert.Equal(new[] { "unauthorized", "unauthorized", "unauthorized" }, gate.Outcomes);
        var error = Assert.Single(gate.Logs.Entries, e => e.EventId.Name == "WebServiceUnauthorized");
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Contains(FakeMaxMindWebService.AccountId.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("revoked-key", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("unauthorized", gate.Source.Health.LastFailure);
        var report = gate.Source.GetHealth();
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.DoesNotContain("revoked-key", report.Description + string.Join(",", report.Data.Values), StringComparison.Ordinal);
        gate.AssertNoAddressLogged();
    }

    [Fact]
    public async Task Cache_WhenTheAppRegistersADistributedCache_IsSharedThroughIt()
    {
        await using var fake = await FakeMaxMindWebService.StartAsync();
        var shared = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        await using var first = await WebServiceGate.StartAsync(WebServiceGate.Configuration(fake), s => s.AddSingleton<IDistributedCache>(shared));
        await using var second = await WebServiceGate.StartAsync(WebServiceGate.Configuration(fake), s => s.AddSingleton<IDistributedCache>(shared));

        Assert.Equal($"UA UA-65|{Source}|None", await first.RegionAsync(Fixtures.IPv4("UA-65")));
        Assert.Equal($"UA UA-65|{Source}|None", await second.RegionAsync(Fixtures.IPv4("UA-65")));

        Assert.Equal(1, fake.Calls);
        Assert.Equal(AnswerCacheKind.Distributed, second.Source.Health.Cache);
    }

    [Fact]
    public async Task Redis_SharedByTwoInstances_OneCall_AndAnOutageDegradesToDirectCalls()
    {
        using var redis = await RedisServer.StartAsync();
        await using var fake = await FakeMaxMindWebService.StartAsync();
        var config = WebServiceGate.Configuration(fake);
        config["ContentGate:Sources:0:Redis"] = redis.Configuration;
        // Generous: an instance's first Redis command also connects, and a connection that misses the timeout on a
        // busy machine sends that instance to the service directly, which is right but not what this test counts.
        config["ContentGate:Sources:0:Timeout"] = "00:00:05";
        await using var first = await WebServiceGate.StartAsync(config);
        await using var second = await WebServiceGate.StartAsync(config);
        Assert.Equal(AnswerCacheKind.Redis, first.Source.Health.Cache);

        // One instance asks the service; the other finds the answer in Redis.
        var crimea = Fixtures.IPv4("UA-43");
        Assert.Equal($"UA UA-43|{Source}|None", await first.RegionAsync(crimea));
        await WebServiceGate.WaitUntilAsync(() => first.Source.PendingLookups == 0, "the answer is written to Redis");
        Assert.Equal($"UA UA-43|{Source}|None", await second.RegionAsync(crimea));
        Assert.Equal($"UA UA-43|{Source}|None", await second.RegionAsync(crimea));
        Assert.Equal("Unknown||NotFound", await first.RegionAsync(Fixtures.AbsentAddress));
        await WebServiceGate.WaitUntilAsync(() => first.Source.PendingLookups == 0, "the answer is written to Redis");
        Assert.Equal("Unknown||NotFound", await second.RegionAsync(Fixtures.AbsentAddress));
        Assert.Equal(2, fake.Calls);
        Assert.Equal(2, await redis.CountKeysAsync());

        // Redis goes down: lookups go to the service directly; no request fails; one warning per instance.
        redis.Kill();
        var clock = Stopwatch.StartNew();
        Assert.Equal($"UA UA-43|{Source}|None", await second.RegionAsync(crimea));
        Assert.Equal($"RU|{Source}|None", await second.RegionAsync(Fixtures.IPv4("RU")));
        Assert.Equal($"RU|{Source}|None", await second.RegionAsync(Fixtures.IPv4("RU")));
        using var page = await second.Server.GetAsync("/", Fixtures.IPv4("UA-09"));
        clock.Stop();
        output.WriteLine($"4 requests right after Redis went down: {clock.ElapsedMilliseconds} ms");

        Assert.Contains(GateServer.ContractNotice, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(6, fake.Calls);
        var warning = Assert.Single(second.Logs.Entries, e => e.EventId.Name == "WebServiceCacheUnavailable");
        Assert.Equal(LogLevel.Warning, warning.Level);
        var health = second.Source.Health;
        Assert.False(health.CacheAvailable);
        Assert.True(health.CacheFailures >= 1);
        Assert.NotNull(health.CacheLastFailureUtc);
        Assert.Equal(BreakerState.Closed, health.State);
        Assert.Equal(HealthStatus.Degraded, second.Source.GetHealth().Status);
        // One command waits out the timeout (5 s), then the cache is skipped: bounded by the timeout, not by Redis.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"Requests during the Redis outage took {clock.Elapsed}.");
        first.AssertNoAddressLogged();
        second.AssertNoAddressLogged();
    }

    [Fact]
    public async Task Redis_UnreachableAtStartup_LookupsStillAnswer_AndTheCacheIsUsedOnceItIsUp()
    {
        await using var fake = await FakeMaxMindWebService.StartAsync();
        var port = RedisServer.FreePort();
        var config = WebServiceGate.Configuration(fake);
        // A short connect timeout also makes StackExchange.Redis retry the connection sooner (its back-off starts at half of it).
        config["ContentGate:Sources:0:Redis"] = $"127.0.0.1:{port},connectTimeout=500";

        // Long enough for the first call of a cold test process (JIT, the client's first connection: over 300 ms on a
        // busy 2-core machine, which made the call itself time out); the unreachable Redis fails on its own connect
        // timeout, well within it.
        config["ContentGate:Sources:0:Timeout"] = "00:00:02";
        config["ContentGate:Sources:0:BreakerDuration"] = "00:00:00.200";
        await using var gate = await WebServiceGate.StartAsync(config);

        var clock = Stopwatch.StartNew();
        Assert.Equal($"KZ|{Source}|None", await gate.RegionAsync(Fixtures.IPv4("KZ")));
        var first = clock.Elapsed;
        clock.Restart();
        Assert.Equal($"KZ|{Source}|None", await gate.RegionAsync(Fixtures.IPv4("KZ")));
        var second = clock.Elapsed;
        output.WriteLine($"Redis unreachable at start-up: first request {first.TotalMilliseconds:0} ms (at most one cache Timeout), next {second.TotalMilliseconds:0} ms");
        Assert.Equal(2, fake.Calls);
        Assert.True(first < TimeSpan.FromSeconds(4), $"The first request took {first}.");
        Assert.Single(gate.Logs.Entries, e => e.EventId.Name == "WebServiceCacheUnavailable");

        // Redis comes up: after the retry period the cache is used again, and answers are cached.
        using var redis = await RedisServer.StartAsync(port);
        clock.Restart();
        await WebServiceGate.WaitUntilAsync(
            async () => await gate.RegionAsync(Fixtures.IPv4("KZ")) == $"KZ|{Source}|None" && gate.Source.Health.CacheAvailable,
            "the cache is used again");
        output.WriteLine($"Cache used again {clock.ElapsedMilliseconds} ms after Redis came up");
        Assert.Single(gate.Logs.Entries, e => e.EventId.Name == "WebServiceCacheRecovered");
        await WebServiceGate.WaitUntilAsync(() => gate.Source.PendingLookups == 0, "the answer is written to Redis");
        var calls = fake.Calls;
        Assert.Equal($"KZ|{Source}|None", await gate.RegionAsync(Fixtures.IPv4("KZ")));
        Assert.Equal(calls, fake.Calls);
    }

    [Fact]
    public async Task Startup_WithInvalidWebServiceSettings_FailsNamingEachKey()
    {
        await using var fake = await FakeMaxMindWebService.StartAsync();
        var config = WebServiceGate.Configuration(fake);
        config.Remove("ContentGate:Sources:0:LicenseKey");
        config["ContentGate:Sources:0:Service"] = "Precision";
        config["ContentGate:Sources:0:Timeout"] = "00:01:00";
        config["ContentGate:Sources:0:CountryHeader"] = "CF-IPCountry";
        using var host = GateServer.Build(config, null, null, out _);

        var error = await Assert.ThrowsAnyAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ContentGate:Sources:0:LicenseKey is not set", error.Message, StringComparison.Ordinal);
        Assert.Contains("user secrets", error.Message, StringComparison.Ordinal);
        Assert.Contains("ContentGate:Sources:0:Service: 'Precision'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ContentGate:Sources:0:Timeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("ContentGate:Sources:0:CountryHeader", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, fake.Calls);
    }
}
