using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Encodings.Web;
using ContentGate.Configuration;
using ContentGate.Diagnostics;
using ContentGate.MaxMind;
using ContentGate.Policies;
using ContentGate.Regions;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContentGate.Tests.Fragments;

/// <summary>
/// What a tag helper sees in a real request: a <see cref="DefaultHttpContext"/> whose region was resolved from the
/// fixture City database by a snapshot compiled by the real compiler, and a <see cref="ViewContext"/> around it.
/// </summary>
internal static class FragmentContext
{
    public const string ChildContent = "<a class=\"share\" href=\"#share\">Share</a>";

    private static readonly Lazy<GateSnapshot> Private = new(() => Compile(cdnCacheKeyIncludesRegion: false));
    private static readonly Lazy<GateSnapshot> CdnKeyed = new(() => Compile(cdnCacheKeyIncludesRegion: true));

    /// <summary>The contract configuration (as in the README), compiled once.</summary>
    public static GateSnapshot Snapshot => Private.Value;

    /// <summary>The same, with <c>Caching:CdnCacheKeyIncludesRegion</c> set.</summary>
    public static GateSnapshot CdnKeyedSnapshot => CdnKeyed.Value;

    public static void Configure(ContentGateOptions options, bool cdnCacheKeyIncludesRegion = false)
    {
        options.MaxMind.DatabasePath = Fixtures.CityDatabasePath;
        options.RegionSets["russia-controlled"] = [.. Fixtures.RussiaControlled];
        options.Policies["undesirable-organization"] = new PolicyOptions
        {
            Regions = { "russia-controlled" },
            Paths = { "/" },
            ExcludePaths = { "/api" },
            Action = PolicyAction.Notice,
            Notice = { Html = "<p>Warning for visitors in Russia-controlled regions.</p>" },
        };
        options.Policies["kz-court-order"] = new PolicyOptions
        {
            Regions = { "KZ" },
            Paths = { "/articles/restricted-in-kazakhstan" },
            Action = PolicyAction.Block,
            Block = { BlockedBy = "https://example.org/legal", Html = "<h1>Blocked in Kazakhstan</h1>" },
        };
        options.Caching.CdnCacheKeyIncludesRegion = cdnCacheKeyIncludesRegion;
    }

    /// <summary>A request from <paramref name="visitor"/> that went through ContentGate.</summary>
    public static HttpContext Request(IPAddress visitor, GateSnapshot? snapshot = null)
    {
        snapshot ??= Snapshot;
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = visitor;
        context.Request.Path = "/articles/some-story";
        // The MaxMind source answers synchronously; the middleware publishes the region and the snapshot it used.
        var feature = snapshot.Resolver.ResolveAsync(context).AsTask().GetAwaiter().GetResult();
        context.Features.Set<IRegionFeature>(feature);
        context.Features.Set(snapshot);
        return context;
    }

    /// <summary>A request ContentGate did not run for: no region feature and no ContentGate services.</summary>
    public static HttpContext RequestWithoutContentGate(IPAddress visitor)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = visitor;
        return context;
    }

    public static ViewContext View(HttpContext context) => new() { HttpContext = context, ExecutingFilePath = "/Pages/Article.cshtml" };

    public static ILogger<T> Logger<T>(LogCapture logs) => new Logger<T>(new LoggerFactory([logs]));

    public static TagHelperContext TagContext(string tagName, TagHelperAttributeList attributes)
        => new(tagName, attributes, new Dictionary<object, object>(), Guid.NewGuid().ToString("N"));

    public static TagHelperOutput TagOutput(string tagName, TagHelperAttributeList attributes)
        => new(tagName, attributes, (_, _) =>
        {
            var content = new DefaultTagHelperContent();
            content.SetHtmlContent(ChildContent);
            return Task.FromResult<TagHelperContent>(content);
        });

    /// <summary>Writes the output as Razor does: child content when no tag helper replaced it, inside the tag.</summary>
    public static async Task<string> RenderAsync(TagHelperOutput output)
    {
        if (!output.IsContentModified)
        {
            output.Content.SetHtmlContent(await output.GetChildContentAsync());
        }

        using var writer = new StringWriter();
        output.WriteTo(writer, HtmlEncoder.Default);
        return writer.ToString();
    }

    private static GateSnapshot Compile(bool cdnCacheKeyIncludesRegion)
    {
        var options = new ContentGateOptions();
        Configure(options, cdnCacheKeyIncludesRegion);
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        return new GateCompiler(new MaxMindDatabaseCache(), new ContentGateMetrics(meters), NullLoggerFactory.Instance).Compile(options);
    }
}
