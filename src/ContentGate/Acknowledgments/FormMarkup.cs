using ContentGate.Assets;
using Microsoft.AspNetCore.Http;
using ContentGate.Policies;

namespace ContentGate.Acknowledgments;

/// <summary>
/// The no-JavaScript forms behind the dismiss and acknowledge buttons: a POST to ContentGate's prefix with the policy,
/// its version and the local URL to return to. No token: <see cref="CrossOriginProtection"/> refuses posts from other
/// sites, so rendering a form changes nothing about the response (no cookie, no cache headers).
/// </summary>
internal static class FormMarkup
{
    public const string PolicyField = "policy";
    public const string VersionField = "version";
    public const string ReturnUrlField = "returnUrl";

    public static string Render(HttpContext context, string prefix, string action, CompiledPolicy policy, string buttonText, string formClass, bool autofocus)
    {
        var returnUrl = context.Request.PathBase.Add(context.Request.Path).Add(context.Request.QueryString).ToString();
        var target = context.Request.PathBase.Add(prefix + "/" + action).ToString();
        var encoder = PageDocument.Encoder;
        return $"<form class=\"{formClass}\" method=\"post\" action=\"{encoder.Encode(target)}\">"
            + $"<input type=\"hidden\" name=\"{PolicyField}\" value=\"{encoder.Encode(policy.Name)}\">"
            + $"<input type=\"hidden\" name=\"{VersionField}\" value=\"{encoder.Encode(policy.Version)}\">"
            + $"<input type=\"hidden\" name=\"{ReturnUrlField}\" value=\"{encoder.Encode(returnUrl)}\">"
            + $"<button type=\"submit\" class=\"contentgate-button\"{(autofocus ? " autofocus" : string.Empty)}>{encoder.Encode(buttonText)}</button></form>";
    }

    /// <summary>
    /// Returns <paramref name="returnUrl"/> when it is a local URL of this app, otherwise the app's root: a form post
    /// must never become an open redirect.
    /// </summary>
    public static string LocalReturnUrl(HttpContext context, string? returnUrl)
    {
        var root = context.Request.PathBase.HasValue ? context.Request.PathBase.Value! : "/";
        if (string.IsNullOrEmpty(returnUrl) || returnUrl[0] != '/')
        {
            return root;
        }

        // "//host" and "/\host" are protocol-relative to browsers; control characters could split the header.
        if (returnUrl.Length > 1 && (returnUrl[1] == '/' || returnUrl[1] == '\\'))
        {
            return root;
        }

        foreach (var c in returnUrl)
        {
            if (char.IsControl(c))
            {
                return root;
            }
        }

        return returnUrl;
    }
}
