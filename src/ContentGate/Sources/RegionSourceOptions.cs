using Microsoft.Extensions.Configuration;

namespace ContentGate.Sources;

/// <summary>
/// One entry of <c>ContentGate:Sources</c>, the ordered list of places a visitor's region comes from. For the built-in
/// types, keys that do not apply to the entry's <see cref="Type"/> are errors; an entry of a registered type keeps its
/// own keys, which its <see cref="IRegionSourceFactory"/> reads and checks.
/// </summary>
public sealed class RegionSourceOptions
{
    /// <summary>
    /// Gets or sets the kind of source. Required. Built in: <c>MaxMindDatabase</c>, <c>Cloudflare</c>,
    /// <c>CloudFront</c>, <c>Fastly</c>, <c>Akamai</c>, <c>Vercel</c>, <c>GoogleCloud</c>, <c>Header</c>; any other name
    /// must be registered with <see cref="ContentGateBuilder.AddRegionSource{TFactory}(string)"/> (the
    /// ContentGate.MaxMind.WebService package registers <c>MaxMindWebService</c>). Defaults to <see langword="null"/>.
    /// </summary>
    public string? Type { get; set; }

    /// <summary>
    /// Gets the networks (CIDR, <c>"173.245.48.0/20"</c>) a header source trusts: its headers count only when the
    /// connection's remote address is inside one of them. Required for every header source; defaults to empty.
    /// </summary>
    public IList<string> TrustedNetworks { get; } = [];

    /// <summary>Gets or sets the country header name, for <c>Fastly</c>, <c>GoogleCloud</c> and <c>Header</c>. Defaults to <see langword="null"/>.</summary>
    public string? CountryHeader { get; set; }

    /// <summary>Gets or sets the subdivision header name, for <c>Fastly</c>, <c>GoogleCloud</c> and <c>Header</c>. Defaults to <see langword="null"/> (country only).</summary>
    public string? RegionHeader { get; set; }

    /// <summary>The entry's configuration section when bound from configuration: what a registered source reads.</summary>
    internal IConfigurationSection? Configuration { get; set; }
}
