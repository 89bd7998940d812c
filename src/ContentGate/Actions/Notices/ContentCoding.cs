namespace ContentGate.Actions.Notices;

/// <summary>
/// A content coding (RFC 9110 §8.4.1) that ContentGate can take a page out of, to put a notice into it, and put it back
/// into for the reader.
/// </summary>
internal enum ContentCoding
{
    /// <summary>No coding: the bytes are the page.</summary>
    Identity,

    /// <summary><c>gzip</c> (or <c>x-gzip</c>).</summary>
    Gzip,

    /// <summary>
    /// <c>deflate</c>: the zlib format as the standard says, or the raw deflate data some servers send instead (told
    /// apart by the first two bytes, as browsers do). Read, never written.
    /// </summary>
    Deflate,

    /// <summary><c>br</c>.</summary>
    Brotli,
}
