using System.Net;
using System.Text.RegularExpressions;

namespace ContentGate.Gateway.Tests.Infrastructure;

/// <summary>
/// One reader across several requests through the gateway, as a browser would be: every request says where the reader
/// is with <c>X-Forwarded-For</c> (believed because the test gateway trusts 127.0.0.1), cookies are kept, ContentGate's
/// forms are submitted with a same-origin browser's headers, and redirects are not followed.
/// </summary>
internal sealed partial class ReaderSession(HttpClient client, IPAddress reader)
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    public async Task<(HttpResponseMessage Response, string Body)> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        var response = await SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Submits the first form in <paramref name="html"/> whose action ends with <paramref name="action"/>, with its hidden fields.</summary>
    public async Task<HttpResponseMessage> SubmitFormAsync(string html, string action)
    {
        var form = FormPattern().Matches(html).FirstOrDefault(m => m.Groups["action"].Value.EndsWith(action, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No form posting to '{action}' in:\n{html}");
        var fields = InputPattern().Matches(form.Groups["inner"].Value)
            .ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        using var request = new HttpRequestMessage(HttpMethod.Post, WebUtility.HtmlDecode(form.Groups["action"].Value))
        {
            Content = new FormUrlEncodedContent(fields),
        };
        request.Headers.TryAddWithoutValidation("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");
        return await SendAsync(request);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        request.Headers.Add("X-Forwarded-For", reader.ToString());
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                var pair = setCookie.Split(';')[0];
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                _cookies[pair[..equals]] = pair[(equals + 1)..];
            }
        }

        return response;
    }

    [GeneratedRegex("<form[^>]*action=\"(?<action>[^\"]+)\"[^>]*>(?<inner>.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex InputPattern();
}
