using ContentGate.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using static ContentGate.Tests.Infrastructure.StartupErrors;

namespace ContentGate.Tests.Sources.Headers;

/// <summary>A header source that cannot be trusted or read stops the host, naming the key, the value and the fix.</summary>
public sealed class HeaderSourceStartupTests
{
    private static async Task<string> StartupError(params (string Key, string? Value)[] settings)
    {
        var config = GateServer.ContractConfiguration();
        foreach (var (key, value) in settings)
        {
            config[$"ContentGate:Sources:{key}"] = value;
        }

        using var host = GateServer.Build(config, null, null, out _);
        var error = await Assert.ThrowsAnyAsync<OptionsValidationException>(() => host.StartAsync());
        return error.Message;
    }

    [Fact]
    public async Task Startup_WithBadCidr_NamesKeyValueAndFix()
    {
        var message = await StartupError(("0:Type", "Cloudflare"), ("0:TrustedNetworks:0", "173.245.48.0/20"), ("0:TrustedNetworks:1", "103.21.244.0/33"));

        AssertMentions(message, "ContentGate:Sources:0:TrustedNetworks:1: '103.21.244.0/33'", "is not a network in CIDR notation", "\"198.51.100.0/24\"");
    }

    [Fact]
    public async Task Startup_WithHostBitsInCidr_SuggestsTheNetwork()
    {
        var message = await StartupError(("0:Type", "Fastly"), ("0:CountryHeader", "Fastly-Geo-Country"), ("0:TrustedNetworks:0", "151.101.7.1/16"));

        AssertMentions(message, "ContentGate:Sources:0:TrustedNetworks:0: '151.101.7.1/16'", "'151.101.0.0/16'");
    }

    [Fact]
    public async Task Startup_WithoutTrustedNetworks_NamesKeyAndFix()
    {
        var message = await StartupError(("0:Type", "Cloudflare"), ("1:Type", "MaxMindDatabase"));

        AssertMentions(message, "ContentGate:Sources:0:TrustedNetworks is empty", "ContentGate:Sources:0:TrustedNetworks:0");
    }

    [Fact]
    public async Task Startup_WithTrustEveryone_IsRefused()
    {
        var message = await StartupError(("0:Type", "Vercel"), ("0:TrustedNetworks:0", "0.0.0.0/0"));

        AssertMentions(message, "ContentGate:Sources:0:TrustedNetworks:0: '0.0.0.0/0' trusts every address");
    }

    [Fact]
    public async Task Startup_WithCountryHeaderOnCloudflare_NamesKeyAndFix()
    {
        var message = await StartupError(("0:Type", "Cloudflare"), ("0:TrustedNetworks:0", "173.245.48.0/20"), ("0:CountryHeader", "X-Country"));

        AssertMentions(message, "ContentGate:Sources:0:CountryHeader: 'X-Country' does not apply to a Cloudflare source", "CF-IPCountry", "Type Header");
    }

    [Fact]
    public async Task Startup_WithWebServiceKeysOnHeaderSource_NamesEachKeyWithoutTheSecret()
    {
        var message = await StartupError(
            ("0:Type", "Akamai"), ("0:TrustedNetworks:0", "23.32.0.0/11"), ("0:AccountId", "12345"), ("0:LicenseKey", "very-secret-key"));

        // The web service is a package of its own now: its keys are simply not settings of a header source.
        AssertMentions(message, "ContentGate:Sources:0:AccountId: 'AccountId' is not a ContentGate setting.", "ContentGate:Sources:0:LicenseKey: 'LicenseKey' is not a ContentGate setting.");
        Assert.DoesNotContain("very-secret-key", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Fastly")]
    [InlineData("GoogleCloud")]
    [InlineData("Header")]
    public async Task Startup_WithoutCountryHeader_NamesKey(string type)
    {
        var message = await StartupError(("0:Type", type), ("0:TrustedNetworks:0", "10.0.0.0/8"));

        AssertMentions(message, "ContentGate:Sources:0:CountryHeader is not set.");
    }

    [Fact]
    public async Task Startup_WithSeveralBadSources_ReportsEveryProblemAtOnce()
    {
        var message = await StartupError(
            ("0:Type", "Cloudflare"),
            ("1:Type", "Header"), ("1:TrustedNetworks:0", "not-a-network"), ("1:CountryHeader", "X Geo"));

        AssertMentions(
            message,
            "ContentGate:Sources:0:TrustedNetworks is empty",
            "ContentGate:Sources:1:TrustedNetworks:0: 'not-a-network'",
            "ContentGate:Sources:1:CountryHeader: 'X Geo' is not a valid HTTP header name");
    }
}
