using ContentGate.Languages;
using ContentGate.Policies;

namespace ContentGate.Actions.Notices;

/// <summary>Compiles <c>Policies:&lt;name&gt;:Notice</c>.</summary>
internal static class NoticeCompiler
{
    public static NoticePayload? Compile(CompileContext context, string key, NoticeOptions? options, string defaultLanguage)
    {
        var notice = options ?? new NoticeOptions();
        var content = LocalizedContentCompiler.Compile(context, $"{key}:Notice", defaultLanguage, notice.Html, notice.HtmlFile, notice.Label ?? ContentGateDefaults.NoticeLabel, notice.ButtonText ?? ContentGateDefaults.DismissText, null, notice.Translations, required: true);
        return content is null ? null : new NoticePayload(content, notice.Placement ?? NoticePlacement.AfterBodyStart, notice.Dismissible);
    }
}
