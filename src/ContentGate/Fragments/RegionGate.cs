using ContentGate.Caching;
using ContentGate.Configuration;
using ContentGate.Hosting;
using ContentGate.Regions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContentGate.Fragments;

/// <summary>
/// The decision both region tag helpers make: is the gated content visible to this visitor? It never throws, so a
/// mistake in a view hides share buttons instead of breaking the page.
/// </summary>
internal static partial class RegionGate
{
    // Set once per request in HttpContext.Items when the Cache-Control callback is registered.
    private static readonly object CallbackRegisteredKey = new();

    /// <summary>
    /// Returns whether content gated by <paramref name="hideFor"/> or <paramref name="showFor"/> is shown. The
    /// visitor counts as inside the listed regions when the region is unknown, ContentGate did not run, or the
    /// list is invalid; both lists (or neither) on one element hide the content.
    /// </summary>
    /// <param name="viewContext">The view being rendered, for the request and the view's path in logs.</param>
    /// <param name="hideFor">The hide-for list as written, or <see langword="null"/> when absent.</param>
    /// <param name="showFor">The show-for list as written, or <see langword="null"/> when absent.</param>
    /// <param name="hideForName">The hide-for attribute's name, for logs.</param>
    /// <param name="showForName">The show-for attribute's name, for logs.</param>
    /// <param name="logger">The tag helper's logger.</param>
    public static bool IsShown(ViewContext? viewContext, string? hideFor, string? showFor, string hideForName, string showForName, ILogger logger)
    {
        if (hideFor is not null && showFor is not null)
        {
            Log.ConflictingLists(logger, hideForName, showForName, ViewPath(viewContext));
            return false;
        }

        if (hideFor is null && showFor is null)
        {
            Log.MissingList(logger, hideForName, showForName, ViewPath(viewContext));
            return false;
        }

        var hide = hideFor is not null;
        var attributeName = hide ? hideForName : showForName;
        var inside = IsInside(viewContext, hide ? hideFor! : showFor!, attributeName, logger);
        return hide ? !inside : inside;
    }

    private static bool IsInside(ViewContext? viewContext, string list, string attributeName, ILogger logger)
    {
        var context = viewContext?.HttpContext;
        var feature = context?.Features.Get<IRegionFeature>();

        // The request's own snapshot when ContentGate ran; otherwise the current one, only to check the list, so a
        // mistake is reported on every page and not only on the paths ContentGate runs for.
        var snapshot = context?.Features.Get<GateSnapshot>() ?? CurrentSnapshot(context);
        if (snapshot is null)
        {
            Log.ContentGateDidNotRun(logger, attributeName);
            return true;
        }

        if (!snapshot.Policies.TryResolveRegions(list, out var codes, out var problem))
        {
            Log.InvalidList(logger, attributeName, ViewPath(viewContext), problem);
            return true;
        }

        if (feature is null)
        {
            Log.ContentGateDidNotRun(logger, attributeName);
            return true;
        }

        MarkRegionDependent(context!, snapshot);
        var region = feature.Region;
        var inside = !region.IsKnown || region.IsInAny(codes);
        Log.Evaluated(logger, attributeName, list, region, inside);
        return inside;
    }

    private static GateSnapshot? CurrentSnapshot(HttpContext? context)
        => context?.RequestServices?.GetService<ContentGateRuntime>()?.Current;

    /// <summary>
    /// The page now differs by region. Output caching ignores <c>Cache-Control</c> and would serve one visitor's
    /// page to everyone, so it must not store it; shared caches get <c>private</c> unless they key by region.
    /// </summary>
    private static void MarkRegionDependent(HttpContext context, GateSnapshot snapshot)
    {
        if (context.Features.Get<IOutputCacheFeature>() is { } outputCache)
        {
            outputCache.Context.AllowCacheStorage = false;
        }

        var response = context.Response;
        if (snapshot.CdnCacheKeyIncludesRegion || response.HasStarted)
        {
            return;
        }

        var headers = response.Headers;
        if (SharedCacheRules.TryMakePrivate(headers.CacheControl, out var cacheControl))
        {
            headers.CacheControl = cacheControl;
        }

        // Again just before the headers go out, in case the app sets Cache-Control after this part of the view.
        if (context.Items.TryAdd(CallbackRegisteredKey, null))
        {
            SharedCacheRules.MakePrivateWhenStarting(context);
        }
    }

    private static string ViewPath(ViewContext? viewContext)
        => viewContext?.ExecutingFilePath ?? viewContext?.View?.Path ?? "(unknown view)";

    private static partial class Log
    {
        [LoggerMessage(70, LogLevel.Error, "The {Attribute} attribute in {View} {Problem}. The content is handled as if every visitor were inside the listed regions (hidden by hide-for, shown by show-for) until the list is fixed.", EventName = "RegionGateListInvalid")]
        public static partial void InvalidList(ILogger logger, string attribute, string view, string problem);

        [LoggerMessage(71, LogLevel.Error, "An element in {View} has both {HideFor} and {ShowFor}; use one of them. Its content is hidden from every visitor until it is fixed.", EventName = "RegionGateConflictingLists")]
        public static partial void ConflictingLists(ILogger logger, string hideFor, string showFor, string view);

        [LoggerMessage(72, LogLevel.Error, "A region gate in {View} has neither {HideFor} nor {ShowFor}; add one of them. Its content is hidden from every visitor until it is fixed.", EventName = "RegionGateListMissing")]
        public static partial void MissingList(ILogger logger, string hideFor, string showFor, string view);

        [LoggerMessage(73, LogLevel.Debug, "ContentGate did not run for this request, so the region is unknown and the {Attribute} content is handled as inside the listed regions. Call app.UseContentGate() before the endpoints that render views.", EventName = "RegionGateWithoutContentGate")]
        public static partial void ContentGateDidNotRun(ILogger logger, string attribute);

        [LoggerMessage(74, LogLevel.Debug, "Region gate {Attribute}=\"{Regions}\" for region {Region}: inside = {Inside}.", EventName = "RegionGateEvaluated")]
        public static partial void Evaluated(ILogger logger, string attribute, string regions, Region region, bool inside);
    }
}
