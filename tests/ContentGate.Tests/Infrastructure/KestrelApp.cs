using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace ContentGate.Tests.Infrastructure;

/// <summary>
/// An app written as users write one — <c>WebApplication.CreateBuilder</c>, the pipeline in the test's own order —
/// served by Kestrel on 127.0.0.1 and called over real sockets. Readers arrive as through a local reverse proxy: the
/// connection comes from 127.0.0.1 and the reader's address is in <c>X-Forwarded-For</c>, which only the framework's
/// forwarded-headers middleware (placed by the test, or not) turns into the connection's remote address.
/// </summary>
internal sealed class KestrelApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelApp(WebApplication app, LogCapture logs, Uri address)
    {
        _app = app;
        Logs = logs;
        Client = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            AllowAutoRedirect = false,

            // One connection, so SettleAsync follows the requests before it on the same connection.
            MaxConnectionsPerServer = 1,
        })
        {
            BaseAddress = address,
        };
    }

    public HttpClient Client { get; }

    public LogCapture Logs { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The forwarded-headers options a site behind a local reverse proxy uses: the framework's defaults trust loopback only.</summary>
    public static ForwardedHeadersOptions LocalProxy => new() { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };

    public static async Task<KestrelApp> StartAsync(
        IDictionary<string, string?> configuration,
        Action<WebApplication> pipeline,
        Action<WebApplicationBuilder>? services = null,
        string? contentRoot = null,
        bool addContentGate = true)
    {
        var logs = new LogCapture();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ContentRootPath = contentRoot ?? AppContext.BaseDirectory,
            ApplicationName = typeof(KestrelApp).Assembly.GetName().Name,
        });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        if (addContentGate)
        {
            builder.Services.AddContentGate(builder.Configuration.GetSection("ContentGate"));
        }

        builder.Services.AddHealthChecks().AddContentGate();
        services?.Invoke(builder);

        var app = builder.Build();
        pipeline(app);
        await app.StartAsync();
        return new KestrelApp(app, logs, new Uri(app.Urls.First()));
    }

    public Task<HttpResponseMessage> GetAsync(string path, IPAddress? reader, Action<HttpRequestMessage>? configure = null)
        => SendAsync(HttpMethod.Get, path, reader, configure);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, IPAddress? reader, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (reader is not null)
        {
            request.Headers.Add("X-Forwarded-For", reader.ToString());
        }

        configure?.Invoke(request);
        return await Client.SendAsync(request);
    }

    /// <summary>
    /// Returns once the server has finished every earlier request in full. A client can read a whole response before
    /// the middleware that sent it has returned (ContentGate's checks after the rest of the pipeline run then), but
    /// Kestrel handles the requests of one HTTP/1.1 connection in turn: one more request on the same connection cannot
    /// be answered before the previous one is done.
    /// </summary>
    public async Task SettleAsync()
    {
        using var response = await Client.GetAsync("/_contentgate/contentgate.css");
        await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The ContentGate health check's verdict, as the app's health endpoint would report it.</summary>
    public async Task<HealthReportEntry> HealthAsync()
    {
        var report = await Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries["contentgate"];
    }

    /// <summary>The body, decoded from its <c>Content-Encoding</c> (br, gzip or none), as text.</summary>
    public static async Task<string> ReadTextAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var encoding = response.Content.Headers.ContentEncoding.SingleOrDefault();
        Stream decoded = encoding switch
        {
            null => new MemoryStream(bytes),
            "br" => new BrotliStream(new MemoryStream(bytes), CompressionMode.Decompress),
            "gzip" => new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress),
            _ => throw new InvalidOperationException($"Unexpected Content-Encoding {encoding}."),
        };
        using var reader = new StreamReader(decoded);
        return await reader.ReadToEndAsync();
    }

    public static int Count(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
