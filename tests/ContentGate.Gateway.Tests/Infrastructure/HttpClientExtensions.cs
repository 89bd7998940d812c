using System.Net;

namespace ContentGate.Gateway.Tests.Infrastructure;

internal static class HttpClientExtensions
{
    /// <summary>GET <paramref name="path"/> as the reader at <paramref name="reader"/> (its <c>X-Forwarded-For</c>), with any further headers.</summary>
    public static async Task<HttpResponseMessage> GetAsAsync(this HttpClient client, string path, IPAddress? reader, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (reader is not null)
        {
            request.Headers.Add("X-Forwarded-For", reader.ToString());
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request);
    }

    /// <summary>The values of a response header, content headers included, joined as they were sent.</summary>
    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}
