namespace ContentGate.Tests.Infrastructure;

internal static class RawHeaders
{
    /// <summary>
    /// The header as the server sent it, without HttpClient's parsing and re-formatting (which reorders
    /// <c>Cache-Control</c> and percent-encodes a non-ASCII <c>Location</c> that a real server would refuse to send).
    /// </summary>
    public static string? RawHeader(this HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) || response.Content.Headers.NonValidated.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}
