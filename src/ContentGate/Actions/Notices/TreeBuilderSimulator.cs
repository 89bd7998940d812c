namespace ContentGate.Actions.Notices;

/// <summary>
/// The part of the WHATWG HTML tree construction stage that decides what <see cref="BodyTagScanner"/> needs: which
/// tokenizer state a start tag switches to, which token creates the body element, and whether a token in the body
/// is in HTML content outside every <c>&lt;template&gt;</c> and every SVG or MathML element. Not a DOM: it keeps the
/// insertion mode up to "in body", and a short stack of the open elements that matter — templates (with their
/// template insertion mode where it changes what is ignored), foreign elements with their integration points, and
/// HTML elements opened inside an integration point.
/// </summary>
/// <remarks>
/// <para>
/// The stack holds no HTML element outside integration points, so two rules are approximated: an HTML end tag in
/// foreign content that no tracked element matches is taken to close nothing, although a browser closes the foreign
/// elements when it matches an HTML element further down (<c>&lt;div&gt;&lt;svg&gt;&lt;/div&gt;</c>); and inside an
/// integration point an HTML end tag closes the nearest tracked HTML element of its name, without the "special" and
/// scope rules or the implied closing of <c>p</c>, <c>li</c> and the like. Both err towards foreign content, where
/// nothing is inserted. A frameset that replaces a body opened by content (legal only before any text) is not
/// modelled: that body is taken as the body.
/// </para>
/// <para>
/// Scripting is taken as enabled, as in every browser that matters: <c>&lt;noscript&gt;</c> is raw text.
/// </para>
/// </remarks>
internal struct TreeBuilderSimulator
{
    /// <summary>The deepest the stack goes; past it the simulator loses track (see <see cref="LostTrack"/>).</summary>
    public const int MaxDepth = 64;

    private static readonly ulong s_paragraph = HtmlElementNames.Hash("p");

    private OpenElement[]? _stack;
    private int _depth;

    /// <summary>Initializes a simulator at the start of a document.</summary>
    public TreeBuilderSimulator()
    {
        Mode = InsertionMode.Initial;
    }

    /// <summary>Gets the insertion mode, as far as it matters: the modes before the body, "in body", or frameset.</summary>
    public InsertionMode Mode { get; private set; }

    /// <summary>
    /// Gets a value indicating whether the page started as a whole document — a DOCTYPE, or an <c>&lt;html&gt;</c> or
    /// <c>&lt;head&gt;</c> start tag that created its element — rather than a fragment.
    /// </summary>
    public bool IsDocument { get; private set; }

    /// <summary>Gets a value indicating whether more than <see cref="MaxDepth"/> elements were open on the stack.</summary>
    public bool LostTrack { get; private set; }

    /// <summary>
    /// Gets a value indicating whether a character token here opens the body unless it is whitespace: the insertion
    /// mode is one before the body and no template is open.
    /// </summary>
    public readonly bool CharactersMayOpenBody => Mode < InsertionMode.InBody && _depth == 0;

    /// <summary>
    /// Gets a value indicating whether content inserted here would be HTML in the body: "in body", no template,
    /// SVG or MathML element open, and track not lost.
    /// </summary>
    public readonly bool InBodyContent => (Mode is InsertionMode.InBody or InsertionMode.AfterBody) && _depth == 0 && !LostTrack;

    /// <summary>
    /// Gets a value indicating whether a comment here is inserted in the body as HTML content: as for
    /// <see cref="InBodyContent"/>, but not "after body", where comments go to the <c>html</c> element.
    /// </summary>
    public readonly bool CommentsGoInBody => Mode == InsertionMode.InBody && _depth == 0 && !LostTrack;

    /// <summary>
    /// Gets a value indicating whether the adjusted current node is an SVG or MathML element: where the tokenizer
    /// reads <c>&lt;![CDATA[</c> as a CDATA section.
    /// </summary>
    public readonly bool AdjustedCurrentNodeIsForeign => _depth > 0 && IsForeign(_stack![_depth - 1].Kind);

