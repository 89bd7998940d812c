using System.Collections.Concurrent;
using System.Text;
using ContentGate.Assets;
using ContentGate.Decisions;
using ContentGate.Languages;
using ContentGate.Policies;
using ContentGate.Regions;
using ContentGate.ReaderChoices;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Actions.Notices;

/// <summary>
/// Builds what a matching reader's page gets: each applying notice in its chosen language, wrapped as a named
/// landmark, grouped by placement in policy-name order, with the styles once before the first of them. One per
/// configuration snapshot, which it caches its combinations for.
/// </summary>
internal sealed class NoticeComposer
{
    // Notice combinations are few (one per distinct set of matching notice policies and languages), so they are
    // built once and reused.
    private readonly ConcurrentDictionary<NoticeKey, NoticeInjection> _combinations = new();
    private readonly PolicySet _policies;
    private readonly LanguageSelector _languages;
    private readonly StyleMarkup _styles;
    private readonly bool _cdnCacheKeyIncludesRegion;

    public NoticeComposer(PolicySet policies, LanguageSelector languages, StyleMarkup styles, bool cdnCacheKeyIncludesRegion)
    {
        _policies = policies;
        _languages = languages;
        _styles = styles;
        _cdnCacheKeyIncludesRegion = cdnCacheKeyIncludesRegion;
        NoMatchingNotice = NoticeInjection.CacheRulesOnly(cdnCacheKeyIncludesRegion);
    }

    /// <summary>What a response gets when a notice policy covers its path but the reader gets no notice: the cache rules.</summary>
    public NoticeInjection NoMatchingNotice { get; }

    /// <summary>Whether any of the notices has translations (the page then varies on <c>Accept-Language</c>).</summary>
    public bool AnyTranslated(NoticeMask notices)
    {
        var policies = _policies.Notices;
        for (var i = 0; i < policies.Length; i++)
        {
            if (notices.Contains(i) && policies[i].PayloadAs<NoticePayload>().Content.HasTranslations)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What goes into the page for <paramref name="notices"/>, in the reader's languages.</summary>
    public NoticeInjection Compose(HttpContext context, Region region, NoticeMask notices)
    {
        var policies = _policies.Notices;
        var dynamic = false;
        var translated = false;
        for (var i = 0; i < policies.Length; i++)
        {
            if (notices.Contains(i))
            {
                var payload = policies[i].PayloadAs<NoticePayload>();
                dynamic |= payload.Dismissible;
                translated |= payload.Content.HasTranslations;
            }
        }

        var style = _styles.For(context, out var usesNonce);
        // A dismiss form carries the page's own URL to return to, and an inline style a per-request nonce: those
        // notices are built per request (a cache keyed by URL would grow with every query string a client invents);
        // all others once per combination. Without translations the mask alone says which texts are shown; the link to
        // the stylesheet depends only on the path base.
        if (dynamic || usesNonce)
        {
            return Build(context, region, notices, style);
        }

        var key = new NoticeKey(notices.Bits, translated ? Languages(context, region, notices) : null, context.Request.PathBase.Value ?? string.Empty);
        return _combinations.TryGetValue(key, out var cached)
            ? cached
            : _combinations.GetOrAdd(key, Build(context, region, notices, style));
    }

    private string Languages(HttpContext context, Region region, NoticeMask notices)
    {
        var policies = _policies.Notices;
        var languages = new StringBuilder();
        for (var i = 0; i < policies.Length; i++)
        {
            if (notices.Contains(i))
            {
                languages.Append(_languages.Choose(context, region, policies[i].PayloadAs<NoticePayload>().Content).Language).Append(',');
            }
        }

        return languages.ToString();
    }

    private NoticeInjection Build(HttpContext context, Region region, NoticeMask notices, string style)
    {
        var afterBodyStart = new StringBuilder();
        var beforeBodyEnd = new StringBuilder();
        var atMarker = new StringBuilder();
        var policies = _policies.Notices;
        for (var i = 0; i < policies.Length; i++)
        {
            if (!notices.Contains(i))
            {
                continue;
            }

            var policy = policies[i];
            var payload = policy.PayloadAs<NoticePayload>();
            var target = payload.Placement switch
            {
                NoticePlacement.BeforeBodyEnd => beforeBodyEnd,
                NoticePlacement.Marker => atMarker,
                _ => afterBodyStart,
            };
            Render(target, context, policy, payload, _languages.Choose(context, region, payload.Content));
        }

        // The styles go once, at the start of the first notice in document order (a marker is inside the body,
        // before its end), so the notice itself stays the first element after <body>.
        var first = afterBodyStart.Length > 0 ? afterBodyStart : atMarker.Length > 0 ? atMarker : beforeBodyEnd;
        if (first.Length > 0)
        {
            // The opening tag's attributes are HTML-encoded, so its first '>' ends it.
            first.Insert(first.ToString().IndexOf('>', StringComparison.Ordinal) + 1, style);
        }

        return NoticeInjection.Create(afterBodyStart.ToString(), beforeBodyEnd.ToString(), atMarker.ToString(), _cdnCacheKeyIncludesRegion);
    }

    private void Render(StringBuilder html, HttpContext context, CompiledPolicy policy, NoticePayload payload, LocalizedText text)
    {
        html.Append("<section class=\"contentgate-notice\" data-contentgate-notice=\"").Append(policy.Name)
            .Append("\" aria-label=\"").Append(PageDocument.Attr(text.Label))
            .Append("\" lang=\"").Append(PageDocument.Attr(text.Language))
            .Append("\" dir=\"").Append(text.Direction).Append("\">")
            .Append("<div class=\"contentgate-notice__content\">").Append(text.Html).Append("</div>");
        if (payload.Dismissible)
        {
            html.Append(FormMarkup.Render(context, _policies.PathPrefix, FormMarkup.DismissAction, policy, text.ButtonText, "contentgate-notice__dismiss", autofocus: false));
        }

        html.Append("</section>");
    }

    /// <summary>
    /// What makes two notice combinations the same: the matching notice policies, the languages chosen for them when
    /// any has translations, and the request's path base (the stylesheet link depends on it).
    /// </summary>
    private readonly record struct NoticeKey(ulong Mask, string? Languages, string PathBase);
}
