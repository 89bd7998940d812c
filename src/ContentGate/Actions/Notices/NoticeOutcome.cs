namespace ContentGate.Actions.Notices;

/// <summary>What <see cref="NoticeInjectingBodyFeature"/> did with a response; for logging and metrics.</summary>
internal enum NoticeOutcome
{
    /// <summary>Nothing has been decided yet: no write, flush, start, file or completion happened.</summary>
    Undecided = 0,

    /// <summary>The response is being rewritten and nothing has been inserted yet (transient).</summary>
    Scanning,

    /// <summary>
    /// Notice content was inserted at one or more places; <see cref="NoticeInjectingBodyFeature.InsertedPlacements"/>
    /// says which. Reported as soon as the first content is written, while later places may still be pending.
    /// </summary>
    Injected,

    /// <summary>
    /// The HTML response had no body start to put the notice at: a fragment or partial (content opens its body, but it
    /// does not start as a document), a frameset page, or a page that ends inside a comment, script, tag or template
    /// before anything opened its body. Its bytes were passed through unchanged, though its headers were already
    /// adjusted for rewriting.
    /// </summary>
    NoBodyTag,

    /// <summary>
    /// The response is an eligible HTML page but the notice is empty (visitor not matched on a covered path):
    /// the body is untouched; only the cache rules were applied.
    /// </summary>
    EmptyNotice,

    /// <summary>Passed through: the media type is not <c>text/html</c> or <c>application/xhtml+xml</c>.</summary>
    NotHtml,

    /// <summary>Passed through: a HEAD request.</summary>
    HeadRequest,

    /// <summary>Passed through: the status is not 2xx, or is 204 or 205.</summary>
    StatusNotEligible,

    /// <summary>
    /// Passed through: the body already has a <c>Content-Encoding</c> ContentGate cannot take off — two codings, or one
    /// other than <c>gzip</c>, <c>deflate</c> and <c>br</c>.
    /// </summary>
    ContentEncoded,

    /// <summary>Passed through: a 206 response or one with <c>Content-Range</c>.</summary>
    PartialContent,

    /// <summary>Passed through: the charset is not ASCII-compatible (UTF-16, UTF-32, UTF-7, ISO-2022 …).</summary>
    UnsupportedCharset,

    /// <summary>Passed through: the response had already started before anything was written through the feature.</summary>
    ResponseStarted,

    /// <summary>
    /// The page arrived in a coding ContentGate decodes, but its data was corrupt (or, for brotli, cut short): the
    /// response was aborted, whatever had been inserted by then.
    /// </summary>
    CorruptEncoding,
}
