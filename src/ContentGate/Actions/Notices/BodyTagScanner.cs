using System.Buffers;

namespace ContentGate.Actions.Notices;

/// <summary>
/// Finds the places where notices go in an HTML byte stream that arrives in chunks, without buffering: where the
/// body element starts, and, after it when asked, the end of the first marker comment
/// (<c>&lt;!-- contentgate:notice --&gt;</c>) in the body and the start of the body end tag. A streaming tokenizer with
/// the states of the WHATWG HTML standard (named as there), driven by <see cref="TreeBuilderSimulator"/>, which plays
/// the part of tree construction that decides the tokenizer's state and where the body is.
/// </summary>
/// <remarks>
/// <para>
/// Works on any ASCII-compatible encoding (UTF-8, windows-125x, KOI8-R, ISO-8859-x, Shift_JIS, GBK, Big5 …):
/// the bytes that drive the tokenizer are ASCII and never occur inside a multi-byte character in those encodings,
/// and an ASCII letter does so only after a non-ASCII lead byte, which already makes a tag name differ from every
/// name that matters. A byte ≥ 0x80 is a character that is not whitespace; a UTF-8 byte order mark at the very start
/// is not a character (the decoder strips it).
/// </para>
/// <para>The places, each at most once, in document order:</para>
/// <list type="bullet">
/// <item><description><see cref="NoticePlacements.AfterBodyStart"/>: right after the start tag that created the body
/// element (a <c>&lt;body&gt;</c> tag the tree builder acts on: not one in a template, after a frameset, in text of any
/// kind, or after content that already opened the body). When content opens the body instead — a character that is
/// not whitespace, or a tag the modes before the body do not keep for the head, in a page that started as a document
/// (a DOCTYPE, an <c>&lt;html&gt;</c> or <c>&lt;head&gt;</c> tag) — the place is right before that content, where the
/// inserted content opens the body itself and becomes its first child. A fragment (no such start) gets nothing: its
/// host page carries the notice. A frameset page has no body and gets nothing.</description></item>
/// <item><description><see cref="NoticePlacements.AtMarker"/> (when asked): right after the first <c>&lt;!--</c>
/// comment whose data, trimmed of ASCII whitespace, is <c>contentgate:notice</c> in any ASCII case, read in the body
/// as HTML content (not inside a template, an SVG or a MathML element). A bogus comment such as
/// <c>&lt;!contentgate:notice&gt;</c> does not count.</description></item>
/// <item><description><see cref="NoticePlacements.BeforeBodyEnd"/> (when asked for it or the marker, whose content
/// falls back there): right before the first <c>&lt;/body</c> end tag read in the body as HTML content, recognised at
/// the byte after <c>&lt;/body</c>, which is not consumed. After it nothing is looked for.</description></item>
/// </list>
/// <para>
/// A place may be before bytes already fed: <see cref="BytesBeforePlace"/> says how far before the returned position it
/// is, and <see cref="PendingLength"/> how many of the last bytes fed may still turn out to follow a place (a tag or a
/// character reference not yet read to the point that decides). Those bytes are never more than
/// <see cref="MaxPendingLength"/>. At the end of the document <see cref="Finish"/> says what goes there.
/// </para>
/// <para>
/// Once <see cref="IsFinished"/> is <see langword="true"/> nothing more can be found (everything was, or the page
/// cannot have it) and further calls return -1. Not thread-safe; one instance per response.
/// </para>
/// </remarks>
internal sealed partial class BodyTagScanner
{
    /// <summary>The most bytes ever pending: a numeric character reference is decided by then, whatever it is.</summary>
    public const int MaxPendingLength = 16;

    // Names whose prefix decides something while their bytes are held, as bit positions in _candidates.
    private const int Body = 0;
    private const int Html = 14;
    private const int InBodyStartTags = 0b11_1111_1111_1110; // script … template: they change the tokenizer or the stack
    private const uint OpensBodyAsEndTag = (1u << Body) | (1u << 14) | (1u << 22); // body, html, br
    private const uint AllCandidates = (1u << 23) - 1;

    private const int LongestCandidate = 9;
    private const int NotMarker = -1;

    private static readonly byte[][] s_candidateNames =
    [
        "body"u8.ToArray(), "script"u8.ToArray(), "style"u8.ToArray(), "textarea"u8.ToArray(), "title"u8.ToArray(),
        "xmp"u8.ToArray(), "iframe"u8.ToArray(), "noembed"u8.ToArray(), "noframes"u8.ToArray(), "noscript"u8.ToArray(),
        "plaintext"u8.ToArray(), "svg"u8.ToArray(), "math"u8.ToArray(), "template"u8.ToArray(), "html"u8.ToArray(),
        "head"u8.ToArray(), "frameset"u8.ToArray(), "base"u8.ToArray(), "basefont"u8.ToArray(), "bgsound"u8.ToArray(),
        "link"u8.ToArray(), "meta"u8.ToArray(), "br"u8.ToArray(),
    ];

