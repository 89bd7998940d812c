using System.Security.Cryptography;
using ContentGate.Policies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;

namespace ContentGate.ReaderChoices;

/// <summary>
/// Remembers that a visitor acknowledged a policy's text: one cookie per policy, its value protected with ASP.NET
/// Core Data Protection (encrypted and signed, with an expiry inside), bound to the policy name and the version of
/// its text. A tampered, expired or foreign cookie (another policy's, another app's key ring) does not unprotect
/// or does not match, and is ignored.
/// </summary>
internal sealed class AcknowledgmentCookies(IDataProtectionProvider provider)
{
    private const string Purpose = "ContentGate.Acknowledgment.v1";

    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    public static string CookieName(CompiledPolicy policy) => ContentGateDefaults.AcknowledgmentCookiePrefix + policy.Name;

    public bool IsAcknowledged(HttpContext context, CompiledPolicy policy)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName(policy), out var value) || string.IsNullOrEmpty(value))
        {
            return false;
        }

        try
        {
            return _protector.Unprotect(value) == Payload(policy);
        }
        catch (CryptographicException)
        {
            // Tampered, expired, or protected with a key this app does not have: as if there were no cookie.
            return false;
        }
    }

    /// <summary>Remembers the acknowledgment of the current version of <paramref name="policy"/> for <paramref name="lifetime"/>.</summary>
    public void Remember(HttpContext context, CompiledPolicy policy, TimeSpan lifetime)
    {
        var value = _protector.Protect(Payload(policy), lifetime);
        context.Response.Cookies.Append(CookieName(policy), value, ContentGateCookie.Options(context, lifetime));
    }

    private static string Payload(CompiledPolicy policy) => policy.Name + "|" + policy.Version;
}
