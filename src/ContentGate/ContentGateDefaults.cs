using ContentGate.Policies;

namespace ContentGate;

/// <summary>The default value of every ContentGate option, in one place.</summary>
public static class ContentGateDefaults
{
    /// <summary>The configuration section name: <c>ContentGate</c>.</summary>
    public const string SectionName = "ContentGate";

    /// <summary>Whether shared caches key by region: <see langword="false"/>, so region-dependent responses are private.</summary>
    public const bool CdnCacheKeyIncludesRegion = false;

    /// <summary>The paths a policy covers when it lists none: <c>/</c>, that is every path.</summary>
    public const string AllPaths = "/";

    /// <summary>
    /// What a <see cref="PolicyAction.Notice"/> policy does for a visitor whose region is unknown:
    /// <see cref="PolicyFailMode.Apply"/>, because showing a notice to someone who did not need it costs little.
    /// </summary>
    public const PolicyFailMode NoticeFailMode = PolicyFailMode.Apply;

    /// <summary>
    /// What a <see cref="PolicyAction.Block"/> policy does for a visitor whose region is unknown:
    /// <see cref="PolicyFailMode.Skip"/>, because blocking everyone a lookup failed for would take the content
    /// away from readers the order does not concern.
    /// </summary>
    public const PolicyFailMode BlockFailMode = PolicyFailMode.Skip;

    /// <summary>The text of the 451 page and problem details when none is configured.</summary>
    public const string BlockTitle = "Unavailable For Legal Reasons";

    /// <summary>The body of the 451 page when <see cref="BlockOptions.Html"/> is not configured.</summary>
    public const string BlockHtml =
        "<h1>Unavailable For Legal Reasons</h1><p>This content is not available in your region for legal reasons.</p>";

    /// <summary>The <c>detail</c> of the 451 problem details when <see cref="BlockOptions.Detail"/> is not configured.</summary>
    public const string BlockDetail = "This content is not available in your region for legal reasons.";
}
