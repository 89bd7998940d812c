using ContentGate.Sources.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace ContentGate.Tests.Sources.Headers;

/// <summary>Builds request headers for parser tests and describes a reading in one comparable string.</summary>
internal static class HeaderTestData
{
    /// <summary>Headers from name/value pairs; a <see langword="null"/> value leaves the header out.</summary>
    public static HeaderDictionary RequestHeaders(params (string Name, string? Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            if (value is not null)
            {
                dictionary.Append(name, new StringValues(value));
            }
        }

        return dictionary;
    }

    /// <summary>"UA UA-43" for a found region, else the verdict: "NotFound", "Tor", "Invalid".</summary>
    public static string Describe(HeaderReading reading)
        => reading.Verdict == HeaderVerdict.Found ? reading.Region!.ToString() : reading.Verdict.ToString();
}
