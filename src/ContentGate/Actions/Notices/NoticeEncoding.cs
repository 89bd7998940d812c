namespace ContentGate.Actions.Notices;

/// <summary>Which form of a <see cref="NoticeInjection"/> fits a page.</summary>
internal enum NoticeEncoding
{
    /// <summary>The page declares UTF-8: insert the UTF-8 bytes of the notice.</summary>
    Utf8,

    /// <summary>
    /// The page declares another ASCII-compatible charset, or none: insert the ASCII form of the notice
    /// (ASCII with character references), which is correct in all of them.
    /// </summary>
    Ascii,
}
