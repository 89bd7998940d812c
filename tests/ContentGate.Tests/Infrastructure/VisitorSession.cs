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

    /// <summary>
    /// Submits the first form in <paramref name="html"/> whose action ends with <paramref name="action"/>, with the
    /// headers a current browser sends on a same-origin form post (<c>Origin</c>, <c>Sec-Fetch-Site: same-origin</c>);
    /// <paramref name="configure"/> changes them, to play another site or an older browser.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitFormAsync(string html, string action, Action<Dictionary<string, string>>? change = null, Action<HttpRequestMessage>? configure = null)
    {
        var (target, fields) = FindForm(html, action);
        change?.Invoke(fields);
        return await PostAsync(target, new FormUrlEncodedContent(fields), configure);
    }

    /// <summary>Posts <paramref name="content"/> as a browser on this site would (see <see cref="SubmitFormAsync"/>), with the visitor's cookies.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, HttpContent? content, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation("Origin", SameOrigin);
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");
        configure?.Invoke(request);
        return await SendAsync(request);
    }

    /// <summary>The action and the hidden fields of the first form in <paramref name="html"/> whose action ends with <paramref name="action"/>.</summary>
    public static (string Target, Dictionary<string, string> Fields) FindForm(string html, string action)
    {
        var form = FormPattern().Matches(html).FirstOrDefault(m => m.Groups["action"].Value.EndsWith(action, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No form posting to '{action}' in:\n{html}");
        var fields = InputPattern().Matches(form.Groups["inner"].Value)
            .ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        return (WebUtility.HtmlDecode(form.Groups["action"].Value), fields);
    }

    /// <summary>The origin of the test server's pages, as a browser serializes it.</summary>
    public const string SameOrigin = "http://localhost";

    /// <summary>Sends <paramref name="request"/> from this visitor, with its cookies, and keeps the cookies the answer sets.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
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
