namespace ContentGate.Actions.Notices;

/// <summary>
/// The element names that change what <see cref="TreeBuilderSimulator"/> does with a tag, identified by a hash of
/// the tag name as the tokenizer lower-cases it. Every other name is <see cref="Other"/>.
/// </summary>
internal enum HtmlElementName : byte
{
    /// <summary>A name with no special meaning here.</summary>
    Other = 0,

    // The document's skeleton and what the "in head" insertion mode keeps in the head.
    Html, Head, Body, Frameset, Base, Basefont, Bgsound, Link, Meta, Template,

    // Elements whose start tag switches the tokenizer to another state (scripting enabled).
    Script, Style, Textarea, Title, Xmp, Iframe, Noembed, Noframes, Noscript, Plaintext,

    // Foreign content roots, integration points and the MathML elements that are not text integration points.
    Svg, Math, ForeignObject, Desc, Mi, Mo, Mn, Ms, Mtext, AnnotationXml, Mglyph, Malignmark,

    // The column group a template can start with; "font" breaks out of foreign content only with some attributes.
    Col, Font,

    // Start tags that break out of foreign content ("p" and "br" end tags too).
    B, Big, Blockquote, Br, Center, Code, Dd, Div, Dl, Dt, Em, Embed, H1, H2, H3, H4, H5, H6, Hr, I, Img, Li,
    Listing, Menu, Nobr, Ol, P, Pre, Ruby, S, Small, Span, Strong, Strike, Sub, Sup, Table, Tt, U, Ul, Var,

    // Other void elements: an HTML element that is never left open.
    Area, Input, Keygen, Param, Source, Track, Wbr, Frame, Image,

    // Table parts, which "in body" ignores outside a table.
    Caption, Colgroup, Tbody, Tfoot, Thead, Tr, Td, Th,
}

/// <summary>Hashing of tag names and what the hash says about them.</summary>
internal static class HtmlElementNames
{
    /// <summary>The FNV-1a offset basis: the hash of an empty name.</summary>
    public const ulong EmptyHash = 14695981039346656037UL;

    private const ulong Prime = 1099511628211UL;

    // Open addressing: a slot is (hash, name); a zero hash marks an empty slot (no name hashes to zero in practice,
    // and a collision with it would only make that name Other).
    private const int TableSize = 256;
    private static readonly ulong[] s_hashes = new ulong[TableSize];
    private static readonly HtmlElementName[] s_names = new HtmlElementName[TableSize];
    private static readonly bool[] s_breaksOutOfForeignContent = new bool[byte.MaxValue + 1];
    private static readonly bool[] s_isVoid = new bool[byte.MaxValue + 1];

    static HtmlElementNames()
    {
        foreach (var name in Enum.GetValues<HtmlElementName>())
        {
            if (name != HtmlElementName.Other)
            {
                Add(name == HtmlElementName.AnnotationXml ? "annotation-xml" : name.ToString().ToLowerInvariant(), name);
            }
        }

        // The breakout list of the rules for parsing tokens in foreign content.
        foreach (var name in new[]
        {
            HtmlElementName.B, HtmlElementName.Big, HtmlElementName.Blockquote, HtmlElementName.Body, HtmlElementName.Br,
            HtmlElementName.Center, HtmlElementName.Code, HtmlElementName.Dd, HtmlElementName.Div, HtmlElementName.Dl,
            HtmlElementName.Dt, HtmlElementName.Em, HtmlElementName.Embed, HtmlElementName.H1, HtmlElementName.H2,
            HtmlElementName.H3, HtmlElementName.H4, HtmlElementName.H5, HtmlElementName.H6, HtmlElementName.Head,
            HtmlElementName.Hr, HtmlElementName.I, HtmlElementName.Img, HtmlElementName.Li, HtmlElementName.Listing,
            HtmlElementName.Menu, HtmlElementName.Meta, HtmlElementName.Nobr, HtmlElementName.Ol, HtmlElementName.P,
            HtmlElementName.Pre, HtmlElementName.Ruby, HtmlElementName.S, HtmlElementName.Small, HtmlElementName.Span,
            HtmlElementName.Strong, HtmlElementName.Strike, HtmlElementName.Sub, HtmlElementName.Sup, HtmlElementName.Table,
            HtmlElementName.Tt, HtmlElementName.U, HtmlElementName.Ul, HtmlElementName.Var,
        })
        {
            s_breaksOutOfForeignContent[(int)name] = true;
        }

        // Void elements: "insert an HTML element, immediately pop it".
        foreach (var name in new[]
        {
            HtmlElementName.Area, HtmlElementName.Base, HtmlElementName.Basefont, HtmlElementName.Bgsound, HtmlElementName.Br,
            HtmlElementName.Col, HtmlElementName.Embed, HtmlElementName.Frame, HtmlElementName.Hr, HtmlElementName.Image,
            HtmlElementName.Img, HtmlElementName.Input, HtmlElementName.Keygen, HtmlElementName.Link, HtmlElementName.Meta,
            HtmlElementName.Param, HtmlElementName.Source, HtmlElementName.Track, HtmlElementName.Wbr,
        })
        {
            s_isVoid[(int)name] = true;
        }
    }

