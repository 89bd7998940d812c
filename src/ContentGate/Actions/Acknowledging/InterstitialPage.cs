using System.Text;
using ContentGate.Assets;
using ContentGate.Languages;
using ContentGate.Policies;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Actions.Acknowledging;

/// <summary>
/// The page an Acknowledge policy shows instead of the content: the text, then a button that posts the
/// acknowledgment. Focus starts on the heading (no script needed), so keyboard and screen-reader users begin at the
/// top of what they must read; the button is a native, keyboard-operable button.
/// </summary>
internal static class InterstitialPage
{
    public static async Task WriteAsync(HttpContext context, CompiledPolicy policy, LocalizedText text, string styleMarkup, string form)
    {
        var main = $"<h1 id=\"contentgate-title\" tabindex=\"-1\" autofocus>{PageDocument.Text(text.Label)}</h1>\n"
            + $"<div class=\"contentgate-page__content\">{text.Html}</div>\n{form}";
        var html = PageDocument.Head(text) + styleMarkup + PageDocument.Body("data-contentgate-acknowledge", policy.Name, main);
        var bytes = Encoding.UTF8.GetBytes(html);

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = bytes.Length;
        response.Headers.ContentLanguage = text.Language;
        // Never stored anywhere: the same URL shows the content once acknowledged.
        response.Headers.CacheControl = "no-store";
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(bytes, context.RequestAborted);
        }
    }
}
