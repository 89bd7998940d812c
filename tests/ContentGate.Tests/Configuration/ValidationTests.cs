using ContentGate.Tests.Infrastructure;
using ContentGate.Testing.MaxMind;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static ContentGate.Tests.Infrastructure.StartupErrors;

namespace ContentGate.Tests.Configuration;

/// <summary>A bad configuration stops the host at start-up with a message naming the key, the value and the fix.</summary>
public sealed class ValidationTests
{
    [Fact]
    public async Task Startup_WithUkCountryCode_SuggestsGb()
    {
        var message = await StartupError(c => c["ContentGate:Policies:kz-court-order:Regions:0"] = "UK");

        AssertMentions(message, "ContentGate:Policies:kz-court-order:Regions:0", "'UK'", "Use 'GB'");
    }

    [Theory]
    [InlineData("QQ", "is not an assigned ISO 3166-1 alpha-2 country code")]
    [InlineData("RUS", "Use 'RU'")]
    [InlineData("UA-4X3Y", "is not a well-formed ISO 3166-2 subdivision code")]
    [InlineData("UA-", "is not a well-formed ISO 3166-2 subdivision code")]
    [InlineData("UK-43", "'UK' is not a country code (the country is 'GB'), and 'GB-43' is not in the ISO 3166-2 list of 'GB'")]
    [InlineData("UK-ENG", "Use 'GB-ENG'")]
    [InlineData("", "is empty")]
    public async Task Startup_WithBadRegionCodeInSet_NamesSetEntryAndFix(string code, string fix)
    {
        var message = await StartupError(c => c["ContentGate:RegionSets:russia-controlled:1"] = code);

        AssertMentions(message, "ContentGate:RegionSets:russia-controlled:1", $"'{code}'", fix);
    }

    [Fact]
    public async Task Startup_WithUnknownRegionSet_NamesPolicyAndSuggestsClosestSet()
    {
        var message = await StartupError(c => c["ContentGate:Policies:undesirable-organization:Regions:0"] = "russia-controled");

        AssertMentions(message, "ContentGate:Policies:undesirable-organization:Regions:0", "'russia-controled'", "Did you mean 'russia-controlled'?", "Defined sets: russia-controlled");
    }

    [Fact]
    public async Task Startup_WithRegionSetNamedLikeCountry_AsksToRenameIt()
    {
        var message = await StartupError(c => c["ContentGate:RegionSets:ru:0"] = "RU");

        AssertMentions(message, "ContentGate:RegionSets:ru", "'RU'", "Rename it");
    }

    [Fact]
    public async Task Startup_WithEmptyNotice_NamesKey()
    {
        var message = await StartupError(c => c["ContentGate:Policies:undesirable-organization:Notice:Html"] = " ");

        AssertMentions(message, "ContentGate:Policies:undesirable-organization:Notice:Html is empty", "HTML to show");
    }

    [Fact]
    public async Task Startup_WithoutAction_ListsValidActions()
    {
        var message = await StartupError(c => c.Remove("ContentGate:Policies:kz-court-order:Action"));

        AssertMentions(message, "ContentGate:Policies:kz-court-order:Action is not set", "\"Notice\", \"Block\", \"Acknowledge\" or \"Redirect\"");
    }

    [Theory]
    [InlineData("Action", "Blok", "Notice, Block")]
    [InlineData("Action", "2", "Notice, Block")]
    [InlineData("FailMode", "Ignore", "Apply, Skip")]
    public async Task Startup_WithInvalidEnumValue_ListsValidValues(string key, string value, string valid)
    {
        var message = await StartupError(c => c[$"ContentGate:Policies:kz-court-order:{key}"] = value);

        AssertMentions(message, $"ContentGate:Policies:kz-court-order:{key}", $"'{value}'", valid);
    }

    [Fact]
    public async Task Startup_WithNewActionNames_ListsThemAll()
    {
        var message = await StartupError(c => c["ContentGate:Policies:kz-court-order:Action"] = "Hide");

        AssertMentions(message, "Notice, Block, Acknowledge, Redirect");
    }