    /// <summary>Adds one lower-case ASCII byte to a name's hash.</summary>
    /// <param name="hash">The hash of the name so far (<see cref="EmptyHash"/> to start).</param>
    /// <param name="lowerCaseByte">The next byte of the name, ASCII upper case already lowered.</param>
    /// <returns>The hash of the longer name.</returns>
    public static ulong Append(ulong hash, byte lowerCaseByte) => (hash ^ lowerCaseByte) * Prime;

    /// <summary>The name a hash stands for, or <see cref="HtmlElementName.Other"/>.</summary>
    /// <param name="hash">The hash of a lower-cased tag name.</param>
    /// <returns>The element name.</returns>
    public static HtmlElementName Find(ulong hash)
    {
        var slot = (int)(hash >> 56);
        while (true)
        {
            var stored = s_hashes[slot];
            if (stored == hash)
            {
                return s_names[slot];
            }

            if (stored == 0)
            {
                return HtmlElementName.Other;
            }

            slot = (slot + 1) & (TableSize - 1);
        }
    }

    /// <summary>The hash of a whole name.</summary>
    /// <param name="name">A lower-case ASCII name.</param>
    /// <returns>Its hash.</returns>
    public static ulong Hash(ReadOnlySpan<char> name)
    {
        var hash = EmptyHash;
        foreach (var c in name)
        {
            hash = Append(hash, (byte)c);
        }

        return hash;
    }

    /// <summary>Whether a start tag of this name in foreign content closes the foreign elements (the breakout list).</summary>
    /// <param name="name">The element name.</param>
    /// <returns><see langword="true"/> for the names of the breakout list (<c>font</c> depends on its attributes and is not one).</returns>
    public static bool BreaksOutOfForeignContent(HtmlElementName name) => s_breaksOutOfForeignContent[(int)name];

    /// <summary>Whether "in body" ignores a start tag of this name (outside a table, where these mean nothing).</summary>
    /// <param name="name">The element name.</param>
    /// <returns><see langword="true"/> for table parts, frame, head, html, body and frameset.</returns>
    public static bool IsIgnoredInBody(HtmlElementName name) => name is HtmlElementName.Caption or HtmlElementName.Col
        or HtmlElementName.Colgroup or HtmlElementName.Frame or HtmlElementName.Head or HtmlElementName.Tbody
        or HtmlElementName.Td or HtmlElementName.Tfoot or HtmlElementName.Th or HtmlElementName.Thead or HtmlElementName.Tr
        or HtmlElementName.Html or HtmlElementName.Body or HtmlElementName.Frameset;

    /// <summary>Whether a start tag of this name closes a <c>p</c> element in button scope before it is inserted.</summary>
    /// <param name="name">The element name.</param>
    /// <returns><see langword="true"/> for the block elements among the names known here.</returns>
    public static bool ClosesParagraph(HtmlElementName name) => name is HtmlElementName.P or HtmlElementName.Div
        or HtmlElementName.Blockquote or HtmlElementName.Center or HtmlElementName.Dl or HtmlElementName.Menu
        or HtmlElementName.Ol or HtmlElementName.Ul or HtmlElementName.H1 or HtmlElementName.H2 or HtmlElementName.H3
        or HtmlElementName.H4 or HtmlElementName.H5 or HtmlElementName.H6 or HtmlElementName.Pre or HtmlElementName.Listing
        or HtmlElementName.Xmp or HtmlElementName.Table or HtmlElementName.Hr or HtmlElementName.Plaintext;

    /// <summary>Whether an HTML element of this name is void: never left open.</summary>
    /// <param name="name">The element name.</param>
    /// <returns><see langword="true"/> for void elements.</returns>
    public static bool IsVoid(HtmlElementName name) => s_isVoid[(int)name];

    private static void Add(string name, HtmlElementName value)
    {
        var hash = Hash(name);
        var slot = (int)(hash >> 56);
        while (s_hashes[slot] != 0)
        {
            if (s_hashes[slot] == hash)
            {
                throw new InvalidOperationException($"Two element names share a hash: {name} and {s_names[slot]}.");
            }

            slot = (slot + 1) & (TableSize - 1);
        }

        s_hashes[slot] = hash;
        s_names[slot] = value;
    }
}
