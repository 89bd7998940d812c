using System.Net;
using ContentGate.Regions;
using ContentGate.Sources;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace ContentGate.MaxMind.WebService.Tests;

/// <summary>
/// One instance of a site that runs on several: a real <see cref="WebApplication"/> on Kestrel at 127.0.0.1, built as
/// the README's "Several instances" section says (the lines between the <c>README</c> markers are that section's
/// snippet, word for word; <see cref="SeveralInstancesTests"/> checks they stay so). Its configuration is the
/// <c>appsettings.json</c> of the content root it is given, which every instance of the site loads (reloaded on
/// change, as <c>WebApplication.CreateBuilder</c> does), plus the secrets production keeps in environment variables.
/// Readers arrive through the load balancer, which is on loopback here: the framework trusts loopback as well as the
/// load balancers' network the snippet adds, so the test runs the snippet's forwarded-headers setup unchanged.
/// </summary>
internal sealed class SiteInstance : IAsyncDisposable
{
    public const string Page = "<!DOCTYPE html><html><head><title>Article</title></head><body><h1>Headline</h1></body></html>";

    private readonly WebApplication _app;
    private readonly IConnectionMultiplexer _redis;

    private SiteInstance(WebApplication app, IConnectionMultiplexer redis, LogCapture logs)
    {
        _app = app;
        _redis = redis;
        Logs = logs;
        Address = new Uri(app.Urls.Single());
    }

    /// <summary>Where the instance listens, <c>http://127.0.0.1:port/</c>.</summary>
    public Uri Address { get; }

    public LogCapture Logs { get; }

    /// <summary>The web-service source the instance's current configuration compiled to.</summary>
    public MaxMindWebServiceSource WebService
        => ((MaxMindWebServiceSourceFactory)_app.Services.GetRequiredKeyedService<IRegionSourceFactory>("MaxMindWebService")).Latest!;

    /// <param name="contentRoot">The folder holding the site's shared <c>appsettings.json</c>.</param>
    /// <param name="secrets">What production gives in environment variables: the Redis connection string, the web service's credentials and <c>CacheKeySecret</c>.</param>
    public static async Task<SiteInstance> StartAsync(string contentRoot, IDictionary<string, string?> secrets)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ContentRootPath = contentRoot,
            ApplicationName = typeof(SiteInstance).Assembly.GetName().Name,
        });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(secrets);
        var logs = new LogCapture();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(logs);

        // README: several instances
        // One connection to the Redis every instance shares (ConnectionStrings:Redis, e.g. "redis.internal:6379,password=…").
        var redis = await ConnectionMultiplexer.ConnectAsync(builder.Configuration.GetConnectionString("Redis")!);

        // Acknowledgment cookies: one key ring for every instance, under one application name.
        builder.Services.AddDataProtection()
            .SetApplicationName("meridian-web")
            .PersistKeysToStackExchangeRedis(redis, "meridian-web:data-protection-keys");

        // Web-service answers: the app's distributed cache, shared by every instance (with the same CacheKeySecret).
        builder.Services.AddStackExchangeRedisCache(options =>
        {
            options.ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(redis);
            options.InstanceName = "meridian-web:";
        });

        builder.Services.AddContentGate().AddMaxMindWebService();

        // Readers come through the load balancers: trust their X-Forwarded-For, and nobody else's.
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse("10.0.0.0/8"));  // your load balancers
            options.ForwardLimit = 1;
        });

        var app = builder.Build();
        app.UseForwardedHeaders();
        app.UseContentGate();
        // README: end

        app.MapGet("/", () => Results.Content(Page, "text/html"));
        app.MapGet("/articles/{name}", (string name) => Results.Content(Page, "text/html"));
        app.MapGet("/region", (HttpContext context) =>
        {
            var feature = context.Features.Get<IRegionFeature>()!;
            return $"{feature.Region}|{feature.Source}";
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            await redis.DisposeAsync();
            throw;
        }

        return new SiteInstance(app, redis, logs);
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
