using System.Text.Json;
using ContentGate.Cli.Tests.Infrastructure;

namespace ContentGate.Cli.Tests.Commands;

/// <summary>
/// <c>contentgate explain</c> against the README's contract configuration and a real City database in a temporary
/// app folder: the visitors of the product brief, every reason, the JSON shape and the exit codes.
/// </summary>
public sealed class ExplainCommandTests : IDisposable
{
    private readonly AppFolder _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public void Explain_RussianVisitorOnFrontPage_NoticeAppliesAndExitsOne()
    {
        var result = _app.Explain("--ip", Visitors.IPv4("RU"), "--path", "/");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Region: RU (source: maxmind)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("undesirable-organization  Notice  APPLIES: region RU is in russia-controlled", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Block   not covered: path / is not under /articles/restricted-in-kazakhstan", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Outcome: notice undesirable-organization", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void Explain_CrimeanVisitorOverIPv6_MatchesBySubdivision()
    {
        var result = _app.Explain("--ip", Visitors.IPv6("UA-43"), "--path", "/news/1");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"Address: {Visitors.IPv6("UA-43")}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Region: UA UA-43 (source: maxmind)\nSubdivision: UA-43 Avtonomna Respublika Krym (Republic)\n", result.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("undesirable-organization  Notice  APPLIES: region UA-43 is in russia-controlled", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Outcome: notice undesirable-organization", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_KyivVisitor_NoPolicyAppliesAndExitsZero()
    {
        var result = _app.Explain("--ip", Visitors.IPv4("UA-30"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Region: UA UA-30 (source: maxmind)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("undesirable-organization  Notice  does not apply: region UA UA-30 is not in russia-controlled", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Outcome: content served unchanged", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_GermanVisitorOnRestrictedArticle_ServedUnchanged()
    {
        var result = _app.Explain("--ip", Visitors.IPv4("DE"), "--path", "/articles/restricted-in-kazakhstan");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("kz-court-order            Block   does not apply: region DE is not in KZ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("does not apply: region DE is not in russia-controlled", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Outcome: content served unchanged", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_KazakhVisitorOnRestrictedArticle_Blocks451AndNoticeIsNotReached()
    {
        var result = _app.Explain("--ip", Visitors.IPv4("KZ"), "--path", "/articles/restricted-in-kazakhstan/");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Region: KZ (source: maxmind)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("kz-court-order            Block   APPLIES: region KZ is listed in Regions", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("undesirable-organization  Notice  not reached: kz-court-order answers the request first (451)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Outcome: 451 by kz-court-order", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_KazakhVisitorOnOtherPage_NotCoveredAndServedUnchanged()
    {
        var result = _app.Explain("--ip", Visitors.IPv4("KZ"), "--path", "/articles/restricted-in-kazakhstanx");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("not covered: path /articles/restricted-in-kazakhstanx is not under /articles/restricted-in-kazakhstan", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_PolicyLines_AreInTheMiddlewaresOrder()
    {
        var result = _app.Explain("--ip", Visitors.IPv4("RU"));

        // Block before Notice, whatever the names' order.
        Assert.True(result.Stdout.IndexOf("kz-court-order", StringComparison.Ordinal) < result.Stdout.IndexOf("undesirable-organization", StringComparison.Ordinal), result.ToString());
    }

    [Fact]
    public void Explain_RussianVisitorOnExcludedPath_ExcludedByExcludePaths()
    {
        var result = _app.Explain("--ip", Visitors.IPv4("RU"), "--path", "/API/v1/items");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("undesirable-organization  Notice  excluded by ExcludePaths /api", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/robots.txt", "ContentGate never gates /robots.txt")]
    [InlineData("/.well-known/security.txt", "ContentGate never gates /.well-known")]
    [InlineData("/_contentgate/contentgate.css", "/_contentgate is ContentGate's own prefix")]
    public void Explain_BuiltInExemptPath_EveryPolicyExempt(string path, string reason)
    {
        var result = _app.Explain("--ip", Visitors.IPv4("KZ"), "--path", path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("kz-court-order            Block   exempt path: " + reason, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("undesirable-organization  Notice  exempt path: " + reason, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_ConfiguredExemptPath_NamesExemptPaths()
    {
        using var app = new AppFolder(AppFolder.ContractConfiguration.Replace("\"Policies\": {", "\"ExemptPaths\": [ \"/healthz\" ],\n    \"Policies\": {", StringComparison.Ordinal));

        var result = app.Explain("--ip", Visitors.IPv4("RU"), "--path", "/healthz");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("exempt path: /healthz is in ExemptPaths", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_PrivateAddress_UnknownRegionAndEachPolicysFailMode()
    {
        var result = _app.Explain("--ip", "192.168.1.20", "--path", "/articles/restricted-in-kazakhstan");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Region: Unknown (NonPublicAddress)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("kz-court-order            Block   skipped: fail mode Skip for unknown region", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("undesirable-organization  Notice  APPLIES: fail mode Apply for unknown region", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Outcome: notice undesirable-organization", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_AddressNotInDatabase_UnknownNotFound()
    {
        var result = _app.Explain("--ip", Visitors.Absent.ToString());

        Assert.Contains("Region: Unknown (NotFound)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_IPv4MappedIPv6Address_IsNormalizedBeforeLookup()
    {
        var result = _app.Explain("--ip", "::ffff:" + Visitors.IPv4("UA-40"));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"Address: {Visitors.IPv4("UA-40")} (given as ::ffff:{Visitors.IPv4("UA-40")})", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("APPLIES: region UA-40 is in russia-controlled", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_WholeUrlWithQuery_UsesItsDecodedPath()
    {
        var result = _app.Explain("--ip", Visitors.IPv4("KZ"), "--path", "https://news.example/articles/restricted-in-kazakhstan?utm=x");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Path: /articles/restricted-in-kazakhstan\n", result.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Outcome: 451 by kz-court-order", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_Headers_AreShownAndDoNotChangeAnAddressBasedRegion()
    {
        var result = _app.Explain("--ip", Visitors.IPv4("DE"), "--header", "CF-IPCountry: RU", "--header", "X-Other:1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Header: CF-IPCountry: RU", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Header: X-Other: 1", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Region: DE (source: maxmind)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_RedirectAndAcknowledgePolicies_AnswerInTheMiddlewaresOrder()
    {
        using var app = new AppFolder("""
            {
              "ContentGate": {
                "MaxMind": { "DatabasePath": "App_Data/GeoLite2-City.mmdb" },
                "Policies": {
                  "a-notice": { "Regions": [ "RU" ], "Action": "Notice", "Notice": { "Html": "<p>n</p>", "Dismissible": true } },
                  "b-interstitial": { "Regions": [ "RU" ], "Paths": [ "/investigations" ], "Action": "Acknowledge", "Acknowledge": { "Html": "<p>a</p>" } },
                  "c-redirect": { "Regions": [ "RU" ], "Paths": [ "/donate" ], "Action": "Redirect", "Redirect": { "Url": "/donate/not-available" } }
                }
              }
            }
            """);

        var donate = app.Explain("--ip", Visitors.IPv4("RU"), "--path", "/donate");
        var target = app.Explain("--ip", Visitors.IPv4("RU"), "--path", "/donate/not-available");
        var investigation = app.Explain("--ip", Visitors.IPv4("RU"), "--path", "/investigations/1");

        Assert.True(donate.ExitCode == 1, donate.ToString());
        Assert.Contains("c-redirect      Redirect     APPLIES: region RU is listed in Regions", donate.Stdout, StringComparison.Ordinal);
        Assert.Contains("b-interstitial  Acknowledge  not reached: c-redirect answers the request first (302 redirect)", donate.Stdout, StringComparison.Ordinal);
        Assert.Contains("a-notice        Notice       not reached: c-redirect answers the request first (302 redirect)", donate.Stdout, StringComparison.Ordinal);
        Assert.Contains("Outcome: 302 to /donate/not-available by c-redirect", donate.Stdout, StringComparison.Ordinal);

        // A local redirect target is never redirected again, but still gets notices.
        Assert.Contains("c-redirect      Redirect     not covered: path /donate/not-available is a local BlockedBy page or redirect target", target.Stdout, StringComparison.Ordinal);
        Assert.Contains("Outcome: notice a-notice", target.Stdout, StringComparison.Ordinal);

        Assert.Contains("b-interstitial  Acknowledge  APPLIES: region RU is listed in Regions (until the reader acknowledges it)", investigation.Stdout, StringComparison.Ordinal);
        Assert.Contains("Outcome: interstitial by b-interstitial", investigation.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_NoPolicies_ServedUnchanged()
    {
        using var app = new AppFolder("""{ "ContentGate": { "RegionSets": { "baltics": [ "EE", "LV", "LT" ] } } }""", withDatabase: false);

        var result = app.Explain("--ip", Visitors.IPv4("RU"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Policies: none configured", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Outcome: content served unchanged", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_Json_HasTheDocumentedShape()
    {
        var result = _app.Explain("--ip", Visitors.IPv4("UA-43"), "--path", "/", "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var json = result.Json();
        Assert.Equal("Production", json.GetProperty("configuration").GetProperty("environment").GetString());
        Assert.Equal(_app.ConfigPath, Assert.Single(json.GetProperty("configuration").GetProperty("files").EnumerateArray()).GetString());
        Assert.Equal(Visitors.IPv4("UA-43"), json.GetProperty("request").GetProperty("address").GetString());
        Assert.Equal("/", json.GetProperty("request").GetProperty("path").GetString());

        var region = json.GetProperty("region");
        Assert.True(region.GetProperty("known").GetBoolean());
        Assert.Equal("UA", region.GetProperty("country").GetString());
        Assert.Equal(["UA-43"], region.GetProperty("subdivisions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Avtonomna Respublika Krym", region.GetProperty("subdivisionNames").GetProperty("UA-43").GetString());
        Assert.Equal("maxmind", region.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, region.GetProperty("unknownReason").ValueKind);

        var policies = json.GetProperty("policies").EnumerateArray().ToList();
        Assert.Equal(["kz-court-order", "undesirable-organization"], policies.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(["Block", "Notice"], policies.Select(p => p.GetProperty("action").GetString()));
        Assert.Equal(["not-covered", "applies"], policies.Select(p => p.GetProperty("decision").GetString()));
        Assert.Equal([false, true], policies.Select(p => p.GetProperty("applies").GetBoolean()));
        Assert.Equal("region UA-43 is in russia-controlled", policies[1].GetProperty("reason").GetString());

        var outcome = json.GetProperty("outcome");
        Assert.Equal("notice", outcome.GetProperty("kind").GetString());
        Assert.Equal(["undesirable-organization"], outcome.GetProperty("policies").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, outcome.GetProperty("statusCode").ValueKind);
        Assert.Equal("notice undesirable-organization", outcome.GetProperty("text").GetString());
    }

    [Fact]
    public void Explain_JsonForBlockedVisitor_Has451AndUnknownReasonForUnknownRegions()
    {
        var blocked = _app.Explain("--ip", Visitors.IPv4("KZ"), "--path", "/articles/restricted-in-kazakhstan", "--json").Json();
        var unknown = _app.Explain("--ip", "10.0.0.1", "--json", "--header", "X-A: 1").Json();

        Assert.Equal("block", blocked.GetProperty("outcome").GetProperty("kind").GetString());
        Assert.Equal(451, blocked.GetProperty("outcome").GetProperty("statusCode").GetInt32());
        Assert.Equal("not-reached", blocked.GetProperty("policies")[1].GetProperty("decision").GetString());
        Assert.False(unknown.GetProperty("region").GetProperty("known").GetBoolean());
        Assert.Equal(JsonValueKind.Null, unknown.GetProperty("region").GetProperty("country").ValueKind);
        Assert.Equal("NonPublicAddress", unknown.GetProperty("region").GetProperty("unknownReason").GetString());
        Assert.Equal("1", unknown.GetProperty("request").GetProperty("headers").GetProperty("X-A")[0].GetString());
    }

    /// <summary>
    /// A source that fails at run time (a web service nothing answers): what the middleware does, the page never
    /// breaks and each policy applies its fail mode.
    /// </summary>
    [Fact]
    public void Explain_LookupFailsAtRunTime_UnknownLookupFailedAndFailModesApply()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var sources = $$"""
            "Sources": [
              { "Type": "MaxMindDatabase" },
              { "Type": "MaxMindWebService", "AccountId": "424242", "LicenseKey": "not-a-real-key", "Host": "127.0.0.1:{{port}}" }
            ],
            """;
        using var app = new AppFolder(AppFolder.ContractConfiguration.Replace("\"RegionSets\"", sources + "\n    \"RegionSets\"", StringComparison.Ordinal));

        var result = app.Explain("--ip", Visitors.Absent.ToString(), "--path", "/articles/restricted-in-kazakhstan");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Region: Unknown (LookupFailed)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("kz-court-order            Block   skipped: fail mode Skip for unknown region", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Outcome: notice undesirable-organization", result.Stdout, StringComparison.Ordinal);
    }
}