    // The start tags the modes before the body keep (noscript only before "after head"): see
    // TreeBuilderSimulator.StartTagKeepsBodyClosed, which decides the same from the whole name.
    private static readonly uint s_keepsBodyClosed = Mask("body", "html", "head", "frameset", "base", "basefont", "bgsound",
        "link", "meta", "noframes", "script", "style", "template", "title");

    private static readonly uint s_noscript = Mask("noscript");

    // s_namesWithByteAt[position * 128 + b]: the candidates whose byte at `position` is the lower-case ASCII byte b.
    private static readonly uint[] s_namesWithByteAt = BuildNamesWithByteAt();
    private static readonly uint[] s_namesOfLength = BuildNamesOfLength();

    private static readonly SearchValues<byte> s_attributeNameEnd = SearchValues.Create(" \t\n\f\r/>="u8);
    private static readonly SearchValues<byte> s_unquotedValueEnd = SearchValues.Create(" \t\n\f\r>"u8);
    private static readonly SearchValues<byte> s_dashOrLessThan = SearchValues.Create("-<"u8);
    private static readonly SearchValues<byte> s_whitespace = SearchValues.Create(" \t\n\f\r"u8);
    private static readonly bool[] s_endsTagName = BuildEndsTagName();

    private State _state;
    private TreeBuilderSimulator _tree = new();

    private NoticePlacements _sought;
    private bool _bodyStartFound;

    // How many of the last bytes belong to a token that may yet put a place before itself; 0 when none.
    private int _pending;
    private int _bytesBeforePlace;

    // 0 to 3 while the first bytes may be a UTF-8 byte order mark; -1 after.
    private int _byteOrderMark;

    // The tag being read.
    private bool _isEndTag;
    private bool _selfClosing;
    private uint _candidates;
    private int _nameLength;
    private ulong _nameHash;
    private HtmlElementName _element;
    private int _nameEndStage;
    private bool _endsText;

    // Attributes that matter (font in foreign content; annotation-xml's encoding), read only while needed.
    private AttributeWatch _watch;
    private ulong _attributeHash;
    private bool _breaksOutAsFont;
    private bool _encodingSeen;
    private bool _readingEncoding;
    private EncodingMatch _encoding;

    // Raw text, RCDATA and script data: the element whose end tag ends it, and progress through "</name" or "script".
    private HtmlElementName _textElement;
    private int _matched;

    private int _attributeNameLength;
    private int _declarationProgress;
    private int _markerProgress = NotMarker;

    // A character reference in the data state before the body: progress and the value of a numeric one.
    private int _referenceProgress;
    private int _referenceValue;
    private bool _referenceHasDigits;

    /// <summary>Initializes a scanner that looks for the body start only.</summary>
    public BodyTagScanner()
        : this(NoticePlacements.None)
    {
    }

    /// <summary>Initializes a scanner that looks for the body start, then for the places in <paramref name="sought"/>.</summary>
    /// <param name="sought">
    /// Any of <see cref="NoticePlacements.BeforeBodyEnd"/> and <see cref="NoticePlacements.AtMarker"/>; other flags
    /// are ignored (the body start is always looked for).
    /// </param>
    public BodyTagScanner(NoticePlacements sought)
    {
        _sought = sought & (NoticePlacements.BeforeBodyEnd | NoticePlacements.AtMarker);
    }

    /// <summary>Gets a value indicating whether the body start has been found.</summary>
    public bool BodyStartFound => _bodyStartFound;

    /// <summary>Gets a value indicating whether nothing more can be found: everything sought was, or the page cannot have it.</summary>
    public bool IsFinished => _state == State.Finished;

    /// <summary>
    /// Gets how many bytes before the position the last <see cref="Scan"/> returned the place it found is: 0 after a
    /// tag or comment, the length of <c>&lt;/body</c> or of the content that opens the body before it.
    /// </summary>
    public int BytesBeforePlace => _bytesBeforePlace;

    /// <summary>
    /// Gets how many of the last bytes fed may still be preceded by a place (0 to <see cref="MaxPendingLength"/>):
    /// the start of a tag or character reference not yet read far enough. A caller that inserts holds these bytes
    /// back until a later chunk, or <see cref="Finish"/>, settles them.
    /// </summary>
    public int PendingLength => _pending;

    private bool SeekingMarker => _bodyStartFound && (_sought & NoticePlacements.AtMarker) != 0;

