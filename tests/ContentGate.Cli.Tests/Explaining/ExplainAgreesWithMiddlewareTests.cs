using System.Net;
using System.Text.RegularExpressions;
using ContentGate.Cli.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContentGate.Cli.Tests.Explaining;

/// <summary>
/// <c>contentgate explain</c> says what the middleware does: for every visitor and path of a grid, the outcome the tool
/// prints (kind, policies, status, target) is what a real app with the same <c>appsettings.json</c> and database
/// answers. Both read the one decision the library makes; this guards that neither drifts from it.
/// </summary>
public sealed partial class ExplainAgreesWithMiddlewareTests(ExplainAgreesWithMiddlewareTests.SameApp app) : IClassFixture<ExplainAgreesWithMiddlewareTests.SameApp>
{
    private const string Configuration = """
        {
          "ContentGate": {
            "MaxMind": { "DatabasePath": "App_Data/GeoLite2-City.mmdb" },
            "ExemptPaths": [ "/healthz" ],
            "RegionSets": { "russia-controlled": [ "RU", "UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65" ] },
            "Policies": {
              "a-notice": { "Regions": [ "russia-controlled" ], "Paths": [ "/" ], "ExcludePaths": [ "/api" ], "Action": "Notice", "Notice": { "Html": "<p>a</p>" } },
              "b-notice": { "Regions": [ "UA-43" ], "Paths": [ "/news" ], "Action": "Notice", "Notice": { "Html": "<p>b</p>" } },
              "c-interstitial": { "Regions": [ "russia-controlled" ], "Paths": [ "/investigations" ], "Action": "Acknowledge", "Acknowledge": { "Html": "<p>c</p>" } },
              "d-redirect": { "Regions": [ "RU" ], "Paths": [ "/donate" ], "Action": "Redirect", "Redirect": { "Url": "/donate/not-available", "StatusCode": 307 } },
              "e-court-order": { "Regions": [ "KZ" ], "Paths": [ "/articles/restricted" ], "Action": "Block", "FailMode": "Apply", "Block": { "BlockedBy": "https://example.org/legal" } },
              "f-crimea-order": { "Regions": [ "UA-43" ], "Paths": [ "/articles/crimea" ], "Action": "Block", "FailMode": "Apply", "UnresolvedSubdivision": "FailMode" },
              "g-crimea-notice": { "Regions": [ "UA-43", "UA-40" ], "Paths": [ "/news" ], "Action": "Notice", "UnresolvedSubdivision": "Match", "Notice": { "Html": "<p>g</p>" } }
            }
          }
        }
        """;

    private static readonly string[] s_paths =
    [
        "/", "/api/items", "/news/2", "/investigations/1", "/donate", "/donate/not-available", "/articles/restricted",
        "/articles/other", "/articles/crimea", "/healthz", "/robots.txt",
    ];

    // "UA" is a reader the database knows only by country: unresolved for the policies listing Ukrainian subdivisions.
    private static readonly string[] s_visitors = ["RU", "UA-43", "UA-40", "UA-30", "UA", "DE", "KZ", "non-public"];

    public static TheoryData<string, string> Requests()
    {
        var data = new TheoryData<string, string>();
        foreach (var visitor in s_visitors)
        {
            foreach (var path in s_paths)
            {
                data.Add(visitor, path);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Explain_SaysWhatTheMiddlewareDoes(string visitor, string path)
    {
        var address = visitor == "non-public" ? "10.0.0.7" : Visitors.IPv4(visitor);

        var explained = app.Folder.Explain("--ip", address, "--path", path, "--json");
        var served = await ServeAsync(IPAddress.Parse(address), path);

        var outcome = explained.Json().GetProperty("outcome");
        var said = new Answer(
            outcome.GetProperty("kind").GetString()!,
            string.Join(",", outcome.GetProperty("policies").EnumerateArray().Select(p => p.GetString())),
            outcome.GetProperty("statusCode").ValueKind == System.Text.Json.JsonValueKind.Number ? outcome.GetProperty("statusCode").GetInt32() : 200,
            outcome.TryGetProperty("location", out var location) ? location.GetString() : null);
        Assert.True(said == served, $"{visitor} {path}: explain says {said}, the middleware did {served}\n{explained}");
    }

    // What the app answered, in the tool's words.
    private async Task<Answer> ServeAsync(IPAddress address, string path)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = path;
            c.Request.Headers.Accept = "text/html";
            c.Connection.RemoteIpAddress = address;
        });

        var status = context.Response.StatusCode;
        var html = await new StreamReader(context.Response.Body).ReadToEndAsync();
        var location = context.Response.Headers.Location.ToString();
        if (status == StatusCodes.Status451UnavailableForLegalReasons)
        {
            return new Answer("block", AnsweringPolicy(html, "data-contentgate-block"), status, null);
        }

        if (status is StatusCodes.Status302Found or StatusCodes.Status307TemporaryRedirect)
        {
            return new Answer("redirect", "d-redirect", status, location);
        }

        var interstitial = AnsweringPolicy(html, "data-contentgate-acknowledge");
        if (interstitial.Length > 0)
        {
            return new Answer("acknowledge", interstitial, status, null);
        }

        var notices = NoticeAttribute().Matches(html).Select(m => m.Groups["name"].Value).ToList();
        return notices.Count > 0
            ? new Answer("notice", string.Join(",", notices), status, null)
            : new Answer("served", string.Empty, status, null);
    }

    private static string AnsweringPolicy(string html, string attribute)
    {
        var match = Regex.Match(html, attribute + "=\"(?<name>[^\"]+)\"", RegexOptions.CultureInvariant);
        return match.Success ? match.Groups["name"].Value : string.Empty;
    }

    [GeneratedRegex("data-contentgate-notice=\"(?<name>[^\"]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex NoticeAttribute();

    private sealed record Answer(string Kind, string Policies, int Status, string? Location);

    /// <summary>The app folder (configuration and database) and a real app started on it, shared by the grid.</summary>
    public sealed class SameApp : IAsyncLifetime
    {
        private WebApplication? _app;

        internal AppFolder Folder { get; } = new(Configuration);

        public TestServer Server => _app!.GetTestServer();

        public async Task InitializeAsync()
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Folder.Root, EnvironmentName = Environments.Production });
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders();
            builder.Services.AddContentGate(builder.Configuration.GetSection("ContentGate"));
            _app = builder.Build();
            _app.UseContentGate();
            // Run, not MapFallback: the fallback route skips paths that look like files (/robots.txt).
            _app.Run(context =>
            {
                context.Response.ContentType = "text/html; charset=utf-8";
                return context.Response.WriteAsync("<!DOCTYPE html><html><head><title>t</title></head><body><p>content</p></body></html>");
            });
            await _app.StartAsync();
        }

        public async Task DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }

            Folder.Dispose();
        }
    }
}
