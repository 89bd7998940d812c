using System.Security.Claims;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ContentGate.Tests.Preview;

/// <summary>Seeing a page as a reader elsewhere sees it: in Development, or for users the authorization policy admits.</summary>
public sealed class PreviewTests
{
    [Theory]
    [InlineData("Development", "RU", true)]
    [InlineData("Development", "UA-43", true)]
    [InlineData("Production", "RU", false)]
    [InlineData("Staging", "RU", false)]
    public async Task Preview_InDevelopmentOnly_ShowsPageAsVisitorFromRegion(string environment, string region, bool honoured)
    {
        await using var server = await GateServer.StartAsync(GateServer.ContractConfiguration(), environment: environment);

        using var response = await server.GetAsync($"/region?contentgate-region={region}", Fixtures.IPv4("DE"));
        using var page = await server.GetAsync($"/?contentgate-region={region}", Fixtures.IPv4("DE"));

        var expectedRegion = region == "RU" ? "RU" : "UA UA-43";
        Assert.Equal(honoured ? $"{expectedRegion}|preview|None" : "DE|maxmind|None", await response.Content.ReadAsStringAsync());
        Assert.Equal(honoured, (await page.Content.ReadAsStringAsync()).Contains("data-contentgate-notice", StringComparison.Ordinal));
        if (honoured)
        {
            Assert.True(page.Headers.CacheControl?.NoStore);
        }
    }

    [Theory]
    [InlineData("editor", true)]
    [InlineData("reader", false)]
    [InlineData(null, false)]
    public async Task Preview_InProduction_IsAllowedOnlyToUsersSatisfyingPolicy(string? role, bool honoured)
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Preview:AuthorizationPolicy"] = "preview";
        await using var server = await GateServer.StartAsync(
            config,
            services: s => s.AddAuthorization(o => o.AddPolicy("preview", p => p.RequireRole("editor"))),
            beforeContentGate: app => app.Use((context, next) =>
            {
                // Stands in for an authentication handler: the test says who the user is.
                if (context.Request.Headers.TryGetValue("X-Test-Role", out var r))
                {
                    context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, r.ToString())], "test"));
                }

                return next(context);
            }));

        using var response = await server.GetAsync("/region?contentgate-region=KZ", Fixtures.IPv4("DE"), r =>
        {
            if (role is not null)
            {
                r.Headers.Add("X-Test-Role", role);
            }
        });

        Assert.Equal(honoured ? "KZ|preview|None" : "DE|maxmind|None", await response.Content.ReadAsStringAsync());
    }
}
