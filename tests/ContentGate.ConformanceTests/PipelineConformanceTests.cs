using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using ContentGate.ConformanceTests.Apps;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace ContentGate.ConformanceTests;

/// <summary>
/// Every app kind in every pipeline order: what the reader receives (the notice exactly once after the real body tag
/// for the regions it is for, 451 where due — by path and by endpoint metadata —, compression where the client
/// accepts it, the cache rules, no region's page served to another from a cache) and what ContentGate logs and its
/// health check says. A wrong order is either made harmless or reported; <see cref="Expectation"/> says which, per
/// order, and the README's order table says the same.
/// </summary>
public sealed partial class PipelineConformanceTests
{
    public static TheoryData<AppKind, PipelineOrder> Combinations()
    {
        var data = new TheoryData<AppKind, PipelineOrder>();
        foreach (var kind in Enum.GetValues<AppKind>())
        {
            foreach (var order in Enum.GetValues<PipelineOrder>())
            {
                data.Add(kind, order);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task Reader_GetsWhatThePipelineOrderPromises(AppKind kind, PipelineOrder order)
    {
        var expect = new Expectation(kind, order);
        var failures = new List<string>();
        await using var app = await ConformanceApp.StartAsync(kind, order);

        // Readers from different regions in turn: a cache in front of ContentGate would hand one region's page to the next.
        foreach (var region in new[] { "GB", "RU", "GB", "UA-43", "DE", "RU" })
        {
            using var response = await app.GetAsync("/", region, acceptEncoding: "br");
            var html = await ReadTextAsync(response);
            var where = $"GET / as {region}";
            Check(failures, response.StatusCode == HttpStatusCode.OK, $"{where}: status {(int)response.StatusCode}");
            var notices = Count(html, "data-contentgate-notice=");
            if (expect.NoticeFor(region))
            {
                Check(failures, notices == 1, $"{where}: {notices} notices, expected exactly one");
                Check(failures, NoticeRightAfterBody().IsMatch(html), $"{where}: the notice is not right after the real <body> start tag");
            }
            else
            {
                Check(failures, notices == 0, $"{where}: {notices} notices, expected none");
            }

            var encoding = response.Content.Headers.ContentEncoding.SingleOrDefault();
            Check(failures, (encoding == "br") == expect.CompressedFor(region), $"{where}: Content-Encoding '{encoding}', expected {(expect.CompressedFor(region) ? "br" : "none or identity")}");
            if (expect.PrivateFrontPage)
            {
                // Private, or stricter (Blazor's streaming rendering sends no-store itself).
                var cacheControl = response.Headers.CacheControl;
                Check(failures, (cacheControl?.Private == true || cacheControl?.NoStore == true) && cacheControl?.Public != true && cacheControl?.SharedMaxAge is null, $"{where}: Cache-Control '{cacheControl}', expected private");
            }

            if (kind == AppKind.BlazorStreaming)
            {
                Check(failures, html.Contains("Streamed: the latest reports.", StringComparison.Ordinal), $"{where}: the streamed part of the page is missing");
            }
        }

        using (var kazakh = await app.GetAsync(expect.RestrictedPath, "KZ"))
        {
            Check(failures, (int)kazakh.StatusCode == expect.RestrictedStatusForKazakhReader, $"GET {expect.RestrictedPath} as KZ: {(int)kazakh.StatusCode}, expected {expect.RestrictedStatusForKazakhReader}");
            if (kazakh.StatusCode == (HttpStatusCode)451)
            {
                Check(failures, kazakh.Headers.TryGetValues("Link", out var link) && link.Single().Contains("rel=\"blocked-by\"", StringComparison.Ordinal), "451 without Link rel=blocked-by");
            }
        }

        using (var german = await app.GetAsync(expect.RestrictedPath, "DE"))
        {
            Check(failures, german.StatusCode == HttpStatusCode.OK, $"GET {expect.RestrictedPath} as DE: {(int)german.StatusCode}");
        }

        if (expect.HasEndpointRule)
        {
            using var live = await app.GetAsync("/live", "KZ");
            Check(failures, (int)live.StatusCode == expect.LiveStatusForKazakhReader, $"GET /live (endpoint metadata) as KZ: {(int)live.StatusCode}, expected {expect.LiveStatusForKazakhReader}");
            using var liveGerman = await app.GetAsync("/live", "DE");
            Check(failures, liveGerman.StatusCode == HttpStatusCode.OK, $"GET /live as DE: {(int)liveGerman.StatusCode}");
        }

        // The caches really are on: a path no policy covers is served from them the second time.
        using (var first = await app.GetAsync("/api/ping", "DE"))
        using (var second = await app.GetAsync("/api/ping", "RU"))
        {
            var a = await first.Content.ReadAsStringAsync();
            var b = await second.Content.ReadAsStringAsync();
            Check(failures, a == b, $"GET /api/ping twice: '{a}' then '{b}', expected the cached answer");
        }

        await app.SettleAsync();
        var reported = app.Logs.Entries
            .Where(e => e.Category.StartsWith("ContentGate", StringComparison.Ordinal) && e.Level >= LogLevel.Warning)
            .ToList();
        var reportedNames = reported.Select(e => e.EventId.Name ?? e.EventId.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal).ToList();
        Check(failures, reportedNames.SequenceEqual(expect.LoggedProblems.Order(StringComparer.Ordinal)),
            $"ContentGate logged [{string.Join(", ", reportedNames)}], expected [{string.Join(", ", expect.LoggedProblems)}] once each");
        foreach (var entry in reported)
        {
            Check(failures, !entry.Message.Contains("203.0.113", StringComparison.Ordinal) && !entry.Message.Contains("2001:db8", StringComparison.Ordinal), $"a log entry contains a reader's address: {entry}");
        }

        var health = await app.HealthAsync();
        var pipelineKeys = health.Data.Keys.Where(k => k.StartsWith("pipeline.", StringComparison.Ordinal) && !k.EndsWith(".first_seen", StringComparison.Ordinal)).ToList();
        Check(failures, pipelineKeys.Count == expect.LoggedProblems.Count, $"health check reports [{string.Join(", ", pipelineKeys)}]");
        if (expect.HealthStatus is { } status)
        {
            Check(failures, health.Status == status, $"health {health.Status}, expected {status}: {health.Description}");
        }

        Assert.True(failures.Count == 0, $"{kind} with {order} ({string.Join(" → ", ConformanceApp.Steps(order))}):\n  " + string.Join("\n  ", failures));
    }

    private static void Check(List<string> failures, bool condition, string failure)
    {
        if (!condition)
        {
            failures.Add(failure);
        }
    }

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static async Task<string> ReadTextAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Stream body = response.Content.Headers.ContentEncoding.SingleOrDefault() switch
        {
            null or "identity" => new MemoryStream(bytes),
            "br" => new BrotliStream(new MemoryStream(bytes), CompressionMode.Decompress),
            "gzip" => new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress),
            var other => throw new InvalidOperationException($"Unexpected Content-Encoding {other}."),
        };
        using var reader = new StreamReader(body);
        return await reader.ReadToEndAsync();
    }

    // The real body start tag of every app's layout carries a class; a "<body" in a script or comment does not match.
    [GeneratedRegex("<body class=\"[a-z-]+\"><section class=\"contentgate-notice\" data-contentgate-notice=\"undesirable-organization\"")]
    private static partial Regex NoticeRightAfterBody();
}
