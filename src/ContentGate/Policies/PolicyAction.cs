namespace ContentGate.Policies;

/// <summary>What a policy does to a matching visitor's request.</summary>
public enum PolicyAction
{
    /// <summary>Insert the configured HTML into HTML pages, right after the <c>&lt;body&gt;</c> start tag.</summary>
    Notice = 1,

    /// <summary>Answer <c>451 Unavailable For Legal Reasons</c> (RFC 7725) instead of the content.</summary>
    Block = 2,
}
