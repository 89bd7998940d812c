using ContentGate.Regions;

namespace ContentGate.Sources.Headers;

/// <summary>
/// The result of reading one request's headers: the verdict, the region when found, and for an invalid value the
/// header and the raw value (for a shortened Debug log; nothing is copied unless it is logged).
/// </summary>
internal readonly struct HeaderReading
{
    private HeaderReading(HeaderVerdict verdict, Region? region, string? header, string? value)
    {
        Verdict = verdict;
        Region = region;
        Header = header;
        Value = value;
    }

    public static HeaderReading NotFound { get; } = new(HeaderVerdict.NotFound, null, null, null);

    public static HeaderReading Tor { get; } = new(HeaderVerdict.Tor, null, null, null);

    public HeaderVerdict Verdict { get; }

    public Region? Region { get; }

    /// <summary>The header whose value was invalid.</summary>
    public string? Header { get; }

    /// <summary>The invalid value as received (first value when the header was repeated).</summary>
    public string? Value { get; }

    public static HeaderReading Found(Region region) => new(HeaderVerdict.Found, region, null, null);

    public static HeaderReading Invalid(string header, string? value) => new(HeaderVerdict.Invalid, null, header, value);

    public override string ToString() => Verdict == HeaderVerdict.Found ? $"Found {Region}" : Verdict.ToString();
}
