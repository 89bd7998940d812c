namespace ContentGate.Sources;

/// <summary>
/// ContentGate's built-in kinds of region source: the names <see cref="RegionSourceOptions.Type"/> gives them. See the README for what each reads
/// and which networks to trust. Any other <c>Type</c> names a source registered with
/// <see cref="ContentGateBuilder.AddRegionSource{TFactory}(string)"/>.
/// </summary>
public enum RegionSourceType
{
    /// <summary>The local GeoIP2/GeoLite2 database at <c>ContentGate:MaxMind:DatabasePath</c>.</summary>
    MaxMindDatabase = 1,

    /// <summary>Cloudflare's <c>CF-IPCountry</c> and <c>cf-region-code</c> headers (<c>XX</c> unknown, <c>T1</c> Tor).</summary>
    Cloudflare = 2,

    /// <summary>Amazon CloudFront's <c>CloudFront-Viewer-Country</c> and <c>CloudFront-Viewer-Country-Region</c> headers.</summary>
    CloudFront = 3,

    /// <summary>Fastly: the header names you configure in VCL (<see cref="RegionSourceOptions.CountryHeader"/>, <see cref="RegionSourceOptions.RegionHeader"/>).</summary>
    Fastly = 4,

    /// <summary>Akamai's <c>X-Akamai-Edgescape</c> header (<c>country_code=…,region_code=…</c>).</summary>
    Akamai = 5,

    /// <summary>Vercel's <c>x-vercel-ip-country</c> and <c>x-vercel-ip-country-region</c> headers.</summary>
    Vercel = 6,

    /// <summary>
    /// Google Cloud load balancer custom headers (configured names) carrying <c>{client_region}</c> and
    /// <c>{client_region_subdivision}</c>, the latter a CLDR id such as <c>USCA</c>.
    /// </summary>
    GoogleCloud = 7,

    /// <summary>Any trusted proxy's headers: configured names, ISO 3166-1 country and ISO 3166-2 (or bare) subdivision codes.</summary>
    Header = 8,
}
