using ContentGate.Assets;
using ContentGate.Languages;
using ContentGate.Policies;
using ContentGate.Regions;
using ContentGate.ReaderChoices;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Actions.Acknowledging;

/// <summary>Answers a request an Acknowledge policy applies to, for a reader who has not acknowledged it: the interstitial.</summary>
internal static class InterstitialAction
{
    public static Task ExecuteAsync(HttpContext context, CompiledPolicy policy, Region region, LanguageSelector languages, StyleMarkup styles, string pathPrefix)
    {
        var text = languages.Choose(context, region, policy.PayloadAs<AcknowledgePayload>().Content);
        var form = FormMarkup.Render(context, pathPrefix, FormMarkup.AcknowledgeAction, policy, text.ButtonText, "contentgate-page__form", autofocus: false);
        return InterstitialPage.WriteAsync(context, policy, text, styles.For(context, out _), form);
    }
}