    /// <summary>
    /// Gets a value indicating whether a start tag of this name is processed by the rules for foreign content, where
    /// its attributes may matter (<c>font</c>) — the tokenizer asks before it reads them.
    /// </summary>
    /// <param name="name">The start tag's name.</param>
    /// <returns><see langword="true"/> when the foreign content rules process it.</returns>
    public readonly bool IsForeignContentStartTag(HtmlElementName name) =>
        _depth > 0 && IsForeign(_stack![_depth - 1].Kind) && !TakesHtmlRules(_stack[_depth - 1].Kind, name);

    /// <summary>
    /// Gets a value indicating whether a start tag of this name would insert a MathML element, whose
    /// <c>encoding</c> attribute makes an <c>annotation-xml</c> an HTML integration point.
    /// </summary>
    /// <param name="name">The start tag's name.</param>
    /// <returns><see langword="true"/> when it is an <c>annotation-xml</c> start tag in MathML content.</returns>
    public readonly bool IsMathMlAnnotationXmlStartTag(HtmlElementName name) =>
        name == HtmlElementName.AnnotationXml && IsForeignContentStartTag(name) && (_stack![_depth - 1].Kind & OpenElementKind.MathMl) != 0;

    /// <summary>
    /// Whether a start tag of this name, read where characters may open the body, leaves the body closed: the names
    /// the modes before the body keep for the head, create the document's skeleton with, or open a frameset with.
    /// Every other start tag opens the body.
    /// </summary>
    /// <param name="name">The start tag's name.</param>
    /// <returns><see langword="true"/> when it does not open the body (<c>body</c> itself creates it explicitly).</returns>
    public readonly bool StartTagKeepsBodyClosed(HtmlElementName name) => name switch
    {
        HtmlElementName.Html or HtmlElementName.Head or HtmlElementName.Body or HtmlElementName.Frameset
            or HtmlElementName.Base or HtmlElementName.Basefont or HtmlElementName.Bgsound or HtmlElementName.Link
            or HtmlElementName.Meta or HtmlElementName.Noframes or HtmlElementName.Script or HtmlElementName.Style
            or HtmlElementName.Template or HtmlElementName.Title => true,

        // "in head" keeps noscript; "after head" does not, so there it opens the body.
        HtmlElementName.Noscript => Mode < InsertionMode.AfterHead,
        _ => false,
    };

    /// <summary>Whether an end tag of this name, read where characters may open the body, opens it.</summary>
    /// <param name="name">The end tag's name.</param>
    /// <returns><see langword="true"/> for <c>body</c>, <c>html</c> and <c>br</c>: the modes before the body act on them as on any other content.</returns>
    public static bool EndTagOpensBody(HtmlElementName name) =>
        name is HtmlElementName.Body or HtmlElementName.Html or HtmlElementName.Br;

    /// <summary>A DOCTYPE token.</summary>
    public void Doctype()
    {
        if (Mode == InsertionMode.Initial)
        {
            Mode = InsertionMode.BeforeHtml;
            IsDocument = true;
        }
    }

    /// <summary>
    /// Content opened the body element (a character, a start or end tag the modes before the body do not keep), or
    /// content "after body" went back to it (a character that is not whitespace).
    /// </summary>
    public void OpenBody() => Mode = InsertionMode.InBody;

