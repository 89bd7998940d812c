using System.Buffers;
using System.Numerics;

namespace ContentGate.Notices;

/// <summary>
/// Finds the places where notices go in an HTML byte stream that arrives in chunks, without buffering: the end
/// of the first real <c>&lt;body …&gt;</c> start tag and, after it when asked, the end of the first real
/// <c>&lt;!-- contentgate:notice --&gt;</c> marker comment and the start of the first real <c>&lt;/body</c> end tag.
/// A small subset of the WHATWG HTML tokenizer that keeps only a state, a partial tag name (as a set of candidate
/// names), the progress through a raw-text end tag and the progress through the marker.
/// </summary>
/// <remarks>
/// <para>
/// Works on any ASCII-compatible encoding (UTF-8, windows-125x, KOI8-R, ISO-8859-x, Shift_JIS, GBK, Big5 …):
/// the bytes that drive the tokenizer (<c>&lt; &gt; / ! - = " '</c> and whitespace) never occur inside a
/// multi-byte character in those encodings, and an ASCII letter does so only after a non-ASCII lead byte,
/// which already makes a tag name differ from every name looked for. Bytes ≥ 0x80, including a UTF-8 byte
/// order mark at the start, are ordinary text.
/// </para>
/// <para>
/// What it follows, as browsers do: tag names are ASCII case-insensitive and end at whitespace, <c>/</c> or
/// <c>&gt;</c> (so <c>&lt;bodyx&gt;</c> and <c>&lt;body-x&gt;</c> are other elements); attribute values may be
/// double-quoted, single-quoted or unquoted and a quoted value may contain <c>&gt;</c>; a quote that is not
/// right after <c>=</c> is part of an attribute name, not the start of a value; end tags are tokenized like any
/// other tag, attributes included; comments (<c>&lt;!-- … --&gt;</c>, including the
/// abrupt <c>&lt;!--&gt;</c> and <c>&lt;!---&gt;</c> and the <c>--!&gt;</c> ending), <c>&lt;!DOCTYPE …&gt;</c>,
/// <c>&lt;?…&gt;</c> and other bogus comments; the contents of the raw-text and RCDATA elements <c>script</c>,
/// <c>style</c>, <c>textarea</c>, <c>title</c>, <c>xmp</c>, <c>iframe</c>, <c>noembed</c>, <c>noframes</c> and
/// <c>noscript</c> (scripting is assumed enabled, as in every browser that matters), which end only at
/// <c>&lt;/name</c> followed by whitespace, <c>/</c> or <c>&gt;</c>; and <c>plaintext</c>, which never ends.
/// </para>
/// <para>
/// What it looks for, in order, each at most once:
/// </para>
/// <list type="bullet">
/// <item><description><see cref="NoticePlacements.AfterBodyStart"/>: the <c>&gt;</c> that ends the first real
/// <c>&lt;body</c> start tag. Always looked for first; nothing else counts before it, so a marker or a
/// <c>&lt;/body&gt;</c> in the head is ignored.</description></item>
/// <item><description><see cref="NoticePlacements.AtMarker"/> (when asked): the <c>&gt;</c> that ends the first
/// <c>&lt;!--</c> comment after the body start tag whose data, trimmed of ASCII whitespace, is
/// <c>contentgate:notice</c> in any ASCII case. The comment data is what a browser would put in the DOM, so
/// <c>&lt;!--contentgate:notice---&gt;</c> (data <c>contentgate:notice-</c>) is not a marker; neither is a bogus
/// comment such as <c>&lt;!contentgate:notice&gt;</c>. A marker after the first <c>&lt;/body</c> is not looked for.
/// </description></item>
/// <item><description><see cref="NoticePlacements.BeforeBodyEnd"/> (when asked for it or for the marker, whose
/// content falls back there): the first <c>&lt;/body</c> end tag after the body start tag, recognized at the byte
/// after <c>&lt;/body</c> (whitespace, <c>/</c> or <c>&gt;</c>), which it does not consume. The place is the
/// <c>&lt;</c>, <see cref="BodyEndTagLength"/> bytes earlier, possibly in an earlier chunk: until the byte after
/// them is seen, the last <see cref="PendingLength"/> bytes fed may be the start of it.</description></item>
/// </list>
/// <para>
/// Deliberate simplifications, all rare in real pages. None can insert a notice twice; the first three
/// can put one where it is not shown (inside a template or a script), the second also leaves out pages with
/// no <c>&lt;body</c> tag:
/// </para>
/// <list type="bullet">
/// <item><description>Script data escape states are not modelled: in
/// <c>&lt;script&gt;&lt;!--&lt;script&gt;…&lt;/script&gt;…&lt;/script&gt;</c> (the "double-escaped" state) a browser keeps the
/// script open past the first <c>&lt;/script&gt;</c>; this scanner closes it there.</description></item>
/// <item><description>There is no tree construction. A <c>&lt;body&gt;</c> inside <c>&lt;template&gt;</c> (ignored by
/// browsers), or an explicit <c>&lt;body&gt;</c> after content that already opened the body implicitly, is taken
/// as the body tag; likewise a marker or a <c>&lt;/body&gt;</c> inside a template counts. Conversely a page whose
/// body is only implied (no <c>&lt;body</c> at all) is not rewritten.</description></item>
/// <item><description>Foreign content (SVG, MathML) is treated as HTML: <c>&lt;![CDATA[</c> always ends at the
/// first <c>&gt;</c>, as it does in HTML content, whereas inside <c>&lt;svg&gt;</c> a browser reads it up to
/// <c>]]&gt;</c>.</description></item>
/// <item><description><c>noscript</c> is raw text (scripting enabled); with scripting disabled a browser would
/// parse its content as markup.</description></item>
/// </list>
/// <para>
/// Once <see cref="IsFinished"/> is <see langword="true"/> there is nothing left to find and further calls
/// return -1. Not thread-safe; one instance per response.
/// </para>
/// </remarks>
internal sealed class BodyTagScanner
{
    /// <summary>The length of <c>&lt;/body</c>: how far before the reported position a body end tag starts.</summary>
    public const int BodyEndTagLength = 6;

