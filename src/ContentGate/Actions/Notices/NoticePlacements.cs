namespace ContentGate.Actions.Notices;

/// <summary>
/// Places in a page where notice content goes, and, as reported by
/// <see cref="NoticeInjectingBodyFeature.InsertedPlacements"/>, how they were filled.
/// </summary>
[Flags]
internal enum NoticePlacements
{
    /// <summary>Nowhere.</summary>
    None = 0,

    /// <summary>Right after the page's real <c>&lt;body …&gt;</c> start tag.</summary>
    AfterBodyStart = 1,

    /// <summary>
    /// Right before the first <c>&lt;/body</c> end tag after the body start that the body holds as HTML content (not in
    /// a template, SVG or MathML, script or other text); at the end of the document when there is none (then
    /// <see cref="AppendedAtEnd"/> is reported too) — but not when the document ends inside a comment, a tag, a
    /// template, SVG or MathML, script or other text, or after <c>&lt;plaintext&gt;</c>, where the content would not be
    /// seen: then it is left out.
    /// </summary>
    BeforeBodyEnd = 2,

    /// <summary>
    /// Right after the first <c>&lt;!-- contentgate:notice --&gt;</c> comment after the body start that the body holds
    /// as HTML content (the comment stays in the page; spaces and ASCII case inside it do not matter). A marker before the body start
    /// tag, in the head for example, does not count; later markers are left alone. Without one, the content falls back to just before the body end tag, ahead of
    /// the <see cref="BeforeBodyEnd"/> content (then <see cref="MarkerFallback"/> is reported too).
    /// </summary>
    AtMarker = 4,

    /// <summary>
    /// Reported with <see cref="AtMarker"/>: the page had no marker comment after its body start tag (before its
    /// body end tag), so the content went before the body end tag or at the end of the document. Worth telling the
    /// people who run the page templates.
    /// </summary>
    MarkerFallback = 8,

    /// <summary>
    /// Reported with <see cref="BeforeBodyEnd"/> and/or <see cref="AtMarker"/>: the document ended after its body
    /// start tag without a <c>&lt;/body</c> end tag, so their content was written after its last byte.
    /// </summary>
    AppendedAtEnd = 16,
}