    [Fact]
    public async Task Startup_WithMisspeltKey_NamesIt()
    {
        var message = await StartupError(c => c["ContentGate:Policies:undesirable-organization:ExludePaths:0"] = "/api");

        AssertMentions(message, "ContentGate:Policies:undesirable-organization:ExludePaths", "is not a ContentGate setting", "Did you mean 'ExcludePaths'?");
    }

    [Fact]
    public async Task Startup_WithMisspeltNestedKey_NamesItAndValidKeys()
    {
        var message = await StartupError(c => c["ContentGate:Policies:kz-court-order:Block:BlockedByUrl"] = "https://example.org");

        AssertMentions(message, "ContentGate:Policies:kz-court-order:Block:BlockedByUrl", "Valid keys here: BlockedBy, Detail, Html, HtmlFile, Translations");
    }

    [Fact]
    public async Task Startup_WithRegionsWrittenAsString_AsksForList()
    {
        var message = await StartupError(c => c["ContentGate:Policies:kz-court-order:Regions:codes"] = "KZ");

        AssertMentions(message, "ContentGate:Policies:kz-court-order:Regions:codes", "is a list of values");
    }

    [Fact]
    public async Task Startup_WithEmptyRegions_NamesKey()
    {
        var message = await StartupError(c => c.Remove("ContentGate:Policies:kz-court-order:Regions:0"));

        AssertMentions(message, "ContentGate:Policies:kz-court-order:Regions is empty");
    }

    [Theory]
    [InlineData("articles", "must start with '/'. Use '/articles'")]
    [InlineData("/articles/*", "without wildcards")]
    [InlineData("/a?b=1", "without wildcards or query strings")]
    public async Task Startup_WithBadPath_NamesPathAndFix(string path, string fix)
    {
        var message = await StartupError(c => c["ContentGate:Policies:undesirable-organization:ExcludePaths:0"] = path);

        AssertMentions(message, "ContentGate:Policies:undesirable-organization:ExcludePaths:0", $"'{path}'", fix);
    }

    [Theory]
    [InlineData("example.org/legal")]
    [InlineData("ftp://example.org/legal")]
    [InlineData("//example.org/legal")]
    public async Task Startup_WithRelativeBlockedBy_AsksForAbsoluteUrl(string value)
    {
        var message = await StartupError(c => c["ContentGate:Policies:kz-court-order:Block:BlockedBy"] = value);

        AssertMentions(message, "ContentGate:Policies:kz-court-order:Block:BlockedBy", $"'{value}'", "absolute http(s) URL", "local path");
    }

    [Fact]
    public async Task Startup_WithBadPolicyName_AsksToRenameIt()
    {
        var message = await StartupError(c =>
        {
            c["ContentGate:Policies:kz court\"order:Regions:0"] = "KZ";
            c["ContentGate:Policies:kz court\"order:Action"] = "Block";
        });

        AssertMentions(message, "ContentGate:Policies:kz court\"order", "may contain only letters", "'kz-court-order'");
    }

    [Fact]
    public async Task Startup_WithoutDatabasePath_AsksForIt()
    {
        var message = await StartupError(c => c.Remove("ContentGate:MaxMind:DatabasePath"));

        AssertMentions(message, "ContentGate:MaxMind:DatabasePath is not set", ".mmdb");
    }

    [Fact]
    public async Task Startup_WithMissingDatabaseFile_NamesFullPath()
    {
        var path = Fixtures.TempFile("missing.mmdb");

        var message = await StartupError(c => c["ContentGate:MaxMind:DatabasePath"] = path);

        AssertMentions(message, "ContentGate:MaxMind:DatabasePath", $"'{path}' does not exist", "geoipupdate");
    }

