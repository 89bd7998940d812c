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

    /// <summary>What an <see cref="PolicyAction.Acknowledge"/> policy does for an unknown region: <see cref="PolicyFailMode.Apply"/>.</summary>
    public const PolicyFailMode AcknowledgeFailMode = PolicyFailMode.Apply;

    /// <summary>What a <see cref="PolicyAction.Redirect"/> policy does for an unknown region: <see cref="PolicyFailMode.Skip"/>.</summary>
    public const PolicyFailMode RedirectFailMode = PolicyFailMode.Skip;

    /// <summary>
    /// What a policy does for a reader whose country it lists subdivisions of, when the database has no subdivision
    /// for the reader: <see cref="UnresolvedSubdivision.NoMatch"/>, the policy does not apply (the rule as written:
    /// only readers placed in a listed subdivision).
    /// </summary>
    public const UnresolvedSubdivision UnresolvedSubdivision = Policies.UnresolvedSubdivision.NoMatch;

    /// <summary>The language of untranslated texts: <c>en</c>.</summary>
    public const string DefaultLanguage = "en";

    /// <summary>The accessible name of a notice landmark when none is configured.</summary>
    public const string NoticeLabel = "Notice";

    /// <summary>The dismiss button's text when none is configured.</summary>
    public const string DismissText = "Dismiss";

    /// <summary>The acknowledgment page's title when none is configured.</summary>
    public const string AcknowledgeLabel = "Please read before continuing";

    /// <summary>The acknowledge button's text when none is configured.</summary>
    public const string AcknowledgeButtonText = "I understand, continue";

    /// <summary>How long an acknowledgment is remembered: 30 days.</summary>
    public static readonly TimeSpan AcknowledgmentLifetime = TimeSpan.FromDays(30);

    /// <summary>Where ContentGate serves its stylesheet and receives its form posts: <c>/_contentgate</c>.</summary>
    public const string PathPrefix = "/_contentgate";

    /// <summary>The preview query-string parameter: <c>contentgate-region</c>.</summary>
    public const string PreviewParameter = "contentgate-region";

    /// <summary>A redirect's status code: 302.</summary>
    public const int RedirectStatusCode = 302;

    /// <summary>The cookie that remembers dismissed notices.</summary>
    public const string DismissalCookieName = ".ContentGate.Dismissed";

    /// <summary>The prefix of the cookies that remember acknowledgments (one per policy).</summary>
    public const string AcknowledgmentCookiePrefix = ".ContentGate.Ack.";
}
