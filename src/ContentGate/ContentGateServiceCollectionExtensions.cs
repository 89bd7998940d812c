using ContentGate;
using ContentGate.Configuration;
using ContentGate.Diagnostics;
using ContentGate.Endpoints;
using ContentGate.Hosting;
using ContentGate.MaxMind;
using ContentGate.Actions.Notices;
using ContentGate.Preview;
using ContentGate.ReaderChoices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds ContentGate's services.</summary>
public static class ContentGateServiceCollectionExtensions
{
    /// <summary>
    /// Adds ContentGate configured from the <c>ContentGate</c> section of the app's configuration (the
    /// <see cref="IConfiguration"/> registered in the services, which <c>WebApplication.CreateBuilder</c> and every
    /// host register). Options are validated when the host starts, and edits to the section are picked up without a
    /// restart, as with <see cref="AddContentGate(IServiceCollection, IConfiguration)"/>.
    /// </summary>
    /// <remarks>
    /// A configuration without the section (or with an empty one) stops the host at start-up: a misspelt section name
    /// would otherwise start an app that applies no rule. To start with no policies on purpose, write
    /// <c>"ContentGate": { "Policies": {} }</c>.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder for further configuration.</returns>
    public static ContentGateBuilder AddContentGate(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        // The configuration is the app's, known only once the service provider exists: both the binding and the
        // change token read it from there, as OptionsBuilder.BindConfiguration does.
        AddCore(services);
        services.AddSingleton<IConfigureOptions<ContentGateOptions>>(sp => new ConfigureNamedOptions<ContentGateOptions>(
            Options.Options.DefaultName,
            options => ContentGateConfigurationBinder.Bind(AppSection(sp), options)));
        services.AddSingleton<IOptionsChangeTokenSource<ContentGateOptions>>(sp =>
            new ConfigurationChangeTokenSource<ContentGateOptions>(Options.Options.DefaultName, AppSection(sp)));
        return new ContentGateBuilder(services);
    }

    /// <summary>
    /// Adds ContentGate configured from a configuration section, usually
    /// <c>builder.Configuration.GetSection("ContentGate")</c>. Options are validated when the host starts.
    /// </summary>
    /// <remarks>
    /// A section that does not exist (or is empty) stops the host at start-up: a misspelt section name would
    /// otherwise start an app that applies no rule. To start with no policies on purpose, write
    /// <c>"ContentGate": { "Policies": {} }</c>.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The <c>ContentGate</c> configuration section.</param>
    /// <returns>A builder for further configuration.</returns>
    public static ContentGateBuilder AddContentGate(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        AddCore(services).Configure(options => ContentGateConfigurationBinder.Bind(configuration, options));
        services.AddSingleton<IOptionsChangeTokenSource<ContentGateOptions>>(new ConfigurationChangeTokenSource<ContentGateOptions>(Options.Options.DefaultName, configuration));
        return new ContentGateBuilder(services);
    }

    /// <summary>Adds ContentGate configured in code. Options are validated when the host starts.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for further configuration.</returns>
    public static ContentGateBuilder AddContentGate(this IServiceCollection services, Action<ContentGateOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        AddCore(services).Configure(configure);
        return new ContentGateBuilder(services);
    }

    private static IConfigurationSection AppSection(IServiceProvider services)
        => (services.GetService<IConfiguration>() ?? throw new InvalidOperationException(
                "AddContentGate() binds the 'ContentGate' section of the app's IConfiguration, but no IConfiguration is registered in the services. " +
                "Pass the section instead: AddContentGate(configuration.GetSection(\"ContentGate\"))."))
            .GetSection(ContentGateDefaults.SectionName);

    private static OptionsBuilder<ContentGateOptions> AddCore(IServiceCollection services)
    {
        services.AddLogging();
        services.AddMetrics();
        services.AddDataProtection();
        services.TryAddSingleton<ContentGateMarkerService>();
        services.TryAddSingleton<ContentGateMetrics>();
        services.TryAddSingleton<MaxMindDatabaseCache>();
        services.TryAddSingleton<GateCompiler>();
        services.TryAddSingleton<ContentGateRuntime>();
        services.TryAddSingleton<ContentGateEndpoints>();
        services.TryAddSingleton<AcknowledgmentCookies>();
        services.TryAddSingleton<PipelineDiagnostics>();
        services.TryAddSingleton<EndpointRuleIndex>();
        services.TryAddSingleton<NoticeRunner>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, BypassDetectionStartupFilter>());
        services.TryAddSingleton(sp => new RegionPreview(sp.GetService<IHostEnvironment>(), sp.GetService<IAuthorizationService>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ContentGateStartupCheck>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ContentGateEndpointValidator>());
        return services.AddOptions<ContentGateOptions>();
    }
}
