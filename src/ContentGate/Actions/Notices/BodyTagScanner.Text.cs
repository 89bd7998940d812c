namespace ContentGate.Actions.Notices;

// Raw text, RCDATA and script data (with its escapes) up to the end tag that ends them, and character references
// before the body.
internal sealed partial class BodyTagScanner
{
    // The states of RCDATA, RAWTEXT and script data with its escapes, up to the end tag that ends them. Returns how far
    // it read.
    private int ScanText(ReadOnlySpan<byte> chunk, byte c, int i)
    {
        switch (_state)
        {
            case State.RcData:
            case State.RawText:
                i = Skip(chunk, i, (byte)'<', _state == State.RcData ? State.RcDataLessThanSign : State.RawTextLessThanSign);
                break;

            case State.RcDataLessThanSign:
            case State.RawTextLessThanSign:
            case State.ScriptDataLessThanSign:
                if (c == '/')
                {
                    _state = _state switch
                    {
                        State.RcDataLessThanSign => State.RcDataEndTagOpen,
                        State.RawTextLessThanSign => State.RawTextEndTagOpen,
                        _ => State.ScriptDataEndTagOpen,
                    };
                    i++;
                }
                else if (c == '!' && _state == State.ScriptDataLessThanSign)
                {
                    _state = State.ScriptDataEscapeStart;
                    i++;
                }
                else
                {
                    _state = TextState(_state); // reconsume: it may be another "<"
                }

                break;

            case State.RcDataEndTagOpen:
            case State.RawTextEndTagOpen:
            case State.ScriptDataEndTagOpen:
            case State.ScriptDataEscapedEndTagOpen:
                _matched = 0;
                _state = IsAsciiLetter(c) ? _state + 1 : TextState(_state); // the end tag name state follows each
                break;

            case State.RcDataEndTagName:
            case State.RawTextEndTagName:
            case State.ScriptDataEndTagName:
            case State.ScriptDataEscapedEndTagName:
                i = EndTagNameInText(c, i);
                break;

            case State.ScriptData:
                i = Skip(chunk, i, (byte)'<', State.ScriptDataLessThanSign);
                break;

            case State.ScriptDataEscapeStart:
            case State.ScriptDataEscapeStartDash:
                if (c == '-')
                {
                    _state = _state == State.ScriptDataEscapeStart ? State.ScriptDataEscapeStartDash : State.ScriptDataEscapedDashDash;
                    i++;
                }
                else
                {
                    _state = State.ScriptData;
                }

                break;

            case State.ScriptDataEscaped:
            case State.ScriptDataDoubleEscaped:
                i = SkipToDashOrLessThan(chunk, i);
                break;

            case State.ScriptDataEscapedDash:
            case State.ScriptDataEscapedDashDash:
            case State.ScriptDataDoubleEscapedDash:
            case State.ScriptDataDoubleEscapedDashDash:
                i = EscapedDash(c, i);
                break;

            case State.ScriptDataEscapedLessThanSign:
                if (c == '/')
                {
                    _state = State.ScriptDataEscapedEndTagOpen;
                    i++;
                }
                else if (IsAsciiLetter(c))
                {
                    _matched = 0;
                    _state = State.ScriptDataDoubleEscapeStart;
                }
                else
                {
                    _state = State.ScriptDataEscaped;
                }

                break;

            case State.ScriptDataDoubleEscapedLessThanSign:
                if (c == '/')
                {
                    _matched = 0;
                    _state = State.ScriptDataDoubleEscapeEnd;
                    i++;
                }
                else
                {
                    _state = State.ScriptDataDoubleEscaped;
                }

                break;

            case State.ScriptDataDoubleEscapeStart:
            case State.ScriptDataDoubleEscapeEnd:
                i = DoubleEscapeStartOrEnd(c, i);
                break;

            default:
                throw new InvalidOperationException($"Unexpected scanner state {_state}.");
        }

        return i;
    }

    // The RCDATA, RAWTEXT, script data and script data escaped end tag name states: the appropriate end tag (the
    // name of the element that started the text) followed by whitespace, "/" or ">" is a tag; anything else is text.
    private int EndTagNameInText(byte c, int i)
    {
        var name = _textElement switch
        {
            HtmlElementName.Script => "script"u8,
            HtmlElementName.Style => "style"u8,
            HtmlElementName.Textarea => "textarea"u8,
            HtmlElementName.Title => "title"u8,
            HtmlElementName.Xmp => "xmp"u8,
            HtmlElementName.Iframe => "iframe"u8,
            HtmlElementName.Noembed => "noembed"u8,
            HtmlElementName.Noframes => "noframes"u8,
            _ => "noscript"u8,
        };

        if (_matched < name.Length)
        {
            if (ToLowerAscii(c) == name[_matched])
            {
                _matched++;
                return i + 1;
            }

            _state = TextState(_state);
            return i;
        }

        if (IsWhitespace(c) || c is (byte)'/' or (byte)'>')
        {
            // A real end tag; its attributes (quoted ">" included) are tokenized as for any tag.
            _isEndTag = true;
            _endsText = true;
            _watch = AttributeWatch.None;
            _readingEncoding = false;
            _state = c switch { (byte)'>' => State.Data, (byte)'/' => State.SelfClosingStartTag, _ => State.BeforeAttributeName };
            return i + 1;
        }

        _state = TextState(_state);
        return i;
    }

    // Script data escaped and double escaped: up to the next "-" or "<".
    private int SkipToDashOrLessThan(ReadOnlySpan<byte> chunk, int i)
    {
        var found = chunk[i..].IndexOfAny(s_dashOrLessThan);
        if (found < 0)
        {
            return chunk.Length;
        }

        var doubled = _state == State.ScriptDataDoubleEscaped;
        _state = chunk[i + found] == '-'
            ? doubled ? State.ScriptDataDoubleEscapedDash : State.ScriptDataEscapedDash
            : doubled ? State.ScriptDataDoubleEscapedLessThanSign : State.ScriptDataEscapedLessThanSign;
        return i + found + 1;
    }

