using ContentGate.Languages;
using ContentGate.Policies;

namespace ContentGate.Actions.Acknowledging;

/// <summary>Compiles <c>Policies:&lt;name&gt;:Acknowledge</c>.</summary>
internal static class AcknowledgeCompiler
{
    public static AcknowledgePayload? Compile(CompileContext context, string key, AcknowledgeOptions? options, string defaultLanguage)
    {
        var acknowledge = options ?? new AcknowledgeOptions();
        var content = LocalizedContentCompiler.Compile(context, $"{key}:Acknowledge", defaultLanguage, acknowledge.Html, acknowledge.HtmlFile, acknowledge.Label ?? ContentGateDefaults.AcknowledgeLabel, acknowledge.ButtonText ?? ContentGateDefaults.AcknowledgeButtonText, null, acknowledge.Translations, required: true);
        var lifetime = acknowledge.Lifetime ?? ContentGateDefaults.AcknowledgmentLifetime;
        if (lifetime < TimeSpan.FromMinutes(1) || lifetime > TimeSpan.FromDays(400))
        {
            context.Add($"{key}:Acknowledge:Lifetime: '{acknowledge.Lifetime}' is outside one minute to 400 days (browsers cap cookies at 400 days). Use for example \"30.00:00:00\" for 30 days.");
            return null;
        }

        return content is null ? null : new AcknowledgePayload(content, lifetime);
    }
}
