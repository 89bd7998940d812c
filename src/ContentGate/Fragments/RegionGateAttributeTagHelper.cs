using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Logging;

namespace ContentGate.Fragments;

/// <summary>
/// Removes any element carrying <c>contentgate-hide-for="…"</c> for visitors in the listed regions, or carrying
/// <c>contentgate-show-for="…"</c> for visitors outside them, for example
/// <c>&lt;button class="share" contentgate-hide-for="russia-controlled"&gt;Share&lt;/button&gt;</c>. When the
/// element is shown, the attribute is removed from it.
/// </summary>
/// <remarks>
/// <para>
/// Register the tag helpers once with <c>@addTagHelper *, ContentGate</c> in <c>_ViewImports.cshtml</c>. To gate
/// several elements at once, wrap them in <c>&lt;region-gate&gt;</c> (<see cref="RegionGateTagHelper"/>).
/// </para>
/// <para>
/// Lists, unknown regions and mistakes are handled as by <see cref="RegionGateTagHelper"/>: an unknown region, a
/// request ContentGate did not run for, and an invalid list all count as inside the listed regions (logged as an
/// error when the list is invalid), and an element with both attributes is removed. A removed element is removed
/// with everything in it, including what other tag helpers on it produce. The response is marked as differing by
/// region as described there.
/// </para>
/// </remarks>
[HtmlTargetElement("*", Attributes = HideForAttributeName)]
[HtmlTargetElement("*", Attributes = ShowForAttributeName)]
public sealed class RegionGateAttributeTagHelper : TagHelper
{
    private const string HideForAttributeName = "contentgate-hide-for";
    private const string ShowForAttributeName = "contentgate-show-for";

    private readonly ILogger _logger;

    /// <summary>Creates the tag helper. Razor creates it for every element with one of its attributes.</summary>
    /// <param name="logger">Where mistakes in region lists are reported.</param>
    public RegionGateAttributeTagHelper(ILogger<RegionGateAttributeTagHelper> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    /// <summary>
    /// Gets or sets the regions whose visitors do not see the element, from the <c>contentgate-hide-for</c>
    /// attribute: region set names and region codes separated by commas or spaces. Defaults to
    /// <see langword="null"/> (not set).
    /// </summary>
    [HtmlAttributeName(HideForAttributeName)]
    public string? HideFor { get; set; }

    /// <summary>
    /// Gets or sets the regions whose visitors are the only ones to see the element, from the
    /// <c>contentgate-show-for</c> attribute: region set names and region codes separated by commas or spaces.
    /// Defaults to <see langword="null"/> (not set).
    /// </summary>
    [HtmlAttributeName(ShowForAttributeName)]
    public string? ShowFor { get; set; }

    /// <summary>Gets or sets the view being rendered. Set by Razor.</summary>
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    /// <summary>
    /// Gets the order in which the tag helper runs: after the other tag helpers on the same element, so content
    /// they produce is removed too.
    /// </summary>
    public override int Order => int.MaxValue;

    /// <inheritdoc />
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);

        // Razor leaves bound attributes out of the output already; this also covers outputs built by hand.
        output.Attributes.RemoveAll(HideForAttributeName);
        output.Attributes.RemoveAll(ShowForAttributeName);
        if (!RegionGate.IsShown(ViewContext, HideFor, ShowFor, HideForAttributeName, ShowForAttributeName, _logger))
        {
            output.SuppressOutput();
        }
    }
}