    // Script data (double) escaped dash and dash dash states.
    private int EscapedDash(byte c, int i)
    {
        var doubled = _state is State.ScriptDataDoubleEscapedDash or State.ScriptDataDoubleEscapedDashDash;
        var dashDash = _state is State.ScriptDataEscapedDashDash or State.ScriptDataDoubleEscapedDashDash;
        switch (c)
        {
            case (byte)'-':
                _state = doubled ? State.ScriptDataDoubleEscapedDashDash : State.ScriptDataEscapedDashDash;
                return i + 1;
            case (byte)'<':
                _state = doubled ? State.ScriptDataDoubleEscapedLessThanSign : State.ScriptDataEscapedLessThanSign;
                return i + 1;
            case (byte)'>' when dashDash:
                _state = State.ScriptData; // "-->" leaves the escape
                return i + 1;
            default:
                _state = doubled ? State.ScriptDataDoubleEscaped : State.ScriptDataEscaped;
                return i + 1;
        }
    }

    // Script data double escape start and end states: letters go to the temporary buffer, which must read "script".
    private int DoubleEscapeStartOrEnd(byte c, int i)
    {
        var start = _state == State.ScriptDataDoubleEscapeStart;
        if (IsWhitespace(c) || c is (byte)'/' or (byte)'>')
        {
            var isScript = _matched == 6;
            _state = start == isScript ? State.ScriptDataDoubleEscaped : State.ScriptDataEscaped;
            return i + 1;
        }

        if (IsAsciiLetter(c))
        {
            // Past a mismatch (or six letters) the buffer can no longer read "script": 7 marks that.
            _matched = _matched < 6 && ToLowerAscii(c) == "script"u8[_matched] ? _matched + 1 : 7;
            return i + 1;
        }

        _state = start ? State.ScriptDataEscaped : State.ScriptDataDoubleEscaped;
        return i;
    }

    // Character references in the data state before the body, where whether they are whitespace decides whether they
    // open it: only &Tab; &NewLine; and numeric references to U+0009, U+000A, U+000C, U+000D and U+0020 are.
    private NoticePlacements CharacterReference(byte c, ref int i)
    {
        bool? whitespace = null;
        switch (_state)
        {
            case State.CharacterReference:
                if (c == '#')
                {
                    _state = State.NumericCharacterReference;
                    _referenceValue = 0;
                    _referenceHasDigits = false;
                    i++;
                }
                else if (c is (byte)'T' or (byte)'N')
                {
                    _state = State.NamedCharacterReference;
                    _referenceProgress = c == 'T' ? 1 : 101;
                    i++;
                }
                else
                {
                    whitespace = false; // another name, or "&" as a character
                }

                break;
            case State.NamedCharacterReference:
                var name = _referenceProgress < 100 ? "Tab;"u8 : "NewLine;"u8;
                var at = _referenceProgress % 100;
                if (c != name[at])
                {
                    whitespace = false; // no other reference starts like these: the bytes are characters
                }
                else if (at + 1 == name.Length)
                {
                    i++;
                    whitespace = true;
                }
                else
                {
                    _referenceProgress++;
                    i++;
                }

                break;
            case State.NumericCharacterReference:
                _state = c is (byte)'x' or (byte)'X' ? State.HexadecimalCharacterReferenceStart : State.DecimalCharacterReferenceStart;
                i += c is (byte)'x' or (byte)'X' ? 1 : 0;
                return Held(ref i, c is (byte)'x' or (byte)'X');
            default:
                var hex = _state is State.HexadecimalCharacterReferenceStart or State.HexadecimalCharacterReference;
                var digit = IsAsciiDigit(c) ? c - '0' : hex && (uint)((c | 0x20) - 'a') <= 5 ? (c | 0x20) - 'a' + 10 : -1;
                if (digit >= 0)
                {
                    _referenceHasDigits = true;
                    _referenceValue = Math.Min((_referenceValue * (hex ? 16 : 10)) + digit, 0x110000);
                    _state = hex ? State.HexadecimalCharacterReference : State.DecimalCharacterReference;
                    i++;
                    if (_referenceValue > 0x20)
                    {
                        _pending++; // the place is before the whole reference, this digit included
                        whitespace = false; // no whitespace is above U+0020
                    }
                }
                else
                {
                    // Without digits, "&#" (and "x") are characters; otherwise the reference ends here (";" consumed).
                    if (_referenceHasDigits && c == ';')
                    {
                        i++;
                        _pending++;
                    }

                    whitespace = _referenceHasDigits && _referenceValue is 0x09 or 0x0A or 0x0C or 0x0D or 0x20;
                }

                break;
        }

        if (whitespace is null)
        {
            return Held(ref i, counted: true);
        }

        if (whitespace.Value)
        {
            _pending = 0;
            _state = State.Data;
            return NoticePlacements.None;
        }

        _state = State.Data;
        return OpenBodyHere();
    }

    // A byte of a character reference was consumed (when `counted`) and nothing is decided yet: hold it, unless that
    // would hold more than MaxPendingLength bytes, when the reference is taken as a character (leading zeros only
    // make it that long; a page has no reason to write them).
    private NoticePlacements Held(ref int i, bool counted)
    {
        if (counted)
        {
            _pending++;
        }

        if (_pending < MaxPendingLength)
        {
            return NoticePlacements.None;
        }

        _state = State.Data;
        return OpenBodyHere();
    }
}
