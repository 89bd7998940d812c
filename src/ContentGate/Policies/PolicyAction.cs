namespace ContentGate.Policies;

/// <summary>What a policy does to a matching visitor's request.</summary>
public enum PolicyAction
{
    /// <summary>Insert the configured HTML into HTML pages, right after the <c>&lt;body&gt;</c> start tag.</summary>
    Notice = 1,

    /// <summary>Answer <c>451 Unavailable For Legal Reasons</c> (RFC 7725) instead of the content.</summary>
    Block = 2,

    /// <summary>
    /// Show an interstitial page instead of the content until the visitor acknowledges it; the acknowledgment is
    /// remembered in a protected cookie bound to the policy and the version of its text.
    /// </summary>
    Acknowledge = 3,

    /// <summary>Redirect to a configured local path or allow-listed absolute URL (302 or 307).</summary>
    Redirect = 4,
}