    [Fact]
    public async Task Startup_WithFileThatIsNotMmdb_SaysSo()
    {
        var path = Fixtures.TempFile("GeoLite2-City.csv");
        await File.WriteAllTextAsync(path, "network,geoname_id\n1.0.0.0/24,2077456\n");

        var message = await StartupError(c => c["ContentGate:MaxMind:DatabasePath"] = path);

        AssertMentions(message, "ContentGate:MaxMind:DatabasePath", path, "is not a MaxMind DB (.mmdb) file");
    }

    [Fact]
    public async Task Startup_WithTruncatedDatabase_SaysSo()
    {
        var path = Fixtures.TempFile("truncated.mmdb");
        var bytes = await File.ReadAllBytesAsync(Fixtures.CityDatabasePath);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)]);

        var message = await StartupError(c => c["ContentGate:MaxMind:DatabasePath"] = path);

        AssertMentions(message, "ContentGate:MaxMind:DatabasePath", path, "truncated");
    }

    [Fact]
    public async Task Startup_WithDatabaseWithoutCountries_NamesItsType()
    {
        var path = Fixtures.TempFile("asn.mmdb");
        var writer = new MaxMindDatabaseWriter(new MaxMindDatabaseWriterOptions { DatabaseType = "Test-ASN" });
        writer.Insert(new System.Net.IPNetwork(System.Net.IPAddress.Parse("203.0.113.0"), 24), new Dictionary<string, object?> { ["autonomous_system_number"] = 64500u });
        writer.WriteTo(path);

        var message = await StartupError(c => c["ContentGate:MaxMind:DatabasePath"] = path);

        AssertMentions(message, "ContentGate:MaxMind:DatabasePath", "'Test-ASN' database", "Country or City");
    }

    [Fact]
    public async Task Startup_WithSubdivisionsOnCountryDatabase_AsksForCityDatabase()
    {
        var message = await StartupError(c => c["ContentGate:MaxMind:DatabasePath"] = Fixtures.CountryDatabasePath);

        AssertMentions(message, "ContentGate:MaxMind:DatabasePath", "no subdivisions", "'undesirable-organization'", "Use a City database");
    }

    [Fact]
    public async Task Startup_WithSeveralProblems_ReportsEveryOne()
    {
        var message = await StartupError(c =>
        {
            c["ContentGate:Policies:kz-court-order:Regions:0"] = "UK";
            c["ContentGate:Policies:undesirable-organization:Notice:Html"] = "";
        });

        AssertMentions(message, "Use 'GB'", "Notice:Html is empty");
    }

    [Fact]
    public async Task Startup_WithMissingNoticeFile_NamesFullPath()
    {
        var path = Fixtures.TempFile("missing-notice.html");

        var message = await StartupError(c =>
        {
            c.Remove("ContentGate:Policies:undesirable-organization:Notice:Html");
            c["ContentGate:Policies:undesirable-organization:Notice:HtmlFile"] = path;
        });

        AssertMentions(message, "ContentGate:Policies:undesirable-organization:Notice:HtmlFile", $"'{path}' does not exist");
    }

    [Fact]
    public async Task Startup_WithBothHtmlAndHtmlFile_AsksToKeepOne()
    {
        var message = await StartupError(c => c["ContentGate:Policies:undesirable-organization:Notice:HtmlFile"] = "notice.html");

        AssertMentions(message, "ContentGate:Policies:undesirable-organization:Notice", "both Html and HtmlFile are set");
    }

    [Theory]
    [InlineData("Russian")]
    [InlineData("r")]
    [InlineData("ru_RU")]
    public async Task Startup_WithBadTranslationLanguage_AsksForCultureName(string language)
    {
        var message = await StartupError(c => c[$"ContentGate:Policies:undesirable-organization:Notice:Translations:{language}:Html"] = "<p>x</p>");

        AssertMentions(message, $"ContentGate:Policies:undesirable-organization:Notice:Translations:{language}", "is not a culture name");
    }

    [Fact]
    public async Task Startup_WithBadLanguageByRegion_NamesKey()
    {
        var message = await StartupError(c => c["ContentGate:Languages:ByRegion:UK"] = "en");

        AssertMentions(message, "ContentGate:Languages:ByRegion:UK", "Use 'GB'");
    }

    [Theory]
    [InlineData("https://elsewhere.example/x", "is not allowed", "AllowedRedirectHosts")]
    [InlineData("//elsewhere.example/x", "protocol-relative", "/kz")]
    [InlineData("ftp://x.example/", "neither a local path nor an absolute http(s) URL", "Write a local path (\"/kz\") or a full https:// URL")]
    public async Task Startup_WithUnsafeRedirectUrl_ExplainsFix(string url, string problem, string fix)
    {
        var message = await StartupError(c =>
        {
            c["ContentGate:Policies:r:Regions:0"] = "RU";
            c["ContentGate:Policies:r:Action"] = "Redirect";
            c["ContentGate:Policies:r:Redirect:Url"] = url;
        });

        AssertMentions(message, "ContentGate:Policies:r:Redirect:Url", problem, fix);
    }

    [Theory]
    [InlineData("301")]
    [InlineData("308")]
    public async Task Startup_WithPermanentRedirect_AsksFor302Or307(string status)
    {
        var message = await StartupError(c =>
        {
            c["ContentGate:Policies:r:Regions:0"] = "RU";
            c["ContentGate:Policies:r:Action"] = "Redirect";
            c["ContentGate:Policies:r:Redirect:Url"] = "/kz";
            c["ContentGate:Policies:r:Redirect:StatusCode"] = status;
        });

        AssertMentions(message, "ContentGate:Policies:r:Redirect:StatusCode", $"'{status}'", "302", "307");
    }

    [Fact]
    public async Task Startup_WithAcknowledgeWithoutHtml_NamesKey()
    {
        var message = await StartupError(c =>
        {
            c["ContentGate:Policies:a:Regions:0"] = "RU";
            c["ContentGate:Policies:a:Action"] = "Acknowledge";
        });

        AssertMentions(message, "ContentGate:Policies:a:Acknowledge:Html is empty");
    }

    [Fact]
    public async Task Startup_WithAcknowledgmentLifetimeOver400Days_NamesLimit()
    {
        var message = await StartupError(c =>
        {
            c["ContentGate:Policies:a:Regions:0"] = "RU";
            c["ContentGate:Policies:a:Action"] = "Acknowledge";
            c["ContentGate:Policies:a:Acknowledge:Html"] = "<p>x</p>";
            c["ContentGate:Policies:a:Acknowledge:Lifetime"] = "500.00:00:00";
        });

        AssertMentions(message, "ContentGate:Policies:a:Acknowledge:Lifetime", "400 days");
    }

    [Fact]
    public async Task Startup_WithRootAsPathPrefix_AsksForDedicatedPath()
    {
        var message = await StartupError(c => c["ContentGate:PathPrefix"] = "/");

        AssertMentions(message, "ContentGate:PathPrefix", "/_contentgate");
    }

    [Fact]
    public async Task Startup_WithCountryDatabaseAndCountryCodesOnly_Starts()
    {
        var config = GateServer.ContractConfiguration(Fixtures.CountryDatabasePath);
        for (var i = 1; i < Fixtures.RussiaControlled.Length; i++)
        {
            config.Remove($"ContentGate:RegionSets:russia-controlled:{i}");
        }

        await using var server = await GateServer.StartAsync(config);
        using var response = await server.GetAsync("/", Fixtures.IPv4("RU"));

        Assert.Contains("data-contentgate-notice", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseContentGate_WithoutAddContentGate_FailsFastWithFix()
    {
        using var host = new HostBuilder().ConfigureWebHost(web => web.UseTestServer().Configure(app => app.UseContentGate())).Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        AssertMentions(error.Message, "AddContentGate(builder.Configuration.GetSection(\"ContentGate\"))", "before 'app.UseContentGate()'");
    }
}
