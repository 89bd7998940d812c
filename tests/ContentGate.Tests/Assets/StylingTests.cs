using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Tests.Assets;

/// <summary>The notice styles: inlined with the CSP nonce the app keeps in Items, or left out.</summary>
public sealed class StylingTests
{
    [Fact]
    public async Task Stylesheet_WithCspNonceInItems_IsInlinedWithNonce()
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Styling:NonceItemKey"] = "csp-nonce";
        await using var server = await GateServer.StartAsync(config, beforeContentGate: app => app.Use((context, next) =>
        {
            context.Items["csp-nonce"] = "abc123";
            return next(context);
        }));

        using var response = await server.GetAsync("/", Fixtures.IPv4("RU"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("<style nonce=\"abc123\">.contentgate-notice{", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link rel=\"stylesheet\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html.Replace("<script>var s = \"<body>\";</script>", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Styling_WithDefaultStylesOff_InsertsNoStyles()
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Styling:DefaultStyles"] = "false";
        await using var server = await GateServer.StartAsync(config);

        using var response = await server.GetAsync("/", Fixtures.IPv4("RU"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains(GateServer.BodyTag + "<section class=\"contentgate-notice\"", html, StringComparison.Ordinal);
    }
}
