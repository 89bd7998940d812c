using ContentGate.Assets;
using ContentGate.Languages;
using ContentGate.Policies;
using ContentGate.Regions;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Actions.Blocking;

/// <summary>Answers a request a Block policy applies to: its 451 page (or problem details) in the reader's language.</summary>
internal static class BlockAction
{
    public static Task ExecuteAsync(HttpContext context, CompiledPolicy policy, Region region, LanguageSelector languages, StyleMarkup styles, bool cdnCacheKeyIncludesRegion)
    {
        var payload = policy.PayloadAs<BlockPayload>();
        var text = languages.Choose(context, region, payload.Content);
        return payload.Response.WriteAsync(context, text, styles.Utf8For(context), cdnCacheKeyIncludesRegion);
    }
}
