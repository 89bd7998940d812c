using System.Net;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Tests.Policies;

/// <summary>Paths no policy ever covers: the built-in ones, the configured ones and a local BlockedBy page.</summary>
public sealed class ExemptPathTests
{
    [Fact]
    public async Task LocalBlockedByPage_IsNeverBlockedAndLinkIsAbsolute()
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Policies:kz-court-order:Paths:0"] = "/articles";
        config["ContentGate:Policies:kz-court-order:Block:BlockedBy"] = "/articles/legal";
        await using var server = await GateServer.StartAsync(config);

        using var blocked = await server.GetAsync("/articles/x", Fixtures.IPv4("KZ"));
        using var legal = await server.GetAsync("/articles/legal", Fixtures.IPv4("KZ"));

        Assert.Equal(451, (int)blocked.StatusCode);
        Assert.Equal("<http://localhost/articles/legal>; rel=\"blocked-by\"", Assert.Single(blocked.Headers.GetValues("Link")));
        Assert.Equal(HttpStatusCode.OK, legal.StatusCode);
    }

    [Theory]
    [InlineData("/robots.txt")]
    [InlineData("/.well-known/security.txt")]
    [InlineData("/healthz")]
    public async Task ExemptPath_IsNeverCovered(string path)
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Policies:kz-court-order:Paths:0"] = "/";
        config["ContentGate:ExemptPaths:0"] = "/healthz";
        await using var server = await GateServer.StartAsync(config, e => e.MapGet(path, () => "ok"));

        using var response = await server.GetAsync(path, Fixtures.IPv4("KZ"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.CacheControl);
    }
}