    // Elements whose start tag changes how the bytes after it are tokenized, plus body itself.
    // Indexes are bit positions in _candidates.
    private const int Body = 0;
    private const int PlainText = 10;
    private const ushort AllCandidates = (1 << 11) - 1;

    // _markerProgress: -1 once the comment can no longer be the marker (or no marker is looked for); 0 before
    // its first non-whitespace byte; 1 to MarkerText.Length after matching that much of it.
    private const int NotMarker = -1;

    private static readonly byte[][] s_elementNames =
    [
        "body"u8.ToArray(),      // 0: the one we look for
        "script"u8.ToArray(),    // raw text (script data)
        "style"u8.ToArray(),     // raw text
        "textarea"u8.ToArray(),  // RCDATA
        "title"u8.ToArray(),     // RCDATA
        "xmp"u8.ToArray(),       // raw text
        "iframe"u8.ToArray(),    // raw text
        "noembed"u8.ToArray(),   // raw text
        "noframes"u8.ToArray(),  // raw text
        "noscript"u8.ToArray(),  // raw text when scripting is enabled
        "plaintext"u8.ToArray(), // 10: everything after it is text, for good
    ];

    // The longest name in s_elementNames ("plaintext"): a tag name read further than this matches none of them.
    private const int LongestElementName = 9;

    // s_namesWithByteAt[position * 128 + b]: the names in s_elementNames whose byte at `position` is the lower-case
    // ASCII byte b. One lookup a byte narrows the candidates, instead of a comparison per name.
    private static readonly ushort[] s_namesWithByteAt = BuildNamesWithByteAt();

