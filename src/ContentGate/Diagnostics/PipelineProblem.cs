namespace ContentGate.Diagnostics;

/// <summary>
/// Something about the app's request pipeline that ContentGate noticed at run time and cannot fix by itself: the
/// order of the middleware around it, or a response it was handed in a form it cannot act on. Each is logged once
/// with the fix, counted every time, and shown by the health check (see <see cref="PipelineDiagnostics"/>).
/// </summary>
internal enum PipelineProblem
{
    /// <summary>
    /// An HTML page that had to carry a notice arrived already <c>Content-Encoding</c>-encoded (pre-compressed HTML,
    /// or compression placed between ContentGate and the app that ignores <c>Accept-Encoding</c>), so it went out
    /// without the notice.
    /// </summary>
    EncodedPageWithoutNotice,

    /// <summary><c>UseOutputCache</c> runs before <c>UseContentGate</c>; covered responses are kept out of it.</summary>
    OutputCacheBeforeContentGate,

    /// <summary><c>UseResponseCaching</c> runs before <c>UseContentGate</c>; covered responses are made private.</summary>
    ResponseCachingBeforeContentGate,

    /// <summary>
    /// <c>UseRouting</c> runs after <c>UseContentGate</c>; endpoint rules are applied when routing picks the endpoint.
    /// </summary>
    RoutingAfterContentGate,

    /// <summary>
    /// A request reached an endpoint carrying ContentGate metadata that ContentGate never saw, so its endpoint rules
    /// were not applied.
    /// </summary>
    EndpointRulesNotApplied,

    /// <summary><c>UseForwardedHeaders</c> runs after <c>UseContentGate</c>: regions came from the proxy's address.</summary>
    ForwardedHeadersAfterContentGate,

    /// <summary>
    /// Requests come from a non-public proxy with <c>X-Forwarded-For</c>/<c>Forwarded</c> that the forwarded-headers
    /// middleware does not trust (or that no such middleware reads): every reader behind it is unknown.
    /// </summary>
    ProxyNotTrusted,

    /// <summary>
    /// A response on a path that a Block, Redirect or Acknowledge policy covers was sent without passing through
    /// ContentGate (a middleware before <c>UseContentGate</c> answered it, or <c>UseContentGate</c> is missing).
    /// </summary>
    GatedPathAnsweredWithoutContentGate,

    /// <summary>
    /// An HTML page on a path a Notice policy covers was sent without passing through ContentGate (for example by
    /// <c>UseStaticFiles</c> placed before <c>UseContentGate</c>).
    /// </summary>
    NoticePathAnsweredWithoutContentGate,
}