    /// <summary>A start tag; returns the text the tokenizer reads after it.</summary>
    /// <param name="name">The tag's name.</param>
    /// <param name="hash">The hash of its lower-cased name.</param>
    /// <param name="selfClosing">Whether it ended with <c>/&gt;</c>.</param>
    /// <param name="breaksOutAsFont">For <c>font</c>: whether it has a <c>color</c>, <c>face</c> or <c>size</c> attribute.</param>
    /// <param name="isHtmlAnnotation">For a MathML <c>annotation-xml</c>: whether its <c>encoding</c> is <c>text/html</c> or <c>application/xhtml+xml</c>.</param>
    /// <param name="createdBody">Set when this start tag created the body element.</param>
    /// <returns>The kind of text that follows.</returns>
    public TextKind StartTag(HtmlElementName name, ulong hash, bool selfClosing, bool breaksOutAsFont, bool isHtmlAnnotation, out bool createdBody)
    {
        createdBody = false;
        if (Mode == InsertionMode.InFrameset)
        {
            // "in frameset", "after frameset", "after after frameset": only noframes is processed (by "in head").
            return name == HtmlElementName.Noframes ? TextKind.RawText : TextKind.Data;
        }

        if (Mode == InsertionMode.AfterBody)
        {
            if (name == HtmlElementName.Html)
            {
                return TextKind.Data;
            }

            Mode = InsertionMode.InBody; // "anything else": back to "in body", token reprocessed there
        }

        if (_depth > 0)
        {
            var top = _stack![_depth - 1].Kind;
            if (IsForeign(top) && !TakesHtmlRules(top, name))
            {
                if (!HtmlElementNames.BreaksOutOfForeignContent(name) && !(name == HtmlElementName.Font && breaksOutAsFont))
                {
                    // "Any other start tag": an element in the adjusted current node's namespace; the tokenizer stays in data.
                    if (!selfClosing)
                    {
                        Push(hash, ForeignKind(top, name, isHtmlAnnotation));
                    }

                    return TextKind.Data;
                }

                PopForeignElements();
            }

            if (_depth > 0 && (_stack![_depth - 1].Kind & OpenElementKind.Template) != 0)
            {
                ref var template = ref _stack[_depth - 1].Kind;
                if ((template & OpenElementKind.IgnoresStartTags) != 0)
                {
                    // A template whose content started with <col>: "in column group" with the template as current node
                    // ignores every start tag but col (void) and template.
                    if (name == HtmlElementName.Template)
                    {
                        Push(hash, OpenElementKind.Template);
                    }

                    return TextKind.Data;
                }

                if ((template & OpenElementKind.TemplateModeChosen) == 0 && !IsProcessedInHead(name))
                {
                    // "in template": the first other start tag chooses the template insertion mode for good.
                    template |= OpenElementKind.TemplateModeChosen;
                    if (name == HtmlElementName.Col)
                    {
                        template |= OpenElementKind.IgnoresStartTags;
                        return TextKind.Data;
                    }
                }
            }
        }
        else if (Mode < InsertionMode.InBody)
        {
            return StartTagBeforeBody(name, hash, out createdBody);
        }

        return StartTagInBody(name, hash, selfClosing);
    }

    /// <summary>An end tag (not one that ends raw text or RCDATA, which only leaves the "text" insertion mode).</summary>
    /// <param name="name">The tag's name.</param>
    /// <param name="hash">The hash of its lower-cased name.</param>
    public void EndTag(HtmlElementName name, ulong hash)
    {
        if (Mode == InsertionMode.InFrameset)
        {
            return;
        }

        if (_depth == 0)
        {
            if (Mode == InsertionMode.Initial)
            {
                Mode = InsertionMode.BeforeHtml; // "anything else"; a DOCTYPE after it is ignored
            }

            if (Mode < InsertionMode.AfterHead && name == HtmlElementName.Head)
            {
                // Before html and before head imply what is missing; in head, </head> ends it.
                Mode = InsertionMode.AfterHead;
            }
            else if (Mode is InsertionMode.InBody or InsertionMode.AfterBody)
            {
                // "in body": </html> ends the body as </body> would ("after body", then "after after body"), where a
                // comment goes outside the body; any other token goes back to "in body". (An open table or object,
                // which the stack does not hold, would keep the body in scope: this errs towards outside the body.)
                Mode = name == HtmlElementName.Html ? InsertionMode.AfterBody : InsertionMode.InBody;
            }

            return;
        }

        if (IsForeign(_stack![_depth - 1].Kind))
        {
            if (name is HtmlElementName.P or HtmlElementName.Br)
            {
                PopForeignElements();
            }
            else
            {
                // "Any other end tag": the nearest foreign element of the same name, as long as only foreign elements
                // are passed; at the first HTML element, the insertion mode's rules take over.
                for (var i = _depth - 1; i >= 0 && IsForeign(_stack[i].Kind); i--)
                {
                    if (_stack[i].Name == hash)
                    {
                        _depth = i;
                        return;
                    }
                }
            }
        }

        EndTagInHtmlContent(name, hash);
    }

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