    // s_namesOfLength[length]: the names in s_elementNames that are `length` bytes long, for 0 to LongestElementName.
    private static readonly ushort[] s_namesOfLength = BuildNamesOfLength();

    // What ends a tag name (and, with "=", an attribute name): ASCII whitespace, "/" and ">". Everything between
    // is skipped with one vectorized search once it can no longer change the outcome.
    private static readonly SearchValues<byte> s_tagNameEnd = SearchValues.Create(" \t\n\f\r/>"u8);
    private static readonly SearchValues<byte> s_attributeNameEnd = SearchValues.Create(" \t\n\f\r/>="u8);
    private static readonly SearchValues<byte> s_unquotedValueEnd = SearchValues.Create(" \t\n\f\r>"u8);

    // s_endsTagName[b]: whether byte b ends a tag name (ASCII whitespace, "/" or ">"), as one load.
    private static readonly bool[] s_endsTagName = BuildEndsTagName();

    private State _state;

    // What is still to be found after the body start tag: BeforeBodyEnd and/or AtMarker. Either one means the
    // body end tag is looked for, since the marker's content falls back there.
    private NoticePlacements _sought;
    private bool _bodyStartFound;

    // The names in s_elementNames that the tag name read so far is a prefix of: any of them for a start tag,
    // only body for an end tag while the body end tag is looked for.
    private ushort _candidates;
    private int _nameLength;
    private bool _isEndTag;

    // Inside a raw-text element: which one, and how much of "</name" has been matched after "</".
    private int _rawTextElement;
    private int _rawTextMatched;

    private int _markerProgress = NotMarker;

    /// <summary>Initializes a scanner that looks for the body start tag only.</summary>
    public BodyTagScanner()
        : this(NoticePlacements.None)
    {
    }

    /// <summary>Initializes a scanner that looks for the body start tag, then for the places in <paramref name="sought"/>.</summary>
    /// <param name="sought">
    /// Any of <see cref="NoticePlacements.BeforeBodyEnd"/> and <see cref="NoticePlacements.AtMarker"/>; other flags
    /// are ignored (the body start tag is always looked for).
    /// </param>
    public BodyTagScanner(NoticePlacements sought)
    {
        _sought = sought & (NoticePlacements.BeforeBodyEnd | NoticePlacements.AtMarker);
    }

    private enum State : byte
    {
        Data,
        TagOpen,
        EndTagOpen,
        TagName,
        BeforeAttributeName,
        AttributeName,
        AfterAttributeName,
        BeforeAttributeValue,
        AttributeValueDoubleQuoted,
        AttributeValueSingleQuoted,
        AttributeValueUnquoted,
        AfterAttributeValueQuoted,
        SelfClosingStartTag,
        MarkupDeclarationOpen,
        MarkupDeclarationDash,
        CommentStart,
        CommentStartDash,
        Comment,
        CommentEndDash,
        CommentEnd,
        CommentEndBang,
        BogusComment,
        RawText,
        RawTextLessThanSign,
        RawTextEndTagName,
        PlainText,
        Finished,
    }

    /// <summary>Gets a value indicating whether the end of the first real body start tag has been seen.</summary>
    public bool BodyStartFound => _bodyStartFound;

    /// <summary>Gets a value indicating whether everything looked for has been found: the scanner is done.</summary>
    public bool IsFinished => _state == State.Finished;

    /// <summary>
    /// Gets how many of the last bytes fed may be the start of the body end tag looked for (<c>&lt;</c>,
    /// <c>&lt;/</c>, <c>&lt;/b</c> … <c>&lt;/body</c> in any case): 0 to <see cref="BodyEndTagLength"/>, and 0 unless
    /// the body end tag is looked for. A caller that inserts before that tag holds these bytes back until a later
    /// chunk settles them.
    /// </summary>
    public int PendingLength
    {
        get
        {
            if (!_bodyStartFound || _sought == NoticePlacements.None)
            {
                return 0;
            }

            return _state switch
            {
                State.TagOpen => 1,
                State.EndTagOpen => 2,
                State.TagName when _isEndTag && _candidates != 0 => 2 + _nameLength,
                _ => 0,
            };
        }
    }

