using System.Net;
using System.Text.RegularExpressions;

namespace ContentGate.MaxMind.WebService.Tests;

/// <summary>
/// A reader's browser reaching a site of several instances through its load balancer, which sends each request to
/// the instance the test names and adds the reader's address in <c>X-Forwarded-For</c>, as a load balancer does. The
/// browser keeps cookies per host, not per port (RFC 6265 §8.5), so every instance at 127.0.0.1 gets them, as every
/// instance behind one site name does; it posts forms as a browser does, with <c>Origin</c> and
/// <c>Sec-Fetch-Site: same-origin</c>.
/// </summary>
internal sealed partial class ReaderBrowser(IPAddress reader) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    /// <summary>Moves the reader to another network (the cookies stay): the load balancer forwards this address from now on.</summary>
    public IPAddress Reader { get; set; } = reader;

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(SiteInstance instance, string path)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(instance.Address, path)));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Submits the form in <paramref name="html"/> (a page <paramref name="instance"/> served) that posts to <paramref name="action"/>.</summary>
    public async Task<HttpStatusCode> SubmitFormAsync(SiteInstance instance, string html, string action)
    {
        var form = FormPattern().Matches(html).FirstOrDefault(m => m.Groups["action"].Value.EndsWith(action, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No form posting to '{action}' in:\n{html}");
        var fields = InputPattern().Matches(form.Groups["inner"].Value)
            .ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(instance.Address, WebUtility.HtmlDecode(form.Groups["action"].Value)))
        {
            Content = new FormUrlEncodedContent(fields),
        };
        request.Headers.TryAddWithoutValidation("Origin", instance.Address.GetLeftPart(UriPartial.Authority));
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");
        using var response = await SendAsync(request);
        return response.StatusCode;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", Reader.ToString());
            if (_cookies.Count > 0)
            {
                request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await _client.SendAsync(request);
            foreach (var setCookie in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = setCookie.Split(';')[0];
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..equals], pair[(equals + 1)..]);
                if (value.Length == 0 || setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = value;
                }
            }

            return response;
        }
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("<form[^>]*action=\"(?<action>[^\"]+)\"[^>]*>(?<inner>.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex InputPattern();
}
