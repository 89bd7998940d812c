using ContentGate.Regions;

namespace Microsoft.AspNetCore.Http;

/// <summary>Reads the visitor's region that ContentGate published for the request.</summary>
public static class HttpContextRegionExtensions
{
    /// <summary>
    /// Returns the visitor's region, or <see cref="Region.Unknown"/> when ContentGate has not run for this
    /// request (for example in middleware placed before <c>UseContentGate</c>).
    /// </summary>
    /// <param name="context">The request's context.</param>
    /// <returns>The region.</returns>
    public static Region GetRegion(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IRegionFeature>()?.Region ?? Region.Unknown;
    }
}