    private bool SeekingMarker => _bodyStartFound && (_sought & NoticePlacements.AtMarker) != 0;

    /// <summary>
    /// Feeds the next chunk of the document, up to the next place found. The places found and their positions in
    /// the document do not depend on how it is split into chunks.
    /// </summary>
    /// <param name="chunk">The next bytes of the document, in order.</param>
    /// <param name="found">
    /// What the returned position completes: <see cref="NoticePlacements.AfterBodyStart"/>,
    /// <see cref="NoticePlacements.AtMarker"/> or <see cref="NoticePlacements.BeforeBodyEnd"/>; or
    /// <see cref="NoticePlacements.None"/> when the result is -1.
    /// </param>
    /// <returns>
    /// The index in <paramref name="chunk"/> just after the bytes that complete <paramref name="found"/>: after the
    /// <c>&gt;</c> of the body start tag or of the marker comment, after the <c>&lt;/body</c> of the body end tag (whose
    /// <c>&lt;</c> is <see cref="BodyEndTagLength"/> bytes earlier). Feed the rest of the chunk in another call.
    /// -1 when the whole chunk was read without completing anything, including every call once
    /// <see cref="IsFinished"/>.
    /// </returns>
    public int Scan(ReadOnlySpan<byte> chunk, out NoticePlacements found)
    {
        found = NoticePlacements.None;
        var i = 0;
        while (i < chunk.Length)
        {
            var c = chunk[i];
            switch (_state)
            {
                case State.Data:
                    i = SkipData(chunk, i);
                    break;

                case State.TagOpen:
                    if (IsAsciiLetter(c))
                    {
                        BeginTagName(isEndTag: false); // reconsume the letter as part of the name
                    }
                    else
                    {
                        _state = c switch
                        {
                            (byte)'!' => State.MarkupDeclarationOpen,
                            (byte)'/' => State.EndTagOpen,
                            (byte)'?' => State.BogusComment,
                            _ => State.Data, // "<" followed by anything else is text; reconsume (it may be "<")
                        };
                        if (_state != State.Data)
                        {
                            i++;
                        }
                    }

                    break;

                case State.EndTagOpen:
                    if (IsAsciiLetter(c))
                    {
                        BeginTagName(isEndTag: true);
                    }
                    else
                    {
                        // "</>" is dropped; "</" followed by anything else starts a bogus comment.
                        _state = c == '>' ? State.Data : State.BogusComment;
                        i++;
                    }

                    break;

                case State.TagName:
                    if (IsWhitespace(c) || c is (byte)'/' or (byte)'>')
                    {
                        if (_isEndTag && MatchedElement() == Body)
                        {
                            // Only possible while the body end tag is looked for (see BeginTagName). The byte
                            // after "</body" is left for the caller to pass on with the rest of the chunk.
                            _state = State.Finished;
                            found = NoticePlacements.BeforeBodyEnd;
                            return i;
                        }

                        i++;
                        if (c == '>')
                        {
                            if (EmitTag())
                            {
                                found = NoticePlacements.AfterBodyStart;
                                return i;
                            }
                        }
                        else
                        {
                            _state = c == '/' ? State.SelfClosingStartTag : State.BeforeAttributeName;
                        }
                    }
                    else
                    {
                        i = ReadTagName(chunk, i);
                    }

                    break;

                case State.BeforeAttributeName:
                    if (IsWhitespace(c))
                    {
                        i++;
                    }
                    else if (c is (byte)'/' or (byte)'>')
                    {
                        _state = State.AfterAttributeName;
                    }
                    else
                    {
                        // Any other byte, even "=", a quote or "<", starts an attribute name.
                        _state = State.AttributeName;
                        i++;
                    }

                    break;

                case State.AttributeName:
                    if (IsWhitespace(c) || c is (byte)'/' or (byte)'>')
                    {
                        _state = State.AfterAttributeName;
                    }
                    else if (c == '=')
                    {
                        _state = State.BeforeAttributeValue;
                        i++;
                    }
                    else
                    {
                        // Quotes here belong to the name; only "=" moves on to a value.
                        i = IndexOfAnyFrom(chunk, i + 1, s_attributeNameEnd);
                    }

                    break;

                case State.AfterAttributeName:
                    if (IsWhitespace(c))
                    {
                        i++;
                    }
                    else if (c == '/')
                    {
                        _state = State.SelfClosingStartTag;
                        i++;
                    }
                    else if (c == '=')
                    {
                        _state = State.BeforeAttributeValue;
                        i++;
                    }
                    else if (c == '>')
                    {
                        i++;
                        if (EmitTag())
                        {
                            found = NoticePlacements.AfterBodyStart;
                            return i;
                        }
                    }
                    else
                    {
                        _state = State.AttributeName;
                    }

                    break;

                case State.BeforeAttributeValue:
                    if (IsWhitespace(c))
                    {
                        i++;
                    }
                    else if (c == '"')
                    {
                        _state = State.AttributeValueDoubleQuoted;
                        i++;
                    }
                    else if (c == '\'')
                    {
                        _state = State.AttributeValueSingleQuoted;
                        i++;
                    }
                    else if (c == '>')
                    {
                        i++;
                        if (EmitTag())
                        {
                            found = NoticePlacements.AfterBodyStart;
                            return i;
                        }
                    }
                    else
                    {
                        _state = State.AttributeValueUnquoted;
                    }

                    break;

                case State.AttributeValueDoubleQuoted:
                    i = Skip(chunk, i, (byte)'"', State.AfterAttributeValueQuoted);
                    break;

                case State.AttributeValueSingleQuoted:
                    i = Skip(chunk, i, (byte)'\'', State.AfterAttributeValueQuoted);
                    break;

                case State.AttributeValueUnquoted:
                    if (IsWhitespace(c))
                    {
                        _state = State.BeforeAttributeName;
                        i++;
                    }
                    else if (c == '>')
                    {
                        i++;
                        if (EmitTag())
                        {
                            found = NoticePlacements.AfterBodyStart;
                            return i;
                        }
                    }
                    else
                    {
                        i = IndexOfAnyFrom(chunk, i + 1, s_unquotedValueEnd);
                    }

                    break;

                case State.AfterAttributeValueQuoted:
                case State.SelfClosingStartTag:
                    if (c == '>')
                    {
                        i++;
                        if (EmitTag())
                        {
                            found = NoticePlacements.AfterBodyStart;
                            return i;
                        }
                    }
                    else if (c == '/' && _state == State.AfterAttributeValueQuoted)
                    {
                        _state = State.SelfClosingStartTag;
                        i++;
                    }
                    else
                    {
                        // Whitespace is consumed there; anything else (a missing space) is reconsumed.
                        _state = State.BeforeAttributeName;
                    }

                    break;

                case State.MarkupDeclarationOpen:
                    // "<!--" starts a comment; "<!DOCTYPE", "<![CDATA[" (in HTML content) and everything else
                    // end at the first ">", exactly like a bogus comment.
                    if (c == '-')
                    {
                        _state = State.MarkupDeclarationDash;
                        i++;
                    }
                    else
                    {
                        _state = State.BogusComment;
                    }

                    break;

                case State.MarkupDeclarationDash:
                    if (c == '-')
                    {
                        _state = State.CommentStart;
                        _markerProgress = SeekingMarker ? 0 : NotMarker;
                        i++;
                    }
                    else
                    {
                        _state = State.BogusComment;
                    }

                    break;

                case State.CommentStart:
                case State.CommentStartDash:
                    if (c == '>')
                    {
                        // "<!-->" and "<!--->" are complete (empty) comments.
                        _state = State.Data;
                        i++;
                    }
                    else if (c == '-')
                    {
                        _state = _state == State.CommentStart ? State.CommentStartDash : State.CommentEnd;
                        i++;
                    }
                    else
                    {
                        if (_state == State.CommentStartDash)
                        {
                            _markerProgress = NotMarker; // "<!---x": the data starts with "-"
                        }

                        _state = State.Comment;
                    }

                    break;

                case State.Comment:
                    if (_markerProgress == NotMarker)
                    {
                        i = Skip(chunk, i, (byte)'-', State.CommentEndDash);
                    }
                    else
                    {
                        i++;
                        if (c == '-')
                        {
                            _state = State.CommentEndDash;
                        }
                        else
                        {
                            AppendToMarker(c);
                        }
                    }

                    break;

                case State.CommentEndDash:
                    if (c == '-')
                    {
                        _state = State.CommentEnd;
                        i++;
                    }
                    else
                    {
                        _markerProgress = NotMarker; // a lone "-" is data
                        _state = State.Comment;
                    }

                    break;

                case State.CommentEnd:
                    switch (c)
                    {
                        case (byte)'>':
                            i++;
                            if (EmitComment())
                            {
                                found = NoticePlacements.AtMarker;
                                return i;
                            }

                            break;
                        case (byte)'!':
                            _state = State.CommentEndBang;
                            i++;
                            break;
                        case (byte)'-':
                            _markerProgress = NotMarker; // "--->": the first "-" is data
                            i++; // still at the end
                            break;
                        default:
                            _markerProgress = NotMarker; // "--" inside the comment is data
                            _state = State.Comment;
                            break;
                    }

                    break;

                case State.CommentEndBang:
                    if (c == '>')
                    {
                        i++;
                        if (EmitComment())
                        {
                            found = NoticePlacements.AtMarker;
                            return i;
                        }
                    }
                    else
                    {
                        _markerProgress = NotMarker; // "--!" inside the comment is data
                        if (c == '-')
                        {
                            _state = State.CommentEndDash;
                            i++;
                        }
                        else
                        {
                            _state = State.Comment;
                        }
                    }

                    break;

                case State.BogusComment:
                    i = Skip(chunk, i, (byte)'>', State.Data);
                    break;

                case State.RawText:
                    i = Skip(chunk, i, (byte)'<', State.RawTextLessThanSign);
                    break;

                case State.RawTextLessThanSign:
                    if (c == '/')
                    {
                        _state = State.RawTextEndTagName;
                        _rawTextMatched = 0;
                        i++;
                    }
                    else
                    {
                        _state = State.RawText; // reconsume: it may be another "<"
                    }

                    break;

                case State.RawTextEndTagName:
                    i = MatchRawTextEndTag(c, i);
                    break;

                case State.PlainText:
                case State.Finished:
                    return -1;

                default:
                    throw new InvalidOperationException($"Unexpected scanner state {_state}.");
            }
        }

        return -1;
    }

