namespace ContentGate.ConformanceTests.Apps;

/// <summary>
/// Where the framework middleware sits relative to <c>UseContentGate</c>: the documented order, and each middleware
/// moved to the wrong side of it, one at a time.
/// </summary>
public enum PipelineOrder
{
    /// <summary>
    /// <c>UseForwardedHeaders</c>, <c>UseResponseCompression</c>, <c>UseRouting</c>, <c>UseContentGate</c>,
    /// <c>UseOutputCache</c>, <c>UseResponseCaching</c>, <c>UseStaticFiles</c>, the endpoints.
    /// </summary>
    Documented,

    /// <summary><c>UseForwardedHeaders</c> right after <c>UseContentGate</c>.</summary>
    ForwardedHeadersAfterContentGate,

    /// <summary><c>UseResponseCompression</c> right after <c>UseContentGate</c>.</summary>
    CompressionAfterContentGate,

    /// <summary><c>UseOutputCache</c> right before <c>UseContentGate</c>.</summary>
    OutputCacheBeforeContentGate,

    /// <summary><c>UseResponseCaching</c> right before <c>UseContentGate</c>.</summary>
    ResponseCachingBeforeContentGate,

    /// <summary><c>UseRouting</c> right after <c>UseContentGate</c>.</summary>
    RoutingAfterContentGate,

    /// <summary><c>UseStaticFiles</c> (with <c>UseDefaultFiles</c>) right before <c>UseContentGate</c>.</summary>
    StaticFilesBeforeContentGate,
}
