using System.Globalization;
using System.Text.Json.Nodes;
using ContentGate.Testing.MaxMind;

namespace ContentGate.MaxMind.WebService.Tests;

/// <summary>
/// A site on two instances, A and B, as production runs one: one <c>appsettings.json</c> both load (reloaded on
/// change), a real <c>redis-server</c> both use for the Data Protection key ring and the web-service cache, the same
/// secrets. The region sources are a real <c>.mmdb</c> file that knows the book's IPv4 networks only, then the (fake)
/// MaxMind web service, which answers for the IPv6 ones. With <c>redisOfTheirOwn</c>, each instance gets a Redis of
/// its own instead, and so a key ring and a cache of its own: the control that shows what the sharing does.
/// </summary>
internal sealed class SharedSite : IAsyncDisposable
{
    public const string CacheKeySecret = "a-test-secret-of-at-least-32-characters-0123456789";
    public const string NoticeV1 = "<p>Warning for visitors in Russia-controlled regions.</p>";
    public const string NoticeV2 = "<p>Updated warning for visitors in Russia-controlled regions.</p>";

    private readonly string _contentRoot;
    private readonly List<RedisServer> _redis;

    private SharedSite(string contentRoot, List<RedisServer> redis, FakeMaxMindWebService webService, SiteInstance a, SiteInstance b)
    {
        _contentRoot = contentRoot;
        _redis = redis;
        WebService = webService;
        A = a;
        B = b;
    }

    public SiteInstance A { get; }

    public SiteInstance B { get; }

    public FakeMaxMindWebService WebService { get; }

    /// <summary>The Redis instance A uses (and B too, unless each has its own).</summary>
    public RedisServer Redis => _redis[0];

    public static async Task<SharedSite> StartAsync(bool redisOfTheirOwn = false)
    {
        var contentRoot = Directory.CreateTempSubdirectory("contentgate-instances-").FullName;
        var redis = new List<RedisServer>();
        FakeMaxMindWebService? webService = null;
        SiteInstance? a = null;
        try
        {
            var database = GeoDatabaseBuilder.City();
            foreach (var region in Fixtures.AllRegions)
            {
                database.Add(Fixtures.Visitors.IPv4NetworkFor(region), new GeoRecord(region[..2], region.Length > 2 ? [region] : []));
            }

            Directory.CreateDirectory(Path.Combine(contentRoot, "App_Data"));
            database.WriteTo(Path.Combine(contentRoot, "App_Data", "city.mmdb"));

            webService = await FakeMaxMindWebService.StartAsync();
            WriteSettings(contentRoot, Settings(webService, NoticeV1, germanCourtOrder: false));

            redis.Add(await RedisServer.StartAsync());
            // A starts first and makes the key ring's first key; B, starting after it, finds that key in Redis.
            a = await SiteInstance.StartAsync(contentRoot, Secrets(redis[0]));
            if (redisOfTheirOwn)
            {
                redis.Add(await RedisServer.StartAsync());
            }

            var b = await SiteInstance.StartAsync(contentRoot, Secrets(redis[^1]));
            return new SharedSite(contentRoot, redis, webService, a, b);
        }
        catch
        {
            await DisposeAllAsync(contentRoot, redis, webService, a, null);
            throw;
        }
    }

    /// <summary>Rewrites the shared <c>appsettings.json</c> as a deployment does: a new file renamed over the old one.</summary>
    public void EditSettings(string noticeHtml, bool germanCourtOrder)
        => WriteSettings(_contentRoot, Settings(WebService, noticeHtml, germanCourtOrder));

    /// <summary>
    /// The shared file: the database, then the web service (its credentials and secret are not here but in
    /// <see cref="Secrets"/>); a dismissible notice for Russia-controlled regions everywhere, an acknowledgment before
    /// <c>/articles/investigation</c>, and, when asked, a court order that blocks one article in Germany.
    /// </summary>
    private static JsonObject Settings(FakeMaxMindWebService webService, string noticeHtml, bool germanCourtOrder)
    {
        var policies = new JsonObject
        {
            ["undesirable-organization"] = new JsonObject
            {
                ["Regions"] = new JsonArray("russia-controlled"),
                ["Action"] = "Notice",
                ["Notice"] = new JsonObject { ["Html"] = noticeHtml, ["Dismissible"] = true },
            },
            ["investigations"] = new JsonObject
            {
                ["Regions"] = new JsonArray("russia-controlled"),
                ["Paths"] = new JsonArray("/articles/investigation"),
                ["Action"] = "Acknowledge",
                ["Acknowledge"] = new JsonObject { ["Label"] = "Before you read", ["Html"] = "<p>Read this first.</p>" },
            },
        };
        if (germanCourtOrder)
        {
            policies["de-court-order"] = new JsonObject
            {
                ["Regions"] = new JsonArray("DE"),
                ["Paths"] = new JsonArray("/articles/restricted-in-germany"),
                ["Action"] = "Block",
                ["Block"] = new JsonObject { ["BlockedBy"] = "https://example.org/legal" },
            };
        }

        return new JsonObject
        {
            ["ContentGate"] = new JsonObject
            {
                ["MaxMind"] = new JsonObject { ["DatabasePath"] = "App_Data/city.mmdb" },
                ["Sources"] = new JsonArray(
                    new JsonObject { ["Type"] = "MaxMindDatabase" },
                    new JsonObject { ["Type"] = "MaxMindWebService", ["Service"] = "City", ["Host"] = webService.Host, ["Timeout"] = "00:00:05" }),
                ["RegionSets"] = new JsonObject
                {
                    ["russia-controlled"] = new JsonArray("RU", "UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65"),
                },
                ["Policies"] = policies,
            },
        };
    }

    /// <summary>What production keeps out of <c>appsettings.json</c>, in environment variables: the same on every instance.</summary>
    private static Dictionary<string, string?> Secrets(RedisServer redis) => new()
    {
        ["ConnectionStrings:Redis"] = redis.Configuration,
        ["ContentGate:Sources:1:AccountId"] = FakeMaxMindWebService.AccountId.ToString(CultureInfo.InvariantCulture),
        ["ContentGate:Sources:1:LicenseKey"] = FakeMaxMindWebService.LicenseKey,
        ["ContentGate:Sources:1:CacheKeySecret"] = CacheKeySecret,
    };

    private static void WriteSettings(string contentRoot, JsonObject settings)
    {
        var path = Path.Combine(contentRoot, "appsettings.json");
        var next = path + ".next";
        File.WriteAllText(next, settings.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        File.Move(next, path, overwrite: true);
    }

    public ValueTask DisposeAsync() => DisposeAllAsync(_contentRoot, _redis, WebService, A, B);

    private static async ValueTask DisposeAllAsync(string contentRoot, List<RedisServer> redis, FakeMaxMindWebService? webService, SiteInstance? a, SiteInstance? b)
    {
        foreach (var instance in new[] { b, a })
        {
            if (instance is not null)
            {
                await instance.DisposeAsync();
            }
        }

        if (webService is not null)
        {
            await webService.DisposeAsync();
        }

        redis.ForEach(r => r.Dispose());
        Directory.Delete(contentRoot, recursive: true);
    }
}
