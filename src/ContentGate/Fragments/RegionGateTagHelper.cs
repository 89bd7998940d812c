using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Logging;

namespace ContentGate.Fragments;

/// <summary>
/// Shows or hides part of a Razor view depending on where the visitor is:
/// <c>&lt;region-gate hide-for="russia-controlled"&gt;…&lt;/region-gate&gt;</c> renders its content for everyone
/// except visitors in those regions, <c>&lt;region-gate show-for="RU, UA-43"&gt;…&lt;/region-gate&gt;</c> only
/// for visitors in them. The <c>region-gate</c> element itself is never rendered.
/// </summary>
/// <remarks>
/// <para>
/// Register the tag helpers once with <c>@addTagHelper *, ContentGate</c> in <c>_ViewImports.cshtml</c>. To hide
/// or show a single element without a wrapper, use the <c>contentgate-hide-for</c> and <c>contentgate-show-for</c>
/// attributes (<see cref="RegionGateAttributeTagHelper"/>).
/// </para>
/// <para>
/// A list names region sets from <c>ContentGate:RegionSets</c>, country codes (<c>RU</c>) and ISO 3166-2
/// subdivision codes (<c>UA-43</c>), separated by commas or spaces. A visitor is inside the list when the country
/// or one of its subdivisions is listed.
/// </para>
/// <para>
/// When ContentGate cannot tell where the visitor is (the region is unknown, or <c>UseContentGate</c> did not run
/// for the request) the visitor counts as <em>inside</em> the listed regions: <c>hide-for</c> content is hidden
/// and <c>show-for</c> content is shown, so share buttons are withheld and warnings are displayed when in doubt.
/// A list that names something that is not a region or a region set, or an element with both or neither of the
/// attributes, never breaks the page: the mistake is logged as an error, the list is handled as if the visitor
/// were inside it, and an element with both or neither attribute is hidden.
/// </para>
/// <para>
/// Hidden content is not rendered at all, so tag helpers and view components inside it do not run. A page that
/// uses a region gate differs by region: ContentGate marks the response <c>Cache-Control: private</c> (unless
/// <c>ContentGate:Caching:CdnCacheKeyIncludesRegion</c> is set) and keeps output caching from storing it. Do not
/// put a region gate inside a <c>&lt;cache&gt;</c> or <c>&lt;distributed-cache&gt;</c> tag helper unless it
/// varies by region, or one visitor's version is served to everyone.
/// </para>
/// </remarks>
[HtmlTargetElement(ElementName)]
public sealed class RegionGateTagHelper : TagHelper
{
    private const string ElementName = "region-gate";
    private const string HideForAttributeName = "hide-for";
    private const string ShowForAttributeName = "show-for";

    private readonly ILogger _logger;

    /// <summary>Creates the tag helper. Razor creates it for every <c>region-gate</c> element.</summary>
    /// <param name="logger">Where mistakes in region lists are reported.</param>
    public RegionGateTagHelper(ILogger<RegionGateTagHelper> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    /// <summary>
    /// Gets or sets the regions whose visitors do not see the content, from the <c>hide-for</c> attribute: region
    /// set names and region codes separated by commas or spaces. Defaults to <see langword="null"/> (not set).
    /// </summary>
    [HtmlAttributeName(HideForAttributeName)]
    public string? HideFor { get; set; }

    /// <summary>
    /// Gets or sets the regions whose visitors are the only ones to see the content, from the <c>show-for</c>
    /// attribute: region set names and region codes separated by commas or spaces. Defaults to
    /// <see langword="null"/> (not set).
    /// </summary>
    [HtmlAttributeName(ShowForAttributeName)]
    public string? ShowFor { get; set; }

    /// <summary>Gets or sets the view being rendered. Set by Razor.</summary>
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    /// <summary>
    /// Gets the order in which the tag helper runs: after the other tag helpers on the same element, so content
    /// they produce is hidden too.
    /// </summary>
    public override int Order => int.MaxValue;

    /// <inheritdoc />
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);

        output.TagName = null;
        if (!RegionGate.IsShown(ViewContext, HideFor, ShowFor, HideForAttributeName, ShowForAttributeName, _logger))
        {
            output.SuppressOutput();
        }
    }
}
