using System.Globalization;
using ContentGate.Languages;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;

namespace ContentGate.Tests.Languages;

public sealed class LanguageTests
{
    private static Dictionary<string, string?> Configuration()
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Languages:ByRegion:RU"] = "ru";
        config["ContentGate:Languages:ByRegion:UA"] = "uk";
        config["ContentGate:Policies:undesirable-organization:Notice:Html"] = "<p>English</p>";
        config["ContentGate:Policies:undesirable-organization:Notice:Translations:ru:Html"] = "<p>Русский</p>";
        config["ContentGate:Policies:undesirable-organization:Notice:Translations:ru:Label"] = "Предупреждение";
        config["ContentGate:Policies:undesirable-organization:Notice:Translations:uk:Html"] = "<p>Українська</p>";
        config["ContentGate:Policies:undesirable-organization:Notice:Translations:ar:Html"] = "<p>عربي</p>";
        return config;
    }

    [Theory]
    [InlineData("RU", null, "ru", "<p>Русский</p>")]                  // region default
    [InlineData("UA-43", null, "uk", "<p>Українська</p>")]            // subdivision falls back to its country's language
    [InlineData("RU", "en-GB,en;q=0.9", "en", "<p>English</p>")]     // Accept-Language wins over the region
    [InlineData("RU", "de, uk;q=0.5", "uk", "<p>Українська</p>")]    // first translated preference
    [InlineData("RU", "fr", "ru", "<p>Русский</p>")]                  // no translation in fr: region default
    [InlineData("UA-43", "ru-RU", "ru", "<p>Русский</p>")]            // parent language of ru-RU
    [InlineData("RU", "ar", "ar", "<p>عربي</p>")]
    public async Task Notice_ForVisitor_ComesInChosenLanguageWithLangAndDir(string region, string? acceptLanguage, string language, string html)
    {
        await using var server = await GateServer.StartAsync(Configuration());
        var session = new VisitorSession(server, Fixtures.IPv4(region)) { AcceptLanguage = acceptLanguage };

        var (response, body) = await session.GetAsync("/");

        Assert.Contains($"lang=\"{language}\" dir=\"{(language == "ar" ? "rtl" : "ltr")}\">{GateServer.StyleLink}<div class=\"contentgate-notice__content\">{html}</div>", body, StringComparison.Ordinal);
        Assert.Contains("Accept-Language", response.Headers.Vary);
    }

    [Fact]
    public async Task Notice_WithTranslatedLabel_UsesItAsAccessibleName()
    {
        await using var server = await GateServer.StartAsync(Configuration());

        var (_, body) = await new VisitorSession(server, Fixtures.IPv4("RU")).GetAsync("/");

        Assert.Contains("aria-label=\"Предупреждение\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notice_WhenAppUsesRequestLocalization_FollowsRequestCulture()
    {
        await using var server = await GateServer.StartAsync(
            Configuration(),
            services: s => s.Configure<RequestLocalizationOptions>(o =>
            {
                o.SupportedUICultures = [new CultureInfo("en"), new CultureInfo("uk")];
                o.DefaultRequestCulture = new RequestCulture("en");
            }),
            beforeContentGate: app => app.UseRequestLocalization());
        var session = new VisitorSession(server, Fixtures.IPv4("RU"));

        var (_, body) = await session.GetAsync("/?ui-culture=uk");

        Assert.Contains("<p>Українська</p>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlockPage_ForKazakhVisitor_ComesInRegionLanguage()
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:Languages:ByRegion:KZ"] = "kk";
        config["ContentGate:Policies:kz-court-order:Block:Translations:kk:Html"] = "<h1>Қолжетімсіз</h1>";
        config["ContentGate:Policies:kz-court-order:Block:Translations:kk:Detail"] = "Сот шешімі";
        await using var server = await GateServer.StartAsync(config);

        using var page = await server.GetAsync("/articles/restricted-in-kazakhstan", Fixtures.IPv4("KZ"));
        using var json = await server.GetAsync("/articles/restricted-in-kazakhstan", Fixtures.IPv4("KZ"), r => r.Headers.Add("Accept", "application/json"));
        var html = await page.Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"kk\" dir=\"ltr\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Қолжетімсіз</h1>", html, StringComparison.Ordinal);
        Assert.Equal("kk", Assert.Single(page.Content.Headers.ContentLanguage));
        Assert.Contains("Сот шешімі", await json.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ar", "rtl")]
    [InlineData("he", "rtl")]
    [InlineData("fa-IR", "rtl")]
    [InlineData("ur", "rtl")]
    [InlineData("ru", "ltr")]
    [InlineData("kk", "ltr")]
    [InlineData("uz-Latn", "ltr")]
    public void Direction_OfLanguage_IsRightToLeftForRtlScripts(string language, string expected)
        => Assert.Equal(expected, LanguageDirection.Of(language));

    [Fact]
    public async Task NoticeFromFile_WhenFileChanges_IsReloadedWithoutRestart()
    {
        var file = Fixtures.TempFile("notice.ru.html");
        await File.WriteAllTextAsync(file, "<p>Версия 1</p>");
        var config = Configuration();
        config.Remove("ContentGate:Policies:undesirable-organization:Notice:Translations:ru:Html");
        config["ContentGate:Policies:undesirable-organization:Notice:Translations:ru:HtmlFile"] = file;
        await using var server = await GateServer.StartAsync(config);
        var session = new VisitorSession(server, Fixtures.IPv4("RU"));
        Assert.Contains("<p>Версия 1</p>", (await session.GetAsync("/")).Body, StringComparison.Ordinal);

        var runtime = server.Services.GetRequiredService<ContentGate.Hosting.ContentGateRuntime>();
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        runtime.Reloaded += _ => reloaded.TrySetResult();
        await File.WriteAllTextAsync(file, "<p>Версия 2</p>");
        await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("<p>Версия 2</p>", (await session.GetAsync("/")).Body, StringComparison.Ordinal);
    }
}
