namespace ContentGate.Actions.Notices;

/// <summary>The rules per insertion mode and the stack of open elements the simulator tracks.</summary>
internal partial struct TreeBuilderSimulator
{
    private static bool IsForeign(OpenElementKind kind) => (kind & (OpenElementKind.Svg | OpenElementKind.MathMl)) != 0;

    // The tree construction dispatcher: whether a start tag at this adjusted current node (foreign) follows the HTML rules.
    private static bool TakesHtmlRules(OpenElementKind top, HtmlElementName name) =>
        ((top & OpenElementKind.MathMlTextIntegrationPoint) != 0 && name is not (HtmlElementName.Mglyph or HtmlElementName.Malignmark))
        || ((top & OpenElementKind.AnnotationXml) != 0 && name == HtmlElementName.Svg)
        || (top & OpenElementKind.HtmlIntegrationPoint) != 0;

    // The start tags "in template" hands to "in head" without choosing a template insertion mode.
    private static bool IsProcessedInHead(HtmlElementName name) => name is HtmlElementName.Base or HtmlElementName.Basefont
        or HtmlElementName.Bgsound or HtmlElementName.Link or HtmlElementName.Meta or HtmlElementName.Noframes
        or HtmlElementName.Script or HtmlElementName.Style or HtmlElementName.Template or HtmlElementName.Title;

    private static OpenElementKind ForeignKind(OpenElementKind adjustedCurrentNode, HtmlElementName name, bool isHtmlAnnotation)
    {
        if ((adjustedCurrentNode & OpenElementKind.Svg) != 0)
        {
            return name is HtmlElementName.ForeignObject or HtmlElementName.Desc or HtmlElementName.Title
                ? OpenElementKind.Svg | OpenElementKind.HtmlIntegrationPoint
                : OpenElementKind.Svg;
        }

        return name switch
        {
            HtmlElementName.Mi or HtmlElementName.Mo or HtmlElementName.Mn or HtmlElementName.Ms or HtmlElementName.Mtext
                => OpenElementKind.MathMl | OpenElementKind.MathMlTextIntegrationPoint,
            HtmlElementName.AnnotationXml => OpenElementKind.MathMl | OpenElementKind.AnnotationXml
                | (isHtmlAnnotation ? OpenElementKind.HtmlIntegrationPoint : 0),
            _ => OpenElementKind.MathMl,
        };
    }

    private static TextKind TextAfter(HtmlElementName name) => name switch
    {
        HtmlElementName.Script => TextKind.ScriptData,
        HtmlElementName.Style or HtmlElementName.Xmp or HtmlElementName.Iframe or HtmlElementName.Noembed
            or HtmlElementName.Noframes or HtmlElementName.Noscript => TextKind.RawText,
        HtmlElementName.Textarea or HtmlElementName.Title => TextKind.RcData,
        HtmlElementName.Plaintext => TextKind.PlainText,
        _ => TextKind.Data,
    };

    // Initial, before html, before head, in head, after head; only names StartTagKeepsBodyClosed accepts get here
    // (the others opened the body before the tag was read to its end).
    private TextKind StartTagBeforeBody(HtmlElementName name, ulong hash, out bool createdBody)
    {
        createdBody = false;
        switch (name)
        {
            case HtmlElementName.Html:
                if (Mode < InsertionMode.BeforeHead)
                {
                    Mode = InsertionMode.BeforeHead;
                    IsDocument = true;
                }

                return TextKind.Data;
            case HtmlElementName.Head:
                if (Mode < InsertionMode.InHead)
                {
                    Mode = InsertionMode.InHead;
                    IsDocument = true;
                }

                return TextKind.Data;
            case HtmlElementName.Body:
                Mode = InsertionMode.InBody;
                createdBody = true;
                return TextKind.Data;
            case HtmlElementName.Frameset:
                Mode = InsertionMode.InFrameset;
                return TextKind.Data;
            case HtmlElementName.Template:
                if (Mode < InsertionMode.InHead)
                {
                    Mode = InsertionMode.InHead;
                }

                Push(hash, OpenElementKind.Template);
                return TextKind.Data;
            default:
                // The head's elements: before head implies the head, after head puts them back in it.
                if (Mode < InsertionMode.InHead)
                {
                    Mode = InsertionMode.InHead;
                }

                return TextAfter(name);
        }
    }

    // "in body", and the template insertion modes that are not "in column group" with the template as current node
    // (their start tags reach "in body" or "in head", or are ignored without switching the tokenizer).
    private TextKind StartTagInBody(HtmlElementName name, ulong hash, bool selfClosing)
    {
        switch (name)
        {
            case HtmlElementName.Svg:
                if (!selfClosing)
                {
                    Push(hash, OpenElementKind.Svg);
                }

                return TextKind.Data;
            case HtmlElementName.Math:
                if (!selfClosing)
                {
                    Push(hash, OpenElementKind.MathMl);
                }

                return TextKind.Data;
            case HtmlElementName.Template:
                Push(hash, OpenElementKind.Template);
                return TextKind.Data;
        }

        var text = TextAfter(name);
        if (_depth > 0 && (_stack![_depth - 1].Kind & OpenElementKind.Template) == 0)
        {
            // Inside an integration point: HTML elements are kept so that the integration point's end, and CDATA,
            // are known. A block start tag closes an open p first ("close a p element" when one is in button scope,
            // which an integration point or a template bounds).
            if (HtmlElementNames.ClosesParagraph(name))
            {
                for (var i = _depth - 1; i >= 0 && _stack[i].Kind == OpenElementKind.HtmlInIntegrationPoint; i--)
                {
                    if (_stack[i].Name == s_paragraph)
                    {
                        _depth = i;
                        break;
                    }
                }
            }

            if (text == TextKind.Data && !HtmlElementNames.IsVoid(name) && !HtmlElementNames.IsIgnoredInBody(name))
            {
                Push(hash, OpenElementKind.HtmlInIntegrationPoint);
            }
        }

        return text;
    }

