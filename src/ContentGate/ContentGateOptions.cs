using ContentGate.Caching;
using ContentGate.MaxMind;
using ContentGate.Policies;

namespace ContentGate;

/// <summary>
/// Everything ContentGate does, usually bound from the <c>ContentGate</c> configuration section.
/// </summary>
/// <remarks>
/// Options are validated when the host starts; an invalid value stops the host with a message naming the key,
/// the value and the fix. They are then compiled once into immutable lookup structures, so nothing here is read
/// per request.
/// </remarks>
public sealed class ContentGateOptions
{
    /// <summary>
    /// Gets or sets where the MaxMind GeoIP2/GeoLite2 database is. Configuration key
    /// <c>ContentGate:MaxMind</c>.
    /// </summary>
    public MaxMindOptions MaxMind { get; set; } = new();

    /// <summary>
    /// Gets the named region sets, each a list of country codes (<c>RU</c>) and subdivision codes
    /// (<c>UA-43</c>), that policies can refer to by name. Configuration key <c>ContentGate:RegionSets</c>.
    /// Names are case-insensitive and may not be country codes. Defaults to empty.
    /// </summary>
    public IDictionary<string, IList<string>> RegionSets { get; } =
        new Dictionary<string, IList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets the policies by name. Configuration key <c>ContentGate:Policies</c>. A name appears in the markup
    /// (<c>data-contentgate-notice="name"</c>), in logs and in metrics, so it may contain only letters, digits,
    /// <c>-</c>, <c>_</c> and <c>.</c>. Policies are evaluated in ordinal order of their names. Defaults to empty.
    /// </summary>
    public IDictionary<string, PolicyOptions> Policies { get; } =
        new Dictionary<string, PolicyOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets or sets how responses that depend on the visitor's region are marked for caches. Configuration
    /// key <c>ContentGate:Caching</c>.
    /// </summary>
    public CachingOptions Caching { get; set; } = new();
}
