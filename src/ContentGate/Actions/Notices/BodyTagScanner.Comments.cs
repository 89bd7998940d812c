namespace ContentGate.Actions.Notices;

// Markup declarations: comments (and the marker among them), bogus comments, DOCTYPEs and CDATA sections.
internal sealed partial class BodyTagScanner
{
    // Markup declarations: comments, bogus comments, DOCTYPEs and CDATA sections. Returns the place when a comment
    // completes one (the marker).
    private NoticePlacements ScanDeclaration(ReadOnlySpan<byte> chunk, byte c, ref int i)
    {
        switch (_state)
        {
            case State.MarkupDeclarationOpen:
                i = MarkupDeclarationOpen(c, i);
                break;

            case State.CommentStart:
            case State.CommentStartDash:
                if (c == '>')
                {
                    // "<!-->" and "<!--->": abrupt closing of an empty comment.
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
                if (c == '>')
                {
                    i++;
                    return EmitComment();
                }
                else if (c == '!')
                {
                    _state = State.CommentEndBang;
                    i++;
                }
                else
                {
                    // "---": the first "-" is data, still at the end; "--x": "--" is data.
                    _markerProgress = NotMarker;
                    _state = c == '-' ? State.CommentEnd : State.Comment;
                    i += c == '-' ? 1 : 0;
                }

                break;

            case State.CommentEndBang:
                if (c == '>')
                {
                    i++;
                    return EmitComment();
                }
                else
                {
                    _markerProgress = NotMarker; // "--!" inside the comment is data
                    _state = c == '-' ? State.CommentEndDash : State.Comment;
                    i += c == '-' ? 1 : 0;
                }

                break;

            case State.BogusComment:
                i = Skip(chunk, i, (byte)'>', State.Data);
                break;

            case State.Doctype:
                i = Skip(chunk, i, (byte)'>', State.Data);
                if (_state == State.Data)
                {
                    _tree.Doctype();
                }

                break;

            case State.CdataSection:
                i = Skip(chunk, i, (byte)']', State.CdataSectionBracket);
                break;

            case State.CdataSectionBracket:
                _state = c == ']' ? State.CdataSectionEnd : State.CdataSection;
                i += c == ']' ? 1 : 0;
                break;

            case State.CdataSectionEnd:
                // "]]]>" ends too: each extra "]" is data.
                _state = c switch { (byte)']' => State.CdataSectionEnd, (byte)'>' => State.Data, _ => State.CdataSection };
                i += c is (byte)']' or (byte)'>' ? 1 : 0;
                break;

            default:
                throw new InvalidOperationException($"Unexpected scanner state {_state}.");
        }

        return NoticePlacements.None;
    }

    private int MarkupDeclarationOpen(byte c, int i)
    {
        // Progress 0: nothing read after "<!"; 1..: matched that much of "--", "DOCTYPE" (any case) or "[CDATA[".
        switch (_declarationProgress)
        {
            case 0:
                if (c == '-')
                {
                    _declarationProgress = 1;
                    return i + 1;
                }

                if ((c | 0x20) == 'd')
                {
                    _declarationProgress = 101;
                    return i + 1;
                }

                if (c == '[' && _tree.AdjustedCurrentNodeIsForeign)
                {
                    _declarationProgress = 201;
                    return i + 1;
                }

                break;
            case 1:
                if (c == '-')
                {
                    _state = State.CommentStart;
                    _markerProgress = SeekingMarker && _tree.CommentsGoInBody ? 0 : NotMarker;
                    return i + 1;
                }

                break;
            case > 100 and < 200:
                if (ToLowerAscii(c) == "doctype"[_declarationProgress - 100])
                {
                    if (++_declarationProgress == 107)
                    {
                        _state = State.Doctype;
                    }

                    return i + 1;
                }

                break;
            default:
                if (c == "[CDATA["[_declarationProgress - 200])
                {
                    if (++_declarationProgress == 207)
                    {
                        _state = State.CdataSection;
                    }

                    return i + 1;
                }

                break;
        }

        // Anything else: an incorrectly opened comment, up to the first ">" (the byte is read again there).
        _state = State.BogusComment;
        return i;
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

    private NoticePlacements EmitComment()
    {
        _state = State.Data;
        var isMarker = _markerProgress == "contentgate:notice"u8.Length;
        _markerProgress = NotMarker;
        if (!isMarker)
        {
            return NoticePlacements.None;
        }

        _sought &= ~NoticePlacements.AtMarker;
        if (_sought == NoticePlacements.None)
        {
            _state = State.Finished;
        }

        return NoticePlacements.AtMarker;
    }
}
