using System.Text;
using ContentGate.Acknowledgments;
using ContentGate.Assets;
using ContentGate.Languages;
using ContentGate.Notices;
using ContentGate.Policies;
using ContentGate.Regions;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Gating;

/// <summary>
/// Builds what a matching visitor's page gets: each applying notice in its chosen language, wrapped as a named
/// landmark, grouped by placement in policy-name order, with the styles once before the first of them.
/// </summary>
internal static class NoticeComposer
{
    public static NoticeInjection Compose(HttpContext context, GateSnapshot snapshot, Region region, ulong mask)
    {
        var notices = snapshot.NoticePolicies;
        var dynamic = false;
        var translated = false;
        for (var i = 0; i < notices.Length; i++)
        {
            if ((mask & (1UL << i)) != 0)
            {
                dynamic |= notices[i].Dismissible;
                translated |= notices[i].Content!.HasTranslations;
            }
        }

        var style = snapshot.StyleMarkup.For(context, out var usesNonce);
        // A dismiss form carries the page's own URL to return to, and an inline style a per-request nonce: those
        // notices are built per request (a cache keyed by URL would grow with every query string a client invents);
        // all others once per combination. Without translations the mask alone says which texts are shown; the link to
        // the stylesheet depends only on the path base.
        if (dynamic || usesNonce)
        {
            return Build(context, snapshot, region, mask, style);
        }

        var key = new NoticeKey(mask, translated ? Languages(context, snapshot, region, mask) : null, context.Request.PathBase.Value ?? string.Empty);
        return snapshot.TryGetNotice(key, out var cached)
            ? cached
            : snapshot.AddNotice(key, Build(context, snapshot, region, mask, style));
    }

    private static string Languages(HttpContext context, GateSnapshot snapshot, Region region, ulong mask)
    {
        var notices = snapshot.NoticePolicies;
        var languages = new StringBuilder();
        for (var i = 0; i < notices.Length; i++)
        {
            if ((mask & (1UL << i)) != 0)
            {
                languages.Append(snapshot.Languages.Choose(context, region, notices[i].Content!).Language).Append(',');
            }
        }

        return languages.ToString();
    }

    private static NoticeInjection Build(HttpContext context, GateSnapshot snapshot, Region region, ulong mask, string style)
    {
        var afterBodyStart = new StringBuilder();
        var beforeBodyEnd = new StringBuilder();
        var atMarker = new StringBuilder();
        var notices = snapshot.NoticePolicies;
        for (var i = 0; i < notices.Length; i++)
        {
            if ((mask & (1UL << i)) == 0)
            {
                continue;
            }

            var policy = notices[i];
            var target = policy.Placement switch
            {
                NoticePlacement.BeforeBodyEnd => beforeBodyEnd,
                NoticePlacement.Marker => atMarker,
                _ => afterBodyStart,
            };
            Render(target, context, snapshot, policy, snapshot.Languages.Choose(context, region, policy.Content!));
        }

        // The styles go once, at the start of the first notice in document order (a marker is inside the body,
        // before its end), so the notice itself stays the first element after <body>.
        var first = afterBodyStart.Length > 0 ? afterBodyStart : atMarker.Length > 0 ? atMarker : beforeBodyEnd;
        if (first.Length > 0)
        {
            // The opening tag's attributes are HTML-encoded, so its first '>' ends it.
            first.Insert(first.ToString().IndexOf('>', StringComparison.Ordinal) + 1, style);
        }
        return NoticeInjection.Create(afterBodyStart.ToString(), beforeBodyEnd.ToString(), atMarker.ToString(), snapshot.KeepSharedCacheable);
    }

    private static void Render(StringBuilder html, HttpContext context, GateSnapshot snapshot, CompiledPolicy policy, LocalizedText text)
    {
        html.Append("<section class=\"contentgate-notice\" data-contentgate-notice=\"").Append(policy.Name)
            .Append("\" aria-label=\"").Append(PageDocument.Attr(text.Label))
            .Append("\" lang=\"").Append(PageDocument.Attr(text.Language))
            .Append("\" dir=\"").Append(text.Direction).Append("\">")
            .Append("<div class=\"contentgate-notice__content\">").Append(text.Html).Append("</div>");
        if (policy.Dismissible)
        {
            html.Append(FormMarkup.Render(context, snapshot.PathPrefix, ContentGateEndpoints.DismissAction, policy, text.ButtonText, "contentgate-notice__dismiss", autofocus: false));
        }

        html.Append("</section>");
    }
}
