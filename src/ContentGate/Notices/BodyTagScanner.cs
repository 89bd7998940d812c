namespace ContentGate.Notices;

/// <summary>
/// Finds the end of the first real <c>&lt;body …&gt;</c> start tag in an HTML byte stream that arrives in
/// chunks, without buffering: a small subset of the WHATWG HTML tokenizer that keeps only a state, a partial
/// tag name (as a set of candidate names) and the progress through a raw-text end tag.
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
/// right after <c>=</c> is part of an attribute name, not the start of a value; end tags (<c>&lt;/body&gt;</c>)
/// are skipped like any other tag, attributes included; comments (<c>&lt;!-- … --&gt;</c>, including the
/// abrupt <c>&lt;!--&gt;</c> and <c>&lt;!---&gt;</c> and the <c>--!&gt;</c> ending), <c>&lt;!DOCTYPE …&gt;</c>,
/// <c>&lt;?…&gt;</c> and other bogus comments; the contents of the raw-text and RCDATA elements <c>script</c>,
/// <c>style</c>, <c>textarea</c>, <c>title</c>, <c>xmp</c>, <c>iframe</c>, <c>noembed</c>, <c>noframes</c> and
/// <c>noscript</c> (scripting is assumed enabled, as in every browser that matters), which end only at
/// <c>&lt;/name</c> followed by whitespace, <c>/</c> or <c>&gt;</c>; and <c>plaintext</c>, which never ends.
/// </para>
/// <para>
/// Deliberate simplifications, all rare in real pages. None can insert the notice twice; the first three
/// can put it where it is not shown (inside a template or a script), the second also leaves out pages with
/// no <c>&lt;body</c> tag:
/// </para>
/// <list type="bullet">
/// <item><description>Script data escape states are not modelled: in
/// <c>&lt;script&gt;&lt;!--&lt;script&gt;…&lt;/script&gt;…&lt;/script&gt;</c> (the "double-escaped" state) a browser keeps the
/// script open past the first <c>&lt;/script&gt;</c>; this scanner closes it there.</description></item>
/// <item><description>There is no tree construction. A <c>&lt;body&gt;</c> inside <c>&lt;template&gt;</c> (ignored by
/// browsers), or an explicit <c>&lt;body&gt;</c> after content that already opened the body implicitly, is taken
/// as the body tag. Conversely a page whose body is only implied (no <c>&lt;body</c> at all) is not
/// rewritten.</description></item>
/// <item><description>Foreign content (SVG, MathML) is treated as HTML: <c>&lt;![CDATA[</c> always ends at the
/// first <c>&gt;</c>, as it does in HTML content, whereas inside <c>&lt;svg&gt;</c> a browser reads it up to
/// <c>]]&gt;</c>.</description></item>
/// <item><description><c>noscript</c> is raw text (scripting enabled); with scripting disabled a browser would
/// parse its content as markup.</description></item>
/// </list>
/// <para>
/// Once <see cref="Found"/> is <see langword="true"/> the scanner is finished and further calls return -1.
/// Not thread-safe; one instance per response.
/// </para>
/// </remarks>
internal sealed class BodyTagScanner
{
    // Elements whose start tag changes how the bytes after it are tokenized, plus body itself.
    // Indexes are bit positions in _candidates.
    private const int Body = 0;
    private const int PlainText = 10;
    private const ushort AllCandidates = (1 << 11) - 1;

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

    private State _state;

    // Start tags only: the names in s_elementNames that the tag name read so far is a prefix of.
    private ushort _candidates;
    private int _nameLength;
    private bool _isEndTag;

    // Inside a raw-text element: which one, and how much of "</name" has been matched after "</".
    private int _rawTextElement;
    private int _rawTextMatched;

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
        Found,
    }

    /// <summary>Gets a value indicating whether the end of the first real body start tag has been seen.</summary>
    public bool Found => _state == State.Found;

    /// <summary>
    /// Feeds the next chunk of the document. The result does not depend on how the document is split into
    /// chunks.
    /// </summary>
    /// <param name="chunk">The next bytes of the document, in order.</param>
    /// <returns>
    /// The index in <paramref name="chunk"/> just after the <c>&gt;</c> that ends the first real body start tag
    /// (at most <c>chunk.Length</c>), or -1 when this chunk does not complete it, including every call after the
    /// tag was found.
    /// </returns>
    public int Scan(ReadOnlySpan<byte> chunk)
    {
        var i = 0;
        while (i < chunk.Length)
        {
            var c = chunk[i];
            switch (_state)
            {
                case State.Data:
                    i = Skip(chunk, i, (byte)'<', State.TagOpen);
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
                    i++;
                    if (IsWhitespace(c))
                    {
                        _state = State.BeforeAttributeName;
                    }
                    else if (c == '/')
                    {
                        _state = State.SelfClosingStartTag;
                    }
                    else if (c == '>')
                    {
                        if (EmitTag())
                        {
                            return i;
                        }
                    }
                    else
                    {
                        AppendToTagName(c);
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
                    else
                    {
                        // Quotes here belong to the name; only "=" moves on to a value.
                        if (c == '=')
                        {
                            _state = State.BeforeAttributeValue;
                        }

                        i++;
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
                    i++;
                    if (IsWhitespace(c))
                    {
                        _state = State.BeforeAttributeName;
                    }
                    else if (c == '>' && EmitTag())
                    {
                        return i;
                    }

                    break;

                case State.AfterAttributeValueQuoted:
                case State.SelfClosingStartTag:
                    if (c == '>')
                    {
                        i++;
                        if (EmitTag())
                        {
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
                        _state = State.Comment;
                    }

                    break;

                case State.Comment:
                    i = Skip(chunk, i, (byte)'-', State.CommentEndDash);
                    break;

                case State.CommentEndDash:
                    if (c == '-')
                    {
                        _state = State.CommentEnd;
                        i++;
                    }
                    else
                    {
                        _state = State.Comment;
                    }

                    break;

                case State.CommentEnd:
                    switch (c)
                    {
                        case (byte)'>':
                            _state = State.Data;
                            i++;
                            break;
                        case (byte)'!':
                            _state = State.CommentEndBang;
                            i++;
                            break;
                        case (byte)'-':
                            i++; // "--->": still at the end
                            break;
                        default:
                            _state = State.Comment;
                            break;
                    }

                    break;

                case State.CommentEndBang:
                    if (c == '>')
                    {
                        _state = State.Data;
                        i++;
                    }
                    else if (c == '-')
                    {
                        _state = State.CommentEndDash;
                        i++;
                    }
                    else
                    {
                        _state = State.Comment;
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
                case State.Found:
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
        _candidates = isEndTag ? (ushort)0 : AllCandidates; // end tag names never matter
        _nameLength = 0;
    }

    private void AppendToTagName(byte c)
    {
        if (_candidates == 0)
        {
            return;
        }

        var lower = ToLowerAscii(c);
        for (var candidate = 0; candidate < s_elementNames.Length; candidate++)
        {
            var name = s_elementNames[candidate];
            if ((_candidates & (1 << candidate)) != 0 && (_nameLength >= name.Length || name[_nameLength] != lower))
            {
                _candidates &= (ushort)~(1 << candidate);
            }
        }

        _nameLength++;
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
                _state = State.Found;
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

    private int MatchedElement()
    {
        for (var candidate = 0; candidate < s_elementNames.Length; candidate++)
        {
            if ((_candidates & (1 << candidate)) != 0 && s_elementNames[candidate].Length == _nameLength)
            {
                return candidate;
            }
        }

        return -1;
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
