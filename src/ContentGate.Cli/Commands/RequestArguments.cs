using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Cli.Commands;

/// <summary>Parses the parts of a request given on the command line; each failure message names the option.</summary>
internal static class RequestArguments
{
    public static bool TryParseAddress(string value, [NotNullWhen(true)] out IPAddress? address, [NotNullWhen(false)] out string? problem)
    {
        var text = value.Trim();
        if (text.StartsWith('[') && text.EndsWith(']'))
        {
            text = text[1..^1];
        }

        // IPAddress.TryParse also takes "1" or "1.2" (old inet_aton forms); nobody means those.
        if ((text.Contains('.', StringComparison.Ordinal) || text.Contains(':', StringComparison.Ordinal)) && IPAddress.TryParse(text, out address))
        {
            problem = null;
            return true;
        }

        address = null;
        problem = $"--ip: '{value}' is not an IPv4 or IPv6 address, for example 203.0.113.9 or 2001:db8::1.";
        return false;
    }

    /// <summary>
    /// Takes a path (<c>/articles/x</c>) or a whole URL and returns the path as the server sees it: percent-encoding
    /// decoded, the query string dropped (policies match paths only).
    /// </summary>
    public static bool TryParsePath(string value, out PathString path, [NotNullWhen(false)] out string? problem)
    {
        var text = value.Trim();
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            text = uri.AbsolutePath;
        }

        text = text.Split('?', '#')[0];
        if (!text.StartsWith('/'))
        {
            path = default;
            problem = $"--path: '{value}' must start with '/', for example /articles/restricted-in-kazakhstan.";
            return false;
        }

        path = PathString.FromUriComponent(text);
        problem = null;
        return true;
    }

    public static bool TryParseHeader(string value, out KeyValuePair<string, string> header, [NotNullWhen(false)] out string? problem)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? string.Empty : value[..colon].Trim();
        if (name.Length == 0 || name.Any(c => c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".Contains(c, StringComparison.Ordinal)))
        {
            header = default;
            problem = $"--header: '{value}' is not NAME:VALUE, for example --header \"CF-IPCountry: RU\".";
            return false;
        }

        header = new KeyValuePair<string, string>(name, value[(colon + 1)..].Trim());
        problem = null;
        return true;
    }
}
