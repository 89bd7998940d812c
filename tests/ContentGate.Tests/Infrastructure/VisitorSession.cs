using System.Net;
using System.Text.RegularExpressions;
using ContentGate.Testing;

namespace ContentGate.Tests.Infrastructure;

/// <summary>
/// One visitor across several requests, as a browser would be: keeps cookies, submits ContentGate's forms, and
/// does not follow redirects so tests can see them.
/// </summary>
internal sealed partial class VisitorSession(GateServer server, IPAddress visitor)
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    public string? AcceptLanguage { get; set; }

    public void SetCookie(string name, string value) => _cookies[name] = value;

    public async Task<(HttpResponseMessage Response, string Body)> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        var response = await SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Submits the first form in <paramref name="html"/> whose action ends with <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> SubmitFormAsync(string html, string action, Action<Dictionary<string, string>>? change = null)
    {
        var form = FormPattern().Matches(html).FirstOrDefault(m => m.Groups["action"].Value.EndsWith(action, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No form posting to '{action}' in:\n{html}");
        var fields = InputPattern().Matches(form.Groups["inner"].Value)
            .ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        change?.Invoke(fields);
        using var request = new HttpRequestMessage(HttpMethod.Post, WebUtility.HtmlDecode(form.Groups["action"].Value))
        {
            Content = new FormUrlEncodedContent(fields),
        };
        return await SendAsync(request);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        request.FromVisitor(visitor);
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        if (AcceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", AcceptLanguage);
        }

        var response = await server.Client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                var pair = setCookie.Split(';')[0];
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var name = pair[..equals];
                var value = pair[(equals + 1)..];
                if (setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase) || value.Length == 0)
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = value;
                }
            }
        }

        return response;
    }

    [GeneratedRegex("<form[^>]*action=\"(?<action>[^\"]+)\"[^>]*>(?<inner>.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex InputPattern();
}
