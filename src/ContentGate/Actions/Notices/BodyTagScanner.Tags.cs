namespace ContentGate.Actions.Notices;

// Tags: where the body opens, tag names and the attributes that matter, what the tree builder makes of a tag, and the
// fast path of the body.
internal sealed partial class BodyTagScanner
{
    // The data state where a character opens the body unless it is whitespace. Returns the place when this byte opens it.
    private NoticePlacements DataBeforeBody(byte c, ref int i)
    {
        if (_byteOrderMark >= 0)
        {
            // EF BB BF at the very start is the UTF-8 byte order mark, not a character: hold it until it is whole.
            if (c == "\xEF\xBB\xBF"[_byteOrderMark])
            {
                i++;
                _pending++;
                if (++_byteOrderMark == 3)
                {
                    _byteOrderMark = -1;
                    _pending = 0;
                }

                return NoticePlacements.None;
            }

            var wasStarted = _byteOrderMark > 0;
            _byteOrderMark = -1;
            if (wasStarted)
            {
                return OpenBodyHere(); // the bytes held are characters; this one is read again
            }
        }

        if (IsWhitespace(c))
        {
            i++;
            return NoticePlacements.None;
        }

        if (c is (byte)'<' or (byte)'&')
        {
            i++;
            _pending = 1;
            _state = c == '<' ? State.TagOpen : State.CharacterReference;
            return NoticePlacements.None;
        }

        return OpenBodyHere();
    }

    // Content opens the body: in a document, the place is before the bytes held (this byte is read again, in the body);
    // a fragment gets nothing and nothing more is looked for. Only where characters may open the body.
    private NoticePlacements OpenBodyHere()
    {
        if (!_tree.CharactersMayOpenBody)
        {
            return NoticePlacements.None;
        }

        var held = _pending;
        _pending = 0;
        if (!_tree.IsDocument)
        {
            _state = State.Finished;
            return NoticePlacements.None;
        }

        _tree.OpenBody();
        _bodyStartFound = true;
        _bytesBeforePlace = held;
        if (_sought == NoticePlacements.None)
        {
            _state = State.Finished;
        }

        return NoticePlacements.AfterBodyStart;
    }

    private void BeginTagName(bool isEndTag)
    {
        _state = State.TagName;
        _isEndTag = isEndTag;
        _selfClosing = false;
        _endsText = false;
        _candidates = AllCandidates;
        _nameLength = 0;
        _nameHash = HtmlElementNames.EmptyHash;
        _nameEndStage = 0;
        _watch = AttributeWatch.None;
        _breaksOutAsFont = false;
        _encodingSeen = false;
        _readingEncoding = false;
        _encoding = default;
        if (_pending > 0 && !DecidesWithName())
        {
            _pending = 0;
        }
    }

    // Whether the bytes held so far ("<" or "</") may still be followed by a place, now that the tag's name begins.
    private bool DecidesWithName() =>
        _tree.CharactersMayOpenBody || (_isEndTag && _tree.InBodyContent && SeekingBodyEnd);

    // In the tag name state, at a byte that does not end the name: reads name bytes up to the end of the name or of
    // the chunk. Returns the body start when a held start tag's name can no longer be one the head keeps.
    private NoticePlacements ReadTagName(ReadOnlySpan<byte> chunk, ref int i)
    {
        var candidates = _candidates;
        var length = _nameLength;
        var hash = _nameHash;
        var found = NoticePlacements.None;
        while (i < chunk.Length)
        {
            var c = chunk[i];
            if (s_endsTagName[c])
            {
                break;
            }

            var lower = ToLowerAscii(c);
            var next = length < LongestCandidate && lower < 128 ? candidates & s_namesWithByteAt[(length * 128) + lower] : 0;
            if (_pending > 0)
            {
                if (_isEndTag)
                {
                    if ((next & (_tree.CharactersMayOpenBody ? OpensBodyAsEndTag : 1u << Body)) == 0)
                    {
                        _pending = 0; // neither body, html nor br (or not body): nothing goes before it
                    }
                }
                else if ((next & KeepsBodyClosed()) == 0)
                {
                    // A start tag the head does not keep opens the body: the place is before "<".
                    _candidates = candidates;
                    _nameLength = length;
                    _nameHash = hash;
                    found = OpenBodyHere();
                    if (found != NoticePlacements.None || _state != State.TagName)
                    {
                        return found;
                    }
                }
            }

            candidates = next;
            hash = HtmlElementNames.Append(hash, lower);
            length++;
            i++;
            Hold();
        }

        _candidates = candidates;
        _nameLength = length;
        _nameHash = hash;
        return found;
    }

    private uint KeepsBodyClosed() => _tree.Mode < InsertionMode.AfterHead ? s_keepsBodyClosed | s_noscript : s_keepsBodyClosed;

