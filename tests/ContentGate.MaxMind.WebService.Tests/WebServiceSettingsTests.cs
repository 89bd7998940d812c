using ContentGate.MaxMind.WebService;

namespace ContentGate.MaxMind.WebService.Tests;

/// <summary>
/// Start-up validation of one <c>MaxMindWebService</c> source, field by field: every problem names the key, the value
/// and the fix, never the license key or the cache key secret. (The start-up test in
/// <see cref="MaxMindWebServiceSourceTests"/> checks that these problems stop a real host; this one covers each rule.)
/// </summary>
public sealed class WebServiceSettingsTests
{
    private const string Key = "ContentGate:Sources:1";

    private static (WebServiceSettings? Settings, List<string> Problems) Create(Action<MaxMindWebServiceOptions> change, bool shared = false)
    {
        var options = new MaxMindWebServiceOptions { AccountId = 42, LicenseKey = "secret-license-key" };
        change(options);
        var problems = new List<string>();
        return (WebServiceSettings.TryCreate(options, Key, shared, problems), problems);
    }

    [Fact]
    public void Settings_WithAccountAndKeyOnly_UseTheDocumentedDefaults()
    {
        var (settings, problems) = Create(_ => { });

        Assert.Empty(problems);
        Assert.NotNull(settings);
        Assert.Equal("geoip.maxmind.com", settings.Host);
        Assert.False(settings.UseHttp);
        Assert.Equal(WebServiceKind.City, settings.Service);
        Assert.Equal(TimeSpan.FromDays(1), settings.CacheDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(300), settings.Timeout);
        Assert.Equal(5, settings.BreakerFailures);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.BreakerDuration);
        Assert.Null(settings.CacheKeySecret);
        Assert.DoesNotContain("secret-license-key", settings.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("geoip.maxmind.com", "geoip.maxmind.com", false)]
    [InlineData("geolite.info", "geolite.info", false)]
    [InlineData("proxy.internal:8443", "proxy.internal:8443", false)]
    [InlineData("127.0.0.1:5123", "127.0.0.1:5123", true)]
    [InlineData("localhost:5123", "localhost:5123", true)]
    [InlineData("[::1]:5123", "[::1]:5123", true)]
    public void Host_WithOptionalPort_IsHttpsUnlessLoopback(string host, string expected, bool http)
    {
        var (settings, problems) = Create(o => o.Host = host);

        Assert.Empty(problems);
        Assert.Equal(expected, settings!.Host);
        Assert.Equal(http, settings.UseHttp);
    }

    [Theory]
    [InlineData("https://geoip.maxmind.com")]
    [InlineData("geoip.maxmind.com/geoip/v2.1")]
    [InlineData("user:pass@geoip.maxmind.com")]
    [InlineData(" ")]
    [InlineData("geoip.maxmind.com:99999")]
    public void Host_ThatIsNotAHost_IsAProblem(string host)
    {
        var (settings, problems) = Create(o => o.Host = host);

        Assert.Null(settings);
        var problem = Assert.Single(problems);
        Assert.StartsWith($"{Key}:Host: '{host}' is not a host.", problem, StringComparison.Ordinal);
        Assert.Contains("without a scheme or path", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("country", "Country")]
    [InlineData("City", "City")]
    [InlineData(" INSIGHTS ", "Insights")]
    public void Service_IsMatchedByNameInAnyCase(string value, string expected)
    {
        var (settings, problems) = Create(o => o.Service = value);

        Assert.Empty(problems);
        Assert.Equal(expected, settings!.Service.ToString());
    }

    public static TheoryData<string, Action<MaxMindWebServiceOptions>, string[]> Problems() => new()
    {
        { "no account", o => o.AccountId = null, [$"{Key}:AccountId is not set"] },
        { "zero account", o => o.AccountId = 0, [$"{Key}:AccountId: '0' is not a MaxMind account id"] },
        { "no key", o => o.LicenseKey = null, [$"{Key}:LicenseKey is not set", "user secrets", "ContentGate__Sources__1__LicenseKey"] },
        { "blank key", o => o.LicenseKey = "  ", [$"{Key}:LicenseKey is not set"] },
        { "number as service", o => o.Service = "1", [$"{Key}:Service: '1' is not a MaxMind web service", "\"City\""] },
        { "two services", o => o.Service = "City, Country", [$"{Key}:Service: 'City, Country' is not a MaxMind web service"] },
        { "unknown service", o => o.Service = "Precision", [$"{Key}:Service: 'Precision'"] },
        { "timeout too short", o => o.Timeout = TimeSpan.FromMilliseconds(5), [$"{Key}:Timeout: '00:00:00.0050000'"] },
        { "timeout too long", o => o.Timeout = TimeSpan.FromSeconds(30), [$"{Key}:Timeout: '00:00:30'"] },
        { "no caching", o => o.CacheDuration = TimeSpan.Zero, [$"{Key}:CacheDuration: '00:00:00'"] },
        { "caching too long", o => o.CacheDuration = TimeSpan.FromDays(31), [$"{Key}:CacheDuration: '31.00:00:00'"] },
        { "breaker at one", o => o.BreakerFailures = 1, [$"{Key}:BreakerFailures: '1' is outside 2 to 1000"] },
        { "breaker too many", o => o.BreakerFailures = 1001, [$"{Key}:BreakerFailures: '1001' is outside 2 to 1000"] },
        { "breaker too short", o => o.BreakerDuration = TimeSpan.FromMilliseconds(100), [$"{Key}:BreakerDuration: '00:00:00.1000000'"] },
        { "breaker too long", o => o.BreakerDuration = TimeSpan.FromHours(2), [$"{Key}:BreakerDuration: '02:00:00'"] },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Settings_WithMistake_ReportOneProblemNamingTheKey_AndNoSecret(string mistake, Action<MaxMindWebServiceOptions> change, string[] expected)
    {
        var (settings, problems) = Create(change);

        Assert.Null(settings);
        var problem = Assert.Single(problems);
        foreach (var part in expected)
        {
            Assert.True(problem.Contains(part, StringComparison.Ordinal), $"{mistake}: expected \"{part}\" in: {problem}");
        }

        Assert.DoesNotContain("secret-license-key", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_WithSeveralMistakes_ReportEveryOne()
    {
        var (settings, problems) = Create(o =>
        {
            o.AccountId = null;
            o.LicenseKey = null;
            o.Service = "Precision";
            o.Timeout = TimeSpan.FromMinutes(1);
        });

        Assert.Null(settings);
        Assert.Equal(4, problems.Count);
    }

    [Fact]
    public void SharedCache_WithoutASecret_IsAProblem_AndWithOne_KeepsIt()
    {
        var (_, missing) = Create(_ => { }, shared: true);
        var secret = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var (settings, problems) = Create(o => o.CacheKeySecret = secret, shared: true);

        Assert.Contains(missing, p => p.StartsWith($"{Key}:CacheKeySecret is not set", StringComparison.Ordinal));
        Assert.Empty(problems);
        Assert.Equal(secret, settings!.CacheKeySecret);
        Assert.DoesNotContain(secret, settings.ToString(), StringComparison.Ordinal);
    }
}
