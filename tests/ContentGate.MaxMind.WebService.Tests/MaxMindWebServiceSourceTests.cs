using System.Net;
using ContentGate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace ContentGate.MaxMind.WebService.Tests;

/// <summary>
/// The MaxMind web-service source through a real ContentGate pipeline, added as a user adds it
/// (<c>AddContentGate(…).AddMaxMindWebService()</c>), against a local fake of the documented web service (Kestrel on
/// 127.0.0.1). Nothing of MaxMind's client, HybridCache or Polly is mocked; the fake counts the calls that reach it.
/// </summary>
public sealed class MaxMindWebServiceSourceTests
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
        Assert.Equal($"UA AS64500|{Source}|None", await gate.RegionAsync(Fixtures.IPv4("UA")));
        Assert.Equal($"RU|{Source}|None", await gate.RegionAsync(Fixtures.IPv4("RU")));
        Assert.Equal($"DE|{Source}|None", await gate.RegionAsync(Fixtures.IPv4("DE")));

        // The policies act on those regions as on the database's.
        using var crimea = await gate.GetAsync("/", Fixtures.IPv4("UA-43"));
        using var kyiv = await gate.GetAsync("/", Fixtures.IPv4("UA-30"));
        using var kazakhstan = await gate.GetAsync("/articles/restricted-in-kazakhstan", Fixtures.IPv4("KZ"));
        Assert.Contains(WebServiceGate.Notice, await crimea.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(WebServiceGate.Page, await kyiv.Content.ReadAsStringAsync());
        Assert.Equal(451, (int)kazakhstan.StatusCode);

        // The City service by default, at the documented path, once per network.
        Assert.All(fake.Paths, path => Assert.StartsWith("/geoip/v2.1/city/", path, StringComparison.Ordinal));
        Assert.Equal(7, fake.Calls);
        Assert.Equal(Fixtures.IPv4("UA-43").ToString(), fake.Paths[0]["/geoip/v2.1/city/".Length..]);
        gate.AssertNoAddressLogged();
    }

    [Fact]
    public async Task NetworkRule_IsMatchedFromTheServicesAutonomousSystem_AndSurvivesTheCache()
    {
        await using var fake = await FakeMaxMindWebService.StartAsync();
        var config = WebServiceGate.Configuration(fake);
        config["ContentGate:RegionSets:russia-controlled:7"] = $"AS{FakeMaxMindWebService.UkrainianNetwork}";
        await using var gate = await WebServiceGate.StartAsync(config);

        using var first = await gate.GetAsync("/", Fixtures.IPv4("UA"));
        using var second = await gate.GetAsync("/", Fixtures.IPv4("UA"));
        using var kyiv = await gate.GetAsync("/", Fixtures.IPv4("UA-30"));

        Assert.Contains(WebServiceGate.Notice, await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(WebServiceGate.Notice, await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(WebServiceGate.Page, await kyiv.Content.ReadAsStringAsync());
        Assert.Equal(2, fake.Calls);
    }

    [Fact]
    public async Task NetworkRule_WithTheCountryService_StopsTheHost_ForCountryAnswersCarryNoNetwork()
    {
        await using var fake = await FakeMaxMindWebService.StartAsync();
        var config = WebServiceGate.Configuration(fake);
        config["ContentGate:Sources:0:Service"] = "Country";
        config["ContentGate:RegionSets:russia-controlled:7"] = "AS64500";
        using var host = WebServiceGate.Build(config, null, new LogCapture());

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("ContentGate:Sources: policy 'undesirable-organization' lists autonomous systems (such as AS12389), but no configured source gives them.", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, fake.Calls);
    }

    [Fact]
    public void CachedAnswer_WithANetwork_RoundTrips_AndAnOldFormStillReads()
    {
        var region = ContentGate.Regions.Region.Create("UA", "UA-43").WithAutonomousSystem(64500);

        Assert.Equal("UA UA-43 AS64500", WebServiceCall.Encode(region));
        Assert.True(WebServiceCall.TryDecode("UA UA-43 AS64500", out var decoded));
        Assert.Equal(region, decoded.Region);
        Assert.True(WebServiceCall.TryDecode("UA UA-43", out var old));
        Assert.Null(old.Region!.AutonomousSystemNumber);
        Assert.False(WebServiceCall.TryDecode("UA AS0", out _));
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
        Assert.Equal(CircuitState.Closed, gate.Source.Health.State);
        Assert.False(gate.Source.Health.Distributed);
        Assert.NotNull(gate.Source.Health.LastSuccessUtc);
        gate.AssertNoAddressLogged();
    }

    [Fact]
    public async Task Request_FromAnotherAddressOfTheAnsweredNetwork_IsAnsweredFromCache()
    {
        await using var fake = await FakeMaxMindWebService.StartAsync();
        await using var gate = await WebServiceGate.StartAsync(WebServiceGate.Configuration(fake));

        // The service says its answer holds for UA-40's /64 (IPv6) and /29 (IPv4): the whole network is answered.
        Assert.Equal($"UA UA-40|{Source}|None", await gate.RegionAsync(Fixtures.IPv6("UA-40", 1)));
        Assert.Equal($"UA UA-40|{Source}|None", await gate.RegionAsync(Fixtures.IPv6("UA-40", 4242)));
        Assert.Equal($"UA UA-40|{Source}|None", await gate.RegionAsync(Fixtures.IPv4("UA-40")));
        var second = Fixtures.Visitors.IPv4NetworkFor("UA-40").BaseAddress.GetAddressBytes();
        second[3] += 6;
        Assert.Equal($"UA UA-40|{Source}|None", await gate.RegionAsync(new IPAddress(second)));

        // A neighbour outside the network (the next /29, UA-14's) is asked about.
        Assert.Equal($"UA UA-14|{Source}|None", await gate.RegionAsync(Fixtures.IPv4("UA-14")));
        Assert.Equal(3, fake.Calls);
    }

    [Fact]
    public async Task Requests_ConcurrentFromOneNetwork_ShareOneCall()
    {
        await using var fake = await FakeMaxMindWebService.StartAsync();
        fake.Delay = TimeSpan.FromMilliseconds(500);
        await using var gate = await WebServiceGate.StartAsync(WebServiceGate.Configuration(fake));

        // 50 readers of one /64 at once, each from an address of its own.
        var answers = await Task.WhenAll(Enumerable.Range(1, 50).Select(i => gate.RegionAsync(Fixtures.IPv6("UA-14", i))));

        Assert.All(answers, answer => Assert.Equal($"UA UA-14|{Source}|None", answer));
        Assert.Equal(1, fake.Calls);
    }

    [Fact]
    public async Task Requests_ConcurrentForOneAddress_ShareOneCall()
    {
        await using var fake = await FakeMaxMindWebService.StartAsync();
        fake.Delay = TimeSpan.FromMilliseconds(500);
        await using var gate = await WebServiceGate.StartAsync(WebServiceGate.Configuration(fake));

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => gate.RegionAsync(Fixtures.IPv4("UA-09"))));

        Assert.All(answers, answer => Assert.Equal($"UA UA-09|{Source}|None", answer));
        Assert.Equal(1, fake.Calls);
    }

    [Fact]
    public async Task Request_WhenServiceIsSlow_TimesOutAndPoliciesApplyTheirFailModes()
    {
        await using var fake = await FakeMaxMindWebService.StartAsync();
        fake.Mode = FakeMaxMindWebService.Behavior.Slow;
        var config = WebServiceGate.Configuration(fake);
        config["ContentGate:Sources:0:Timeout"] = "00:00:00.100";
        await using var gate = await WebServiceGate.StartAsync(config);

        using var page = await gate.GetAsync("/", Fixtures.IPv4("DE"));
        using var article = await gate.GetAsync("/articles/restricted-in-kazakhstan", Fixtures.IPv4("KZ"));
        var region = await gate.RegionAsync(Fixtures.IPv4("DE"));

        // Notice policies apply to unknown visitors, Block policies skip them; the page never breaks.
        Assert.Contains(WebServiceGate.Notice, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, article.StatusCode);
        Assert.Equal("Unknown||LookupFailed", region);

        // Each visitor cost one abandoned call (a call cancelled at 100 ms may not reach the fake); nothing was cached.
        Assert.Equal(3, gate.Source.Health.Calls);
        Assert.Equal(new[] { "timeout", "timeout", "timeout" }, gate.Outcomes);
        Assert.Equal("timeout", gate.Source.Health.LastFailure);
        Assert.Equal(3, gate.Source.Health.ConsecutiveFailures);
        Assert.Equal(3, gate.Logs.Entries.Count(e => e.EventId.Name == "WebServiceCallFailed"));
        gate.AssertNoAddressLogged();
    }

    [Fact]
    public async Task Breaker_WhenServiceHangs_AnswersWithoutCalling_AppliesFailModes_LogsAndCounts()
    {
        await using var fake = await FakeMaxMindWebService.StartAsync();
        fake.Mode = FakeMaxMindWebService.Behavior.Slow;
        var config = WebServiceGate.Configuration(fake);
        // A second, not less: the fake counts a call when the request reaches it, and on a loaded machine a 200 ms
        // timeout could give up on a call before it got there (1 call counted where the breaker saw 2 failures).
        config["ContentGate:Sources:0:Timeout"] = "00:00:01";
        config["ContentGate:Sources:0:BreakerFailures"] = "2";
        config["ContentGate:Sources:0:BreakerDuration"] = "00:10:00";
        await using var gate = await WebServiceGate.StartAsync(config);

        for (var i = 0; i < 2; i++)
        {
            (await gate.GetAsync("/", Fixtures.IPv4("GB"))).Dispose();
        }

        var pages = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            using var page = await gate.GetAsync("/", Fixtures.IPv4("RU"));
            pages.Add(await page.Content.ReadAsStringAsync());
        }

        using var article = await gate.GetAsync("/articles/restricted-in-kazakhstan", Fixtures.IPv4("KZ"));

        // The outage cost two timed-out calls; then the breaker answered every visitor without a call.
        Assert.Equal(2, fake.Calls);
        Assert.Equal(101, gate.Outcomes.Count(o => o == "circuit_open"));
        Assert.All(pages, page => Assert.Contains(WebServiceGate.Notice, page, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, article.StatusCode);
        var opened = Assert.Single(gate.Logs.Entries, e => e.EventId.Name == "WebServiceBreakerOpened");
        Assert.Equal(LogLevel.Warning, opened.Level);
        var health = await gate.HealthAsync();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Equal("Open", health.Data["maxmind-web-service.state"]);
        Assert.Contains("Source 'maxmind-web-service':", health.Description, StringComparison.Ordinal);
        gate.AssertNoAddressLogged();
    }

    [Fact]
    public async Task Breaker_AfterItsDuration_LetsOneTrialThrough_AndClosesWhenTheServiceAnswers()
    {
        await using var fake = await FakeMaxMindWebService.StartAsync();
        fake.Mode = FakeMaxMindWebService.Behavior.Failing;
        var config = WebServiceGate.Configuration(fake);
        config["ContentGate:Sources:0:BreakerFailures"] = "3";
        config["ContentGate:Sources:0:BreakerDuration"] = "00:00:00.500";
        await using var gate = await WebServiceGate.StartAsync(config);
        var source = gate.Source;

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("Unknown||LookupFailed", await gate.RegionAsync(Fixtures.IPv4("DE")));
        }

        Assert.Equal(CircuitState.Open, source.Health.State);
        Assert.Equal(new[] { "error", "error", "error" }, gate.Outcomes);

        // The service recovers; once the break is over one trial call closes the breaker.
        fake.Mode = FakeMaxMindWebService.Behavior.Normal;
        await WebServiceGate.WaitUntilAsync(async () => await gate.RegionAsync(Fixtures.IPv4("US")) == $"US|{Source}|None", "a trial call succeeds");
        Assert.Equal(4, fake.Calls);
        Assert.Equal(CircuitState.Closed, source.Health.State);
        Assert.Equal(0, source.Health.ConsecutiveFailures);
        Assert.Equal(HealthStatus.Healthy, source.GetHealth().Status);
        Assert.Single(gate.Logs.Entries, e => e.EventId.Name == "WebServiceBreakerOpened");
        Assert.Single(gate.Logs.Entries, e => e.EventId.Name == "WebServiceBreakerClosed");
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
        using var page = await gate.GetAsync("/", Fixtures.IPv4("KZ"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(3, fake.Calls);
        Assert.Equal(new[] { "unauthorized", "unauthorized", "unauthorized" }, gate.Outcomes);
        var error = Assert.Single(gate.Logs.Entries, e => e.EventId.Name == "WebServiceUnauthorized");
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.DoesNotContain("revoked-key", error.ToString(), StringComparison.Ordinal);
        var report = gate.Source.GetHealth();
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.DoesNotContain("revoked-key", report.Description + string.Join(",", report.Data.Values), StringComparison.Ordinal);
        gate.AssertNoAddressLogged();
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
        config["ContentGate:Sources:0:Redis"] = "localhost:6379,password=hunter2";
        config["ContentGate:Sources:0:CacheDurration"] = "1.00:00:00";
        using var host = WebServiceGate.Build(config, null, new LogCapture());

        var error = await Assert.ThrowsAnyAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ContentGate:Sources:0:LicenseKey is not set", error.Message, StringComparison.Ordinal);
        Assert.Contains("user secrets", error.Message, StringComparison.Ordinal);
        Assert.Contains("ContentGate:Sources:0:Service: 'Precision'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ContentGate:Sources:0:Timeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("ContentGate:Sources:0:CountryHeader: does not apply", error.Message, StringComparison.Ordinal);
        Assert.Contains("ContentGate:Sources:0:Redis: the web-service source no longer connects to Redis itself", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddStackExchangeRedisCache", error.Message, StringComparison.Ordinal);
        Assert.Contains("ContentGate:Sources:0:CacheDurration: 'CacheDurration' is not a setting of a MaxMindWebService source. Did you mean 'CacheDuration'?", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, fake.Calls);
    }

    [Fact]
    public async Task Startup_WithDistributedCacheButNoSecret_FailsNamingTheKeyAndFix()
    {
        await using var fake = await FakeMaxMindWebService.StartAsync();
        using var host = WebServiceGate.Build(WebServiceGate.Configuration(fake), s => s.AddStackExchangeRedisCache(o => o.Configuration = "127.0.0.1:1"), new LogCapture());

        var error = await Assert.ThrowsAnyAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ContentGate:Sources:0:CacheKeySecret is not set, but the app registers a distributed cache", error.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", error.Message, StringComparison.Ordinal);
    }
}
