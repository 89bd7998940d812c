using System.Net;
using ContentGate.Endpoints;
using ContentGate.Hosting;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static ContentGate.Tests.Infrastructure.StartupErrors;

namespace ContentGate.Tests.Hosting;

/// <summary>An endpoint that names a policy that does not exist stops the host, on a real host.</summary>
public sealed class ContentGateEndpointValidatorTests
{
    // AddContentGate registers the validator; registering it again here keeps these tests about the validator
    // itself (AddHostedService does not add a second one).
    private static void Services(IServiceCollection services) => services.AddHostedService<ContentGateEndpointValidator>();

    private static async Task<string> StartupError(Action<IEndpointRouteBuilder> endpoints)
    {
        using var host = GateServer.Build(GateServer.ContractConfiguration(), endpoints, Services, out _);
        var error = await Assert.ThrowsAnyAsync<OptionsValidationException>(() => host.StartAsync());
        return error.Message;
    }

    [Fact]
    public async Task Startup_WithEndpointNamingUnknownPolicy_FailsNamingEndpointPolicyAndDefinedOnes()
    {
        var message = await StartupError(e => e.MapGet("/articles/{slug}", () => "article").RequireRegionPolicy("kz-court-ordr"));

        AssertMentions(
            message,
            "ContentGate configuration is invalid",
            "Endpoint 'HTTP: GET /articles/{slug}' requires region policy 'kz-court-ordr', which is not defined under ContentGate:Policies.",
            "Did you mean 'kz-court-order'?",
            "Defined policies: 'kz-court-order', 'undesirable-organization'.",
            "Define ContentGate:Policies:kz-court-ordr, or correct the name");
    }

    [Fact]
    public async Task Startup_WithSeveralBadEndpoints_ListsEveryProblemOnce()
    {
        var message = await StartupError(e =>
        {
            e.MapGet("/a", () => "a").RequireRegionPolicy("first-missing", "undesirable-organization");
            e.MapGet("/b", () => "b").RequireRegionPolicy("second-missing");
            e.MapGet("/ok", () => "ok").RequireRegionPolicy("kz-court-order");
        });

        AssertMentions(message, "'HTTP: GET /a' requires region policy 'first-missing'", "'HTTP: GET /b' requires region policy 'second-missing'");
        Assert.DoesNotContain("/ok", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Did you mean", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_WithRouteGroupNamingUnknownPolicy_NamesEveryEndpointInIt()
    {
        var message = await StartupError(e =>
        {
            var group = e.MapGroup("/investigations").RequireRegionPolicy("undesirable-organisation");
            group.MapGet("/", () => "list");
            group.MapGet("/{slug}", () => "one");
        });

        AssertMentions(message, "'HTTP: GET /investigations/' requires", "'HTTP: GET /investigations/{slug}' requires", "Did you mean 'undesirable-organization'?");
    }

    [Fact]
    public async Task Startup_WithEndpointThatBothNamesPoliciesAndSkipsContentGate_Fails()
    {
        var message = await StartupError(e => e.MapGet("/health", () => "ok").RequireRegionPolicy("kz-court-order").SkipContentGate());

        AssertMentions(message, "Endpoint 'HTTP: GET /health' requires region policies 'kz-court-order' but also skips ContentGate");
    }

    [Fact]
    public async Task Startup_WithEndpointsNamingDefinedPoliciesInAnyCase_Starts()
    {
        await using var server = await GateServer.StartAsync(GateServer.ContractConfiguration(), e =>
        {
            e.MapGet("/articles/{slug}", () => "article").RequireRegionPolicy("KZ-Court-Order");
            e.MapGet("/health", () => "ok").SkipContentGate();
        }, Services);

        using var response = await server.GetAsync("/health", Fixtures.IPv4("KZ"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Request_ToEndpointNamingBlockPolicyOutsideItsPaths_IsBlockedForItsRegion()
    {
        await using var server = await GateServer.StartAsync(GateServer.ContractConfiguration(), e =>
            e.MapGet("/reports/{slug}", (HttpContext c) => GateServer.Html(c, GateServer.Page)).RequireRegionPolicy("kz-court-order"), Services);

        using var kazakhstan = await server.GetAsync("/reports/grain", Fixtures.IPv4("KZ"));
        using var germany = await server.GetAsync("/reports/grain", Fixtures.IPv4("DE"));

        Assert.Equal(451, (int)kazakhstan.StatusCode);
        Assert.Equal(HttpStatusCode.OK, germany.StatusCode);
    }

    [Fact]
    public void Validate_WithoutEndpointsNamingPolicies_ReportsNothing()
    {
        var endpoints = new[] { new Endpoint(_ => Task.CompletedTask, EndpointMetadataCollection.Empty, "plain") };

        Assert.Empty(ContentGateEndpointValidator.Validate(endpoints, Fragments.FragmentContext.Snapshot));
    }

    [Fact]
    public void Validate_WithNoPoliciesDefined_SaysSo()
    {
        var options = new ContentGateOptions();
        var endpoint = new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new RegionPolicyAttribute("anything")), null);
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var snapshot = new ContentGate.Configuration.GateCompiler(
            new ContentGate.MaxMind.MaxMindDatabaseCache(),
            new ContentGate.Diagnostics.ContentGateMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).Compile(options);

        var failure = Assert.Single(ContentGateEndpointValidator.Validate([endpoint], snapshot));

        Assert.Contains("Endpoint '(unnamed endpoint)' requires region policy 'anything'", failure, StringComparison.Ordinal);
        Assert.Contains("No policies are defined.", failure, StringComparison.Ordinal);
    }
}