    // An end tag processed by the insertion mode's rules in HTML content, with elements on the stack.
    private void EndTagInHtmlContent(HtmlElementName name, ulong hash)
    {
        if (name == HtmlElementName.Template)
        {
            // "in head": pop elements until a template element has been popped (through foreign ones too).
            for (var i = _depth - 1; i >= 0; i--)
            {
                if ((_stack![i].Kind & OpenElementKind.Template) != 0)
                {
                    _depth = i;
                    return;
                }
            }

            return;
        }

        // "Any other end tag": the nearest HTML element of that name, passing foreign elements that are not special;
        // a special element (an integration point, a template) stops it. HTML elements below the stack are unknown.
        for (var i = _depth - 1; i >= 0; i--)
        {
            var kind = _stack![i].Kind;
            if ((kind & (OpenElementKind.Template | OpenElementKind.HtmlIntegrationPoint | OpenElementKind.MathMlTextIntegrationPoint | OpenElementKind.AnnotationXml)) != 0)
            {
                return;
            }

            if (kind == OpenElementKind.HtmlInIntegrationPoint && _stack[i].Name == hash)
            {
                _depth = i;
                return;
            }
        }
    }

    // "While the current node is not a MathML text integration point, an HTML integration point, or an element in
    // the HTML namespace, pop elements from the stack of open elements."
    private void PopForeignElements()
    {
        while (_depth > 0)
        {
            var kind = _stack![_depth - 1].Kind;
            if (!IsForeign(kind) || (kind & (OpenElementKind.HtmlIntegrationPoint | OpenElementKind.MathMlTextIntegrationPoint)) != 0)
            {
                return;
            }

            _depth--;
        }
    }

    private void Push(ulong hash, OpenElementKind kind)
    {
        if (_depth == MaxDepth)
        {
            LostTrack = true;
            return;
        }

        // Most pages never open anything tracked after the body starts; those that do rarely go deep.
        if (_stack is null || _stack.Length == _depth)
        {
            Array.Resize(ref _stack, _stack is null ? 8 : Math.Min(MaxDepth, _stack.Length * 2));
        }

        _stack[_depth++] = new OpenElement(hash, kind);
    }

    private struct OpenElement(ulong name, OpenElementKind kind)
    {
        public readonly ulong Name = name;
        public OpenElementKind Kind = kind;
    }
}

/// <summary>The insertion modes <see cref="TreeBuilderSimulator"/> tells apart, in the order a document goes through them.</summary>
internal enum InsertionMode : byte
{
    /// <summary>"initial".</summary>
    Initial,

    /// <summary>"before html".</summary>
    BeforeHtml,

    /// <summary>"before head".</summary>
    BeforeHead,

    /// <summary>"in head" (and "text" for the head's raw text elements, which the tokenizer alone ends).</summary>
    InHead,

    /// <summary>"after head".</summary>
    AfterHead,

    /// <summary>"in body" and every mode reached from it (tables, templates and foreign content are on the stack).</summary>
    InBody,

    /// <summary>"after body" and "after after body" after <c>&lt;/html&gt;</c>: comments go outside the body.</summary>
    AfterBody,

    /// <summary>"in frameset", "after frameset", "after after frameset": no body element is ever created.</summary>
    InFrameset,
}

/// <summary>What the tokenizer reads after a start tag.</summary>
internal enum TextKind : byte
{
    /// <summary>The data state: markup.</summary>
    Data,

    /// <summary>RCDATA: text up to the matching end tag (<c>textarea</c>, <c>title</c>).</summary>
    RcData,

    /// <summary>RAWTEXT: text up to the matching end tag.</summary>
    RawText,

    /// <summary>Script data, with its escaped and double-escaped states.</summary>
    ScriptData,

    /// <summary>PLAINTEXT: text to the end of the document.</summary>
    PlainText,
}

/// <summary>What an entry of <see cref="TreeBuilderSimulator"/>'s stack is.</summary>
[Flags]
internal enum OpenElementKind : byte
{
    /// <summary>An HTML element opened inside an integration point.</summary>
    HtmlInIntegrationPoint = 0,

    /// <summary>An HTML <c>template</c> element.</summary>
    Template = 1,

    /// <summary>With <see cref="Template"/>: its first start tag has chosen its template insertion mode.</summary>
    TemplateModeChosen = 2,

    /// <summary>With <see cref="Template"/>: it started with <c>&lt;col&gt;</c>, so its other start tags are ignored.</summary>
    IgnoresStartTags = 4,

    /// <summary>An element in the SVG namespace.</summary>
    Svg = 8,

    /// <summary>An element in the MathML namespace.</summary>
    MathMl = 16,

    /// <summary>An HTML integration point: SVG <c>foreignObject</c>, <c>desc</c>, <c>title</c>; an HTML <c>annotation-xml</c>.</summary>
    HtmlIntegrationPoint = 32,

    /// <summary>A MathML text integration point: <c>mi</c>, <c>mo</c>, <c>mn</c>, <c>ms</c>, <c>mtext</c>.</summary>
    MathMlTextIntegrationPoint = 64,

    /// <summary>A MathML <c>annotation-xml</c> element (special, and where <c>&lt;svg&gt;</c> follows the HTML rules).</summary>
    AnnotationXml = 128,
}