    private static bool IsWhitespace(byte c) =>
        c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\f' or (byte)'\r';

    private static bool IsAsciiLetter(byte c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    private static byte ToLowerAscii(byte c) => (uint)(c - 'A') <= 'Z' - 'A' ? (byte)(c | 0x20) : c;

    // Jumps to just after the next `target` byte (vectorized), or to the end of the chunk.
    private int Skip(ReadOnlySpan<byte> chunk, int i, byte target, State next)
    {
        var found = chunk[i..].IndexOf(target);
        if (found < 0)
        {
            return chunk.Length;
        }

        _state = next;
        return i + found + 1;
    }

    private void BeginTagName(bool isEndTag)
    {
        _state = State.TagName;
        _isEndTag = isEndTag;

        // End tag names matter only as the body end tag, and only once the body has started.
        _candidates = !isEndTag ? AllCandidates
            : _bodyStartFound && _sought != NoticePlacements.None ? (ushort)(1 << Body)
            : (ushort)0;
        _nameLength = 0;
    }

    // In the tag name state, at a byte that does not end the name: reads the name bytes up to the end of the name or
    // of the chunk, narrowing the candidates, and returns the position after them.
    private int ReadTagName(ReadOnlySpan<byte> chunk, int i)
    {
        var candidates = _candidates;
        var length = _nameLength;
        while (candidates != 0)
        {
            var c = chunk[i];
            if (IsWhitespace(c) || c is (byte)'/' or (byte)'>')
            {
                _candidates = candidates;
                _nameLength = length;
                return i;
            }

            var lower = (uint)ToLowerAscii(c);
            candidates &= length < LongestElementName && lower < 128 ? s_namesWithByteAt[(length * 128) + (int)lower] : (ushort)0;
            length++;
            if (++i == chunk.Length)
            {
                _candidates = candidates;
                _nameLength = length;
                return i;
            }
        }

        // No name is possible any more (or none was looked for): the rest of the name cannot matter.
        _candidates = 0;
        _nameLength = length;
        return IndexOfAnyFrom(chunk, i, s_tagNameEnd);
    }

    // In the data state: skips text and every simple tag ("<p>", "</div>": a name then ">", all in this chunk) that
    // is none of the elements looked for, in one tight loop; stops at the first "<" that needs the state machine,
    // with the state set as if it had read every byte so far (at the end of the chunk, in the data state).
    private int SkipData(ReadOnlySpan<byte> chunk, int i)
    {
        var endTagCandidates = _bodyStartFound && _sought != NoticePlacements.None ? (ushort)(1 << Body) : (ushort)0;
        while (true)
        {
            var lessThan = chunk[i..].IndexOf((byte)'<');
            if (lessThan < 0)
            {
                return chunk.Length;
            }

            i += lessThan + 1;
            var isEndTag = i < chunk.Length && chunk[i] == '/';
            var nameStart = isEndTag ? i + 1 : i;
            if (nameStart >= chunk.Length || !IsAsciiLetter(chunk[nameStart]))
            {
                // "<" or "</" at the end of the chunk, or not followed by a letter: the state machine takes over.
                _state = isEndTag ? State.EndTagOpen : State.TagOpen;
                return nameStart;
            }

            var candidates = isEndTag ? endTagCandidates : AllCandidates;
            var end = nameStart;
            while (end < chunk.Length && !s_endsTagName[chunk[end]])
            {
                var lower = (uint)ToLowerAscii(chunk[end]);
                var position = end - nameStart;
                candidates &= position < LongestElementName && lower < 128 ? s_namesWithByteAt[(position * 128) + (int)lower] : (ushort)0;
                end++;
            }

            var length = end - nameStart;
            if (end < chunk.Length && chunk[end] == '>'
                && (length > LongestElementName || (candidates & s_namesOfLength[length]) == 0))
            {
                i = end + 1; // a whole tag that changes nothing: still in the data state
                continue;
            }

            // Attributes, a name that matters, or the end of the chunk: on in the tag name state, at the byte after the
            // name read so far. (Once no candidate is left, the length no longer matters.)
            _state = State.TagName;
            _isEndTag = isEndTag;
            _candidates = candidates;
            _nameLength = length;
            return end;
        }
    }

    // The position of the first byte from `start` on that is in `values`, or the end of the chunk.
    private static int IndexOfAnyFrom(ReadOnlySpan<byte> chunk, int start, SearchValues<byte> values)
    {
        var found = chunk[start..].IndexOfAny(values);
        return found < 0 ? chunk.Length : start + found;
    }

    private static ushort[] BuildNamesWithByteAt()
    {
        var table = new ushort[LongestElementName * 128];
        for (var candidate = 0; candidate < s_elementNames.Length; candidate++)
        {
            var name = s_elementNames[candidate];
            for (var position = 0; position < name.Length; position++)
            {
                table[(position * 128) + name[position]] |= (ushort)(1 << candidate);
            }
        }

        return table;
    }

    private static bool[] BuildEndsTagName()
    {
        var table = new bool[256];
        foreach (var b in " \t\n\f\r/>"u8)
        {
            table[b] = true;
        }

        return table;
    }

    private static ushort[] BuildNamesOfLength()
    {
        var table = new ushort[LongestElementName + 1];
        for (var candidate = 0; candidate < s_elementNames.Length; candidate++)
        {
            table[s_elementNames[candidate].Length] |= (ushort)(1 << candidate);
        }

        return table;
    }

    // Called after the ">" that ends a tag has been consumed. Returns true when it was the body start tag.
    private bool EmitTag()
    {
        _state = State.Data;
        if (_isEndTag)
        {
            return false;
        }

        var element = MatchedElement();
        switch (element)
        {
            case Body:
                if (_bodyStartFound)
                {
                    return false; // a second body start tag is just a tag
                }

                _bodyStartFound = true;
                if (_sought == NoticePlacements.None)
                {
                    _state = State.Finished;
                }

                return true;
            case PlainText:
                _state = State.PlainText;
                break;
            case > 0:
                // A self-closing flag ("<script/>") is ignored on these elements by browsers as well.
                _state = State.RawText;
                _rawTextElement = element;
                break;
        }

        return false;
    }

    // The candidate whose whole name has been read, or -1. Names are distinct, so at most one has this length.
    private int MatchedElement()
    {
        var matched = _nameLength <= LongestElementName ? _candidates & s_namesOfLength[_nameLength] : 0;
        return matched == 0 ? -1 : BitOperations.TrailingZeroCount(matched);
    }

    // One byte of comment data (never "-", which the states handle): leading whitespace, the marker text in any
    // ASCII case, trailing whitespace.
    private void AppendToMarker(byte c)
    {
        var marker = "contentgate:notice"u8;
        var progress = _markerProgress;
        if (IsWhitespace(c))
        {
            if (progress != 0 && progress != marker.Length)
            {
                _markerProgress = NotMarker;
            }
        }
        else
        {
            _markerProgress = progress < marker.Length && ToLowerAscii(c) == marker[progress] ? progress + 1 : NotMarker;
        }
    }

    // Called after the ">" that ends a comment has been consumed. Returns true when it was the marker.
    private bool EmitComment()
    {
        _state = State.Data;
        var isMarker = _markerProgress == "contentgate:notice"u8.Length;
        _markerProgress = NotMarker;
        if (!isMarker)
        {
            return false;
        }

        _sought &= ~NoticePlacements.AtMarker;
        if (_sought == NoticePlacements.None)
        {
            _state = State.Finished;
        }

        return true;
    }

    // After "</" inside raw text: matches the element's name, then needs whitespace, "/" or ">".
    // Returns the new position; on a mismatch the byte is reconsumed as raw text.
    private int MatchRawTextEndTag(byte c, int i)
    {
        var name = s_elementNames[_rawTextElement];
        if (_rawTextMatched < name.Length)
        {
            if (ToLowerAscii(c) == name[_rawTextMatched])
            {
                _rawTextMatched++;
                return i + 1;
            }

            _state = State.RawText;
            return i;
        }

        if (IsWhitespace(c) || c == '/')
        {
            // A real end tag; its attributes (quoted ">" included) are tokenized as for any tag.
            _isEndTag = true;
            _candidates = 0;
            _state = IsWhitespace(c) ? State.BeforeAttributeName : State.SelfClosingStartTag;
            return i + 1;
        }

        _state = c == '>' ? State.Data : State.RawText;
        return c == '>' ? i + 1 : i;
    }
}
