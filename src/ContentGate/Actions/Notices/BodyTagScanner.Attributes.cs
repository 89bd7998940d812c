namespace ContentGate.Actions.Notices;

// Attributes: the states between a tag name and its ">", and the few attributes whose value or presence matters.
internal sealed partial class BodyTagScanner
{
    private enum AttributeWatch : byte
    {
        None,
        FontAttributes,
        Encoding,
    }

    // The attribute states, from before an attribute name to the self-closing start tag state. Returns the place when
    // the tag they end completes one.
    private NoticePlacements ScanAttributes(ReadOnlySpan<byte> chunk, byte c, ref int i)
    {
        switch (_state)
        {
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
                    BeginAttributeName();
                    _state = State.AttributeName;
                }

                break;

            case State.AttributeName:
                if (IsWhitespace(c) || c is (byte)'/' or (byte)'>')
                {
                    EndAttributeName();
                    _state = State.AfterAttributeName;
                }
                else if (c == '=' && _attributeNameLength > 0)
                {
                    EndAttributeName();
                    _state = State.BeforeAttributeValue;
                    i++;
                }
                else if (_watch != AttributeWatch.None)
                {
                    _attributeHash = HtmlElementNames.Append(_attributeHash, ToLowerAscii(c));
                    _attributeNameLength = 1; // a first "=" is part of the name; later ones are not
                    i++;
                }
                else
                {
                    // Quotes here belong to the name; only "=" (not first) moves on to a value.
                    _attributeNameLength = 1;
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
                    return EmitTag();
                }
                else
                {
                    BeginAttributeName();
                    _state = State.AttributeName;
                }

                break;

            case State.BeforeAttributeValue:
                if (IsWhitespace(c))
                {
                    i++;
                }
                else if (c is (byte)'"' or (byte)'\'')
                {
                    _state = c == '"' ? State.AttributeValueDoubleQuoted : State.AttributeValueSingleQuoted;
                    i++;
                }
                else if (c == '>')
                {
                    _readingEncoding = false; // missing value: the encoding is empty
                    i++;
                    return EmitTag();
                }
                else
                {
                    _state = State.AttributeValueUnquoted;
                }

                break;

            case State.AttributeValueDoubleQuoted:
            case State.AttributeValueSingleQuoted:
                var quote = _state == State.AttributeValueDoubleQuoted ? (byte)'"' : (byte)'\'';
                if (_readingEncoding)
                {
                    i++;
                    if (c == quote)
                    {
                        EndEncoding();
                        _state = State.AfterAttributeValueQuoted;
                    }
                    else
                    {
                        _encoding.Append(c);
                    }
                }
                else
                {
                    i = Skip(chunk, i, quote, State.AfterAttributeValueQuoted);
                }

                break;

            case State.AttributeValueUnquoted:
                if (IsWhitespace(c))
                {
                    EndEncoding();
                    _state = State.BeforeAttributeName;
                    i++;
                }
                else if (c == '>')
                {
                    EndEncoding();
                    i++;
                    return EmitTag();
                }
                else if (_readingEncoding)
                {
                    _encoding.Append(c);
                    i++;
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
                    _selfClosing = _state == State.SelfClosingStartTag;
                    i++;
                    return EmitTag();
                }
                else if (c == '/' && _state == State.AfterAttributeValueQuoted)
                {
                    _state = State.SelfClosingStartTag;
                    i++;
                }
                else
                {
                    // Whitespace is consumed there; anything else (a missing space, a stray "/") is reconsumed.
                    _state = State.BeforeAttributeName;
                }

                break;

            default:
                throw new InvalidOperationException($"Unexpected scanner state {_state}.");
        }

        return NoticePlacements.None;
    }

    private void BeginAttributeName()
    {
        _attributeHash = HtmlElementNames.EmptyHash;
        _attributeNameLength = 0;
        _readingEncoding = false;
    }

    private void EndAttributeName()
    {
        if (_watch == AttributeWatch.FontAttributes)
        {
            _breaksOutAsFont |= _attributeHash == HtmlElementNames.Hash("color") || _attributeHash == HtmlElementNames.Hash("face")
                || _attributeHash == HtmlElementNames.Hash("size");
        }
        else if (_watch == AttributeWatch.Encoding && !_encodingSeen && _attributeHash == HtmlElementNames.Hash("encoding"))
        {
            // Only the first attribute of a name counts; a later duplicate is dropped.
            _encodingSeen = true;
            _readingEncoding = true;
            _encoding = default;
        }
    }

    private void EndEncoding()
    {
        if (_readingEncoding)
        {
            _readingEncoding = false;
            _encoding.End();
        }
    }
}
