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
internal partial struct TreeBuilderSimulator
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
}
