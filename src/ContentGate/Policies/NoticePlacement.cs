namespace ContentGate.Policies;

/// <summary>Where in the page a notice goes.</summary>
public enum NoticePlacement
{
    /// <summary>Right after the page's <c>&lt;body …&gt;</c> start tag: the top of the page. The default.</summary>
    AfterBodyStart = 1,

    /// <summary>Right before the page's <c>&lt;/body&gt;</c> end tag: the bottom of the page.</summary>
    BeforeBodyEnd = 2,

    /// <summary>
    /// Right after the first <c>&lt;!-- contentgate:notice --&gt;</c> comment in the body, where the page's template
    /// puts it. Falls back to right before <c>&lt;/body&gt;</c> when the page has no marker.
    /// </summary>
    Marker = 3,
}
