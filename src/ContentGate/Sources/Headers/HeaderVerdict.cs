namespace ContentGate.Sources.Headers;

/// <summary>What a header parser made of a request's geolocation headers.</summary>
internal enum HeaderVerdict
{
    /// <summary>The headers name a country (and possibly a subdivision).</summary>
    Found,

    /// <summary>The country header is absent or empty, or the CDN says it does not know (<c>XX</c>, <c>ZZ</c>, <c>**</c>).</summary>
    NotFound,

    /// <summary>The CDN says the visitor comes through Tor (Cloudflare's <c>T1</c>): no country can be known.</summary>
    Tor,

    /// <summary>A value is malformed, repeated or contradicts another: forged, garbled or a misconfigured proxy.</summary>
    Invalid,
}
