using ContentGate.Sources;
using ContentGate.Sources.WebService;

namespace ContentGate.Tests.Sources.WebService;

/// <summary>Start-up validation of a <c>MaxMindWebService</c> source: every problem names the key, the value and the fix.</summary>
public sealed class WebServiceSettingsTests
{
    private const string Key = "ContentGate:Sources:1";

    private static RegionSourceOptions Valid() => new()
    {
        Type = RegionSourceType.MaxMindWebService,
        AccountId = 42,
        LicenseKey = "secret-license-key",
    };

    private static (WebServiceSettings? Settings, List<string> Problems) Create(Action<RegionSourceOptions> change)
    {
        var options = Valid();
        change(options);
        var problems = new List<string>();
        return (WebServiceSettings.TryCreate(options, Key, problems), problems);
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
        Assert.Null(settings.Redis);
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
        Assert.Contains("geoip.maxmind.com", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("country", "Country")]
    [InlineData("City", "City")]
    [InlineData("INSIGHTS", "Insights")]
    public void Service_IsMatchedByName(string value, string expected)
        => Assert.Equal(expected, Create(o => o.Service = value).Settings!.Service.ToString());

    public static TheoryData<string, Action<RegionSourceOptions>, string[]> Problems() => new()
    {
        { "no account", o => o.AccountId = null, [$"{Key}:AccountId is not set"] },
        { "zero account", o => o.AccountId = 0, [$"{Key}:AccountId: '0' is not a MaxMind account id"] },
        { "no key", o => o.LicenseKey = null, [$"{Key}:LicenseKey is not set", "user secrets", "ContentGate__Sources__1__LicenseKey"] },
        { "blank key", o => o.LicenseKey = "  ", [$"{Key}:LicenseKey is not set"] },
        { "number as service", o => o.Service = "1", [$"{Key}:Service: '1' is not a MaxMind web service", "\"City\""] },
        { "unknown service", o => o.Service = "Precision", [$"{Key}:Service: 'Precision'"] },
        { "timeout too short", o => o.Timeout = TimeSpan.FromMilliseconds(5), [$"{Key}:Timeout: '00:00:00.0050000' is outside 10 ms to 10 s"] },
        { "timeout too long", o => o.Timeout = TimeSpan.FromSeconds(30), [$"{Key}:Timeout: '00:00:30' is outside 10 ms to 10 s"] },
        { "no caching", o => o.CacheDuration = TimeSpan.Zero, [$"{Key}:CacheDuration: '00:00:00' is outside 1 s to 30 days"] },
        { "breaker at zero", o => o.BreakerFailures = 0, [$"{Key}:BreakerFailures: '0' is outside 1 to 1000"] },
        { "breaker too short", o => o.BreakerDuration = TimeSpan.FromMilliseconds(10), [$"{Key}:BreakerDuration: '00:00:00.0100000' is outside 100 ms to 1 hour"] },
        { "trusted networks", o => o.TrustedNetworks.Add("173.245.48.0/20"), [$"{Key}:TrustedNetworks: does not apply to a MaxMindWebService source"] },
        { "country header", o => o.CountryHeader = "CF-IPCountry", [$"{Key}:CountryHeader: 'CF-IPCountry' does not apply"] },
        { "region header", o => o.RegionHeader = "X-Region", [$"{Key}:RegionHeader: 'X-Region' does not apply"] },
        { "empty redis", o => o.Redis = " ", [$"{Key}:Redis is empty"] },
        { "redis without server", o => o.Redis = "password=hunter2", [$"{Key}:Redis names no server"] },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Settings_WithMistake_ReportOneProblemNamingTheKey(string mistake, Action<RegionSourceOptions> change, string[] expected)
    {
        var (settings, problems) = Create(change);

        Assert.Null(settings);
        var problem = Assert.Single(problems);
        foreach (var part in expected)
        {
            Assert.True(problem.Contains(part, StringComparison.Ordinal), $"{mistake}: expected \"{part}\" in: {problem}");
        }

        Assert.DoesNotContain("secret-license-key", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_WithSeveralMistakes_ReportEveryOne()
    {
        var (_, problems) = Create(o =>
        {
            o.AccountId = null;
            o.LicenseKey = null;
            o.Service = "Precision";
        });

        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void Redis_IsMadeToFailFast()
    {
        var settings = Create(o => o.Redis = "redis.internal:6379,password=hunter2").Settings!;

        Assert.False(settings.Redis!.AbortOnConnectFail);
        Assert.Same(StackExchange.Redis.BacklogPolicy.FailFast, settings.Redis.BacklogPolicy);
    }
}
