namespace ContentGate.MaxMind;

/// <summary>
/// Whose layout a MaxMind DB (<c>.mmdb</c>) file's records follow. Configuration key <c>ContentGate:MaxMind:Provider</c>.
/// </summary>
/// <remarks>
/// Several providers publish <c>.mmdb</c> files; the format is MaxMind's, the records inside are each provider's own.
/// ContentGate reads all three into the same <c>Region</c>: see the README's "Providers" section for what each gives.
/// </remarks>
public enum DatabaseProvider
{
    /// <summary>Recognised from the file's <c>database_type</c>: <c>GeoIP2-…</c>/<c>GeoLite2-…</c>, <c>DBIP-…</c>, <c>ipinfo …</c>. The default.</summary>
    Auto = 0,

    /// <summary>MaxMind's GeoIP2 and GeoLite2 layouts (Country, City, Enterprise; ASN and ISP for autonomous systems).</summary>
    MaxMind = 1,

    /// <summary>DB-IP's layouts (such as DB-IP Lite City: GeoIP2's layout with subdivisions named in English and no ISO code).</summary>
    DbIp = 2,

    /// <summary>IPinfo's flat layouts (such as IPinfo Lite: <c>country_code</c> and <c>asn</c>).</summary>
    IPinfo = 3,
}
