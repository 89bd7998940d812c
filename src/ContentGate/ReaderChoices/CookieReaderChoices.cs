using ContentGate.Decisions;
using ContentGate.Policies;
using Microsoft.AspNetCore.Http;

namespace ContentGate.ReaderChoices;

/// <summary>
/// What the reader has dismissed and acknowledged, read from the request's cookies when the evaluator asks (only for
/// policies that apply to them and that a reader can lift). A struct: deciding a request allocates nothing.
/// </summary>
internal readonly struct CookieReaderChoices(HttpContext context, AcknowledgmentCookies acknowledgments) : IReaderChoices
{
    public bool HasDismissed(CompiledPolicy policy) => policy.LiftedByReader && DismissalCookie.IsDismissed(context, policy);

    public bool HasAcknowledged(CompiledPolicy policy) => acknowledgments.IsAcknowledged(context, policy);
}
