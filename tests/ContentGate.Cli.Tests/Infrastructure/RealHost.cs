using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContentGate.Cli.Tests.Infrastructure;

/// <summary>
/// An app as the sample writes it (WebApplication, AddContentGate with the MaxMind web service, UseContentGate) with its content root
/// in an app folder, started on Kestrel (127.0.0.1, any free port): what <c>contentgate check</c> must agree with.
/// </summary>
internal static class RealHost
{
    /// <summary>
    /// Starts and stops the app. Returns <see langword="null"/> when it started, or the problems it refused to start
    /// with (the failures of the exception that stopped <c>StartAsync</c>).
    /// </summary>
    public static async Task<IReadOnlyList<string>?> TryStartAsync(string contentRoot, string environment = "Production", params string[] extraJsonFiles)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = contentRoot,
            EnvironmentName = environment,
            Args = [],
        });
        foreach (var file in extraJsonFiles)
        {
            builder.Configuration.AddJsonFile(file, optional: false, reloadOnChange: false);
        }

        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // As the sample: the MaxMind web service is a package of its own, registered beside ContentGate.
        builder.Services.AddContentGate(builder.Configuration.GetSection("ContentGate")).AddMaxMindWebService();
        await using var app = builder.Build();
        app.UseContentGate();
        app.MapGet("/", () => "page");
        try
        {
            await app.StartAsync();
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures];
        }

        await app.StopAsync();
        return null;
    }
}
