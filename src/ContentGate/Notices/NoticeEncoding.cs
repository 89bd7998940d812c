namespace ContentGate.Notices;

/// <summary>Which form of a <see cref="NoticeInjection"/> fits a page.</summary>
internal enum NoticeEncoding
{
    /// <summary>The page declares UTF-8: insert <see cref="NoticeInjection.Utf8"/>.</summary>
    Utf8,

    /// <summary>
    /// The page declares another ASCII-compatible charset, or none: insert <see cref="NoticeInjection.Ascii"/>,
    /// which is correct in all of them.
    /// </summary>
    Ascii,
}