    // At the byte after a tag's name, before it is consumed: the decisions that need the whole name. Called twice
    // when the first decision finds the body start (an end tag that opens the body may be the body end tag too).
    private NoticePlacements EndTagName()
    {
        if (_nameEndStage == 0)
        {
            _nameEndStage = 1;
            _element = HtmlElementNames.Find(_nameHash);
            if (_pending > 0 && _tree.CharactersMayOpenBody)
            {
                var opens = _isEndTag ? TreeBuilderSimulator.EndTagOpensBody(_element) : !_tree.StartTagKeepsBodyClosed(_element);
                if (opens)
                {
                    var found = OpenBodyHere();
                    if (found != NoticePlacements.None || _state != State.TagName)
                    {
                        _pending = 0;
                        return found;
                    }
                }

                _pending = 0;
            }
        }

        _nameEndStage = 2;
        if (!_isEndTag)
        {
            if (_tree.IsForeignContentStartTag(_element))
            {
                _watch = _element == HtmlElementName.Font ? AttributeWatch.FontAttributes
                    : _tree.IsMathMlAnnotationXmlStartTag(_element) ? AttributeWatch.Encoding
                    : AttributeWatch.None;
            }

            return NoticePlacements.None;
        }

        if (_element == HtmlElementName.Body && _tree.InBodyContent && SeekingBodyEnd)
        {
            // The body end tag: the place is before "</body", whose byte after is not consumed.
            _pending = 0;
            _bytesBeforePlace = 2 + _nameLength;
            _state = State.Finished;
            return NoticePlacements.BeforeBodyEnd;
        }

        _pending = 0;
        return NoticePlacements.None;
    }

    // A start or end tag is complete ("<…>" consumed). Returns the body start when it is the tag that created the body.
    private NoticePlacements EmitTag()
    {
        _state = State.Data;
        if (_endsText)
        {
            return NoticePlacements.None; // the end tag of raw text, RCDATA or script: back to the insertion mode before it
        }

        if (_isEndTag)
        {
            _tree.EndTag(_element, _nameHash);
            return CheckTrack(NoticePlacements.None);
        }

        var text = _tree.StartTag(_element, _nameHash, _selfClosing, _breaksOutAsFont, _encoding.IsHtml, out var createdBody);
        switch (text)
        {
            case TextKind.RcData:
                _state = State.RcData;
                break;
            case TextKind.RawText:
                _state = State.RawText;
                break;
            case TextKind.ScriptData:
                _state = State.ScriptData;
                break;
            case TextKind.PlainText:
                _state = State.Finished; // text to the end: nothing can be found any more
                return NoticePlacements.None;
        }

        _textElement = _element;
        if (_tree.Mode == InsertionMode.InFrameset)
        {
            _state = State.Finished; // a frameset page never has a body
            return NoticePlacements.None;
        }

        if (!createdBody || _bodyStartFound)
        {
            return CheckTrack(NoticePlacements.None);
        }

        _bodyStartFound = true;
        if (_sought == NoticePlacements.None)
        {
            _state = State.Finished;
        }

        return NoticePlacements.AfterBodyStart;
    }

    // Past the simulator's depth, nothing more is looked for.
    private NoticePlacements CheckTrack(NoticePlacements found)
    {
        if (_tree.LostTrack)
        {
            _state = State.Finished;
        }

        return found;
    }

    // In the data state of the body, in HTML content: skips text and every simple tag ("<p>", "</div>": a name then
    // ">", all in this chunk) that changes nothing, in one tight loop; stops at the first "<" that needs the state
    // machine, with the state set as if it had read every byte so far (at the end of the chunk, in the data state).
    private int SkipData(ReadOnlySpan<byte> chunk, int i)
    {
        // </html> moves to "after body", where comments are outside the body; </body> is the body end tag.
        var holdsEndTags = SeekingBodyEnd;
        var endTagCandidates = (holdsEndTags ? 1u << Body : 0u) | (1u << Html);
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
                _pending = holdsEndTags ? nameStart - i + 1 : 0;
                return nameStart;
            }

            var candidates = isEndTag ? endTagCandidates : InBodyStartTags;
            var end = nameStart;
            while (end < chunk.Length && !s_endsTagName[chunk[end]])
            {
                var lower = ToLowerAscii(chunk[end]);
                var position = end - nameStart;
                candidates &= position < LongestCandidate && lower < 128 ? s_namesWithByteAt[(position * 128) + lower] : 0u;
                end++;
            }

            var length = end - nameStart;
            if (end < chunk.Length && chunk[end] == '>'
                && (length > LongestCandidate || (candidates & s_namesOfLength[length]) == 0))
            {
                i = end + 1; // a whole tag that changes nothing: still in the data state
                continue;
            }

            // Attributes, a name that matters, or the end of the chunk: on in the tag name state, at the byte after
            // the name read so far.
            var hash = HtmlElementNames.EmptyHash;
            foreach (var b in chunk[nameStart..end])
            {
                hash = HtmlElementNames.Append(hash, ToLowerAscii(b));
            }

            BeginTagName(isEndTag);
            _candidates = candidates;
            _nameLength = length;
            _nameHash = hash;
            _pending = isEndTag && holdsEndTags && (candidates & (1u << Body)) != 0 ? 2 + length : 0;
            return end;
        }
    }

    private static uint Mask(params string[] names)
    {
        var mask = 0u;
        foreach (var name in names)
        {
            mask |= 1u << Array.FindIndex(s_candidateNames, candidate => candidate.AsSpan().SequenceEqual(System.Text.Encoding.ASCII.GetBytes(name)));
        }

        return mask;
    }

    private static uint[] BuildNamesWithByteAt()
    {
        var table = new uint[LongestCandidate * 128];
        for (var candidate = 0; candidate < s_candidateNames.Length; candidate++)
        {
            var name = s_candidateNames[candidate];
            for (var position = 0; position < name.Length; position++)
            {
                table[(position * 128) + name[position]] |= 1u << candidate;
            }
        }

        return table;
    }

    private static uint[] BuildNamesOfLength()
    {
        var table = new uint[LongestCandidate + 1];
        for (var candidate = 0; candidate < s_candidateNames.Length; candidate++)
        {
            table[s_candidateNames[candidate].Length] |= 1u << candidate;
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
}