    private bool SeekingBodyEnd => _bodyStartFound && _sought != NoticePlacements.None;

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
    /// The index in <paramref name="chunk"/> up to which it was read; the place is <see cref="BytesBeforePlace"/>
    /// bytes before it (possibly in an earlier chunk). Feed the rest of the chunk in another call. -1 when the whole
    /// chunk was read without finding anything, including every call once <see cref="IsFinished"/>.
    /// </returns>
    public int Scan(ReadOnlySpan<byte> chunk, out NoticePlacements found)
    {
        found = NoticePlacements.None;
        _bytesBeforePlace = 0;
        var i = 0;
        while (i < chunk.Length)
        {
            var c = chunk[i];
            switch (_state)
            {
                case State.Data:
                    if (_tree.CommentsGoInBody)
                    {
                        i = SkipData(chunk, i);
                    }
                    else if (_tree.Mode == InsertionMode.AfterBody)
                    {
                        // Whitespace stays "after body"; "<" may start </body>; anything else goes back to the body.
                        if (c == '<')
                        {
                            _pending = SeekingBodyEnd ? 1 : 0;
                            _state = State.TagOpen;
                            i++;
                        }
                        else if (IsWhitespace(c))
                        {
                            i++;
                        }
                        else
                        {
                            _tree.OpenBody();
                        }
                    }
                    else if (!_tree.CharactersMayOpenBody)
                    {
                        // In a template, or a frameset page: text changes nothing.
                        i = Skip(chunk, i, (byte)'<', State.TagOpen);
                    }
                    else if (IsWhitespace(c) && _byteOrderMark < 0)
                    {
                        // Whitespace keeps the body closed: a run of it at once (a head is mostly indentation).
                        var text = chunk[i..].IndexOfAnyExcept(s_whitespace);
                        i = text < 0 ? chunk.Length : i + text;
                    }
                    else if ((found = DataBeforeBody(c, ref i)) != NoticePlacements.None)
                    {
                        return i;
                    }

                    break;

                case State.TagOpen:
                    if (c == '!')
                    {
                        _pending = 0;
                        _state = State.MarkupDeclarationOpen;
                        _declarationProgress = 0;
                        i++;
                    }
                    else if (c == '/')
                    {
                        Hold();
                        _state = State.EndTagOpen;
                        i++;
                    }
                    else if (IsAsciiLetter(c))
                    {
                        BeginTagName(isEndTag: false);
                    }
                    else
                    {
                        // "?" starts a bogus comment; anything else makes "<" a character.
                        _state = c == '?' ? State.BogusComment : State.Data;
                        if (c != '?' && (found = OpenBodyHere()) != NoticePlacements.None)
                        {
                            return i;
                        }

                        _pending = 0;
                    }

                    break;

                case State.EndTagOpen:
                    if (IsAsciiLetter(c))
                    {
                        BeginTagName(isEndTag: true);
                    }
                    else
                    {
                        // "</>" is nothing at all; anything else a bogus comment.
                        _pending = 0;
                        _state = c == '>' ? State.Data : State.BogusComment;
                        i += c == '>' ? 1 : 0;
                    }

                    break;

                case State.TagName:
                    if (s_endsTagName[c])
                    {
                        if (_nameEndStage < 2 && (found = EndTagName()) != NoticePlacements.None)
                        {
                            return i;
                        }

                        if (_state != State.TagName)
                        {
                            break; // finished
                        }

                        i++;
                        if (c == '>')
                        {
                            if ((found = EmitTag()) != NoticePlacements.None)
                            {
                                return i;
                            }
                        }
                        else
                        {
                            _state = c == '/' ? State.SelfClosingStartTag : State.BeforeAttributeName;
                        }
                    }
                    else if ((found = ReadTagName(chunk, ref i)) != NoticePlacements.None)
                    {
                        return i;
                    }

                    break;

                case State.BeforeAttributeName:
                case State.AttributeName:
                case State.AfterAttributeName:
                case State.BeforeAttributeValue:
                case State.AttributeValueDoubleQuoted:
                case State.AttributeValueSingleQuoted:
                case State.AttributeValueUnquoted:
                case State.AfterAttributeValueQuoted:
                case State.SelfClosingStartTag:
                    if ((found = ScanAttributes(chunk, c, ref i)) != NoticePlacements.None)
                    {
                        return i;
                    }

                    break;

                case State.MarkupDeclarationOpen:
                case State.CommentStart:
                case State.CommentStartDash:
                case State.Comment:
                case State.CommentEndDash:
                case State.CommentEnd:
                case State.CommentEndBang:
                case State.BogusComment:
                case State.Doctype:
                case State.CdataSection:
                case State.CdataSectionBracket:
                case State.CdataSectionEnd:
                    if ((found = ScanDeclaration(chunk, c, ref i)) != NoticePlacements.None)
                    {
                        return i;
                    }

                    break;

                case State.RcData:
                case State.RawText:
                case State.ScriptData:
                case State.RcDataLessThanSign:
                case State.RawTextLessThanSign:
                case State.ScriptDataLessThanSign:
                case State.RcDataEndTagOpen:
                case State.RawTextEndTagOpen:
                case State.ScriptDataEndTagOpen:
                case State.ScriptDataEscapedEndTagOpen:
                case State.RcDataEndTagName:
                case State.RawTextEndTagName:
                case State.ScriptDataEndTagName:
                case State.ScriptDataEscapedEndTagName:
                case State.ScriptDataEscapeStart:
                case State.ScriptDataEscapeStartDash:
                case State.ScriptDataEscaped:
                case State.ScriptDataDoubleEscaped:
                case State.ScriptDataEscapedDash:
                case State.ScriptDataEscapedDashDash:
                case State.ScriptDataDoubleEscapedDash:
                case State.ScriptDataDoubleEscapedDashDash:
                case State.ScriptDataEscapedLessThanSign:
                case State.ScriptDataDoubleEscapedLessThanSign:
                case State.ScriptDataDoubleEscapeStart:
                case State.ScriptDataDoubleEscapeEnd:
                    i = ScanText(chunk, c, i);
                    break;

                case State.CharacterReference:
                case State.NamedCharacterReference:
                case State.NumericCharacterReference:
                case State.HexadecimalCharacterReferenceStart:
                case State.DecimalCharacterReferenceStart:
                case State.HexadecimalCharacterReference:
                case State.DecimalCharacterReference:
                    if ((found = CharacterReference(c, ref i)) != NoticePlacements.None)
                    {
                        return i;
                    }

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

    /// <summary>
    /// Ends the document: says what goes after its last byte, before the last <paramref name="bytesBeforeEnd"/> bytes
    /// fed (those still pending, which an end of file leaves as text or drops). The body start, when content never
    /// opened the body of a document (it is opened at the end of the file), and the places still sought after the body
    /// start — but only where the document ends in the data state, in HTML content of the body (or before it), outside
    /// templates: never in a comment, a tag, an attribute, script, style, raw text, RCDATA or CDATA.
    /// </summary>
    /// <param name="bytesBeforeEnd">How many of the last bytes fed the content goes before.</param>
    /// <returns>
    /// <see cref="NoticePlacements.AfterBodyStart"/> and/or <see cref="NoticePlacements.BeforeBodyEnd"/> (standing for
    /// everything still due at the body end, the marker fallback included), or <see cref="NoticePlacements.None"/>.
    /// </returns>
    public NoticePlacements Finish(out int bytesBeforeEnd)
    {
        bytesBeforeEnd = _pending;
        var atBoundary = _pending > 0 || _state == State.Data;
        var places = NoticePlacements.None;
        if (_state != State.Finished && atBoundary)
        {
            if (!_bodyStartFound && _tree.CharactersMayOpenBody && _tree.IsDocument)
            {
                places = NoticePlacements.AfterBodyStart | (_sought != NoticePlacements.None ? NoticePlacements.BeforeBodyEnd : 0);
            }
            else if (SeekingBodyEnd && _tree.InBodyContent)
            {
                places = NoticePlacements.BeforeBodyEnd;
            }
        }

        _state = State.Finished;
        _pending = 0;
        return places;
    }

    private static bool IsWhitespace(byte c) =>
        c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\f' or (byte)'\r';

    private static bool IsAsciiLetter(byte c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    private static bool IsAsciiDigit(byte c) => (uint)(c - '0') <= 9;

    private static byte ToLowerAscii(byte c) => (uint)(c - 'A') <= 'Z' - 'A' ? (byte)(c | 0x20) : c;

    private static State TextState(State state) => state switch
    {
        State.RcDataLessThanSign or State.RcDataEndTagOpen or State.RcDataEndTagName => State.RcData,
        State.RawTextLessThanSign or State.RawTextEndTagOpen or State.RawTextEndTagName => State.RawText,
        State.ScriptDataLessThanSign or State.ScriptDataEndTagOpen or State.ScriptDataEndTagName => State.ScriptData,
        _ => State.ScriptDataEscaped,
    };

    private static int IndexOfAnyFrom(ReadOnlySpan<byte> chunk, int start, SearchValues<byte> values)
    {
        var found = chunk[start..].IndexOfAny(values);
        return found < 0 ? chunk.Length : start + found;
    }

    private void Hold()
    {
        if (_pending > 0)
        {
            _pending++;
        }
    }

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
}
