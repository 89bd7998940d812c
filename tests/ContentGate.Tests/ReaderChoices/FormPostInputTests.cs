using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ContentGate.Tests.Infrastructure;

namespace ContentGate.Tests.ReaderChoices;

/// <summary>
/// Every input of the dismiss and acknowledge endpoints, as an attacker would craft it, through the real pipeline:
/// each is answered (never a 500), a refused post records nothing, and a Location is always a local, ASCII URL.
/// </summary>
public sealed class FormPostInputTests : IAsyncLifetime
{
    private const string Dismiss = "/_contentgate/dismiss";
    private const string Acknowledge = "/_contentgate/acknowledge";

    private GateServer _server = null!;
    private VisitorSession _visitor = null!;
    private Dictionary<string, string> _fields = null!;

    public async Task InitializeAsync()
    {
        var config = DismissAndAcknowledgeTests.Configuration();
        config["ContentGate:Policies:plain-notice:Regions:0"] = "RU";
        config["ContentGate:Policies:plain-notice:Paths:0"] = "/plain";
        config["ContentGate:Policies:plain-notice:Action"] = "Notice";
        config["ContentGate:Policies:plain-notice:Notice:Html"] = "<p>Not dismissible</p>";
        _server = await GateServer.StartAsync(config);
        _visitor = new VisitorSession(_server, Fixtures.IPv4("RU"));
        var (_, page) = await _visitor.GetAsync("/");
        _fields = VisitorSession.FindForm(page, Dismiss).Fields;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string Version => _fields["version"];

    public static TheoryData<string, string> ReturnUrls => new()
    {
        // Non-ASCII: percent-encoded as UTF-8, so the header is valid ASCII and names the same local URL.
        { "/é", "/%C3%A9" },
        { "/привет", "/%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82" },
        { "/a\u2028b", "/a%E2%80%A8b" },
        { "/a\u2029b", "/a%E2%80%A9b" },
        { "/a\u00A0b", "/a%C2%A0b" },
        { "/a\u202Eb", "/a%E2%80%AEb" },
        { "/emoji/\U0001F600", "/emoji/%F0%9F%98%80" },
        { "/articles?q=é&page=2", "/articles?q=%C3%A9&page=2" },
        { "/a b\"<>`{}|^", "/a%20b%22%3C%3E%60%7B%7D%7C%5E" },
        // Already local and ASCII: kept as they are.
        { "/articles/one?page=2", "/articles/one?page=2" },
        { "/articles/%D0%BF", "/articles/%D0%BF" },
        { "/100%", "/100%" },
        { "/a/../b", "/a/../b" },
        { "/#top", "/#top" },
        { "/javascript:alert(1)", "/javascript:alert(1)" },
        // Not a local URL, or one a browser, proxy or app could turn into another host: the app's root instead.
        { "", "/" },
        { " /articles", "/" },
        { "articles", "/" },
        { "//evil.example/", "/" },
        { "///evil.example/", "/" },
        { "/\\evil.example/", "/" },
        { "\\\\evil.example/", "/" },
        { "/articles\\..\\evil", "/" },
        { "/\t/evil.example/", "/" },
        { "/\n/evil.example/", "/" },
        { "/\r\n/evil.example/", "/" },
        { "/a\tb", "/" },
        { "/a\u0000b", "/" },
        { "/a\u007Fb", "/" },
        { "/a\u0085b", "/" },
        { "/%2F/evil.example/", "/" },
        { "/%2f%2fevil.example/", "/" },
        { "/%5Cevil.example/", "/" },
        { "/%5cevil.example/", "/" },
        { "/%09/evil.example/", "/" },
        { "/%0A%0D/evil.example/", "/" },
        { "https://evil.example/", "/" },
        { "http://localhost/articles", "/" },
        { "javascript:alert(1)", "/" },
        { "data:text/html,<script>alert(1)</script>", "/" },
        { "/" + new string('a', 9000), "/" },
        { "/" + new string('é', 3000), "/" },
    };

    [Theory]
    [MemberData(nameof(ReturnUrls))]
    public async Task DismissPost_WithReturnUrl_RecordsAndRedirectsToLocalAsciiUrl(string returnUrl, string location)
    {
        using var posted = await _visitor.SubmitFormAsync(Page, Dismiss, f => f["returnUrl"] = returnUrl);

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Equal(location, posted.RawHeader("Location"));
        Assert.True(_visitor.Cookies.ContainsKey(".ContentGate.Dismissed"));
    }

    [Fact]
    public async Task AcknowledgePost_WithNonAsciiReturnUrl_RecordsAndRedirectsToEncodedUrl()
    {
        var ukrainian = new VisitorSession(_server, Fixtures.IPv4("UA-43"));
        var (_, interstitial) = await ukrainian.GetAsync("/articles/investigation");

        using var posted = await ukrainian.SubmitFormAsync(interstitial, Acknowledge, f => f["returnUrl"] = "/articles/investigation?q=расследование");

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Equal("/articles/investigation?q=%D1%80%D0%B0%D1%81%D1%81%D0%BB%D0%B5%D0%B4%D0%BE%D0%B2%D0%B0%D0%BD%D0%B8%D0%B5", posted.RawHeader("Location"));
        Assert.Contains("<h1>Headline</h1>", (await ukrainian.GetAsync("/articles/investigation")).Body, StringComparison.Ordinal);
    }

    /// <summary>Raw urlencoded bodies ({v} is the current version) that must be refused with 400.</summary>
    public static TheoryData<string, string> MalformedForms => new()
    {
        { "no fields", "" },
        { "policy missing", "version={v}&returnUrl=%2F" },
        { "policy empty", "policy=&version={v}&returnUrl=%2F" },
        { "policy twice", "policy=undesirable-organization&policy=undesirable-organization&version={v}&returnUrl=%2F" },
        { "policy twice, different", "policy=undesirable-organization&policy=plain-notice&version={v}&returnUrl=%2F" },
        { "policy unknown", "policy=no-such-policy&version={v}&returnUrl=%2F" },
        { "policy markup", "policy=%3Cscript%3Ealert(1)%3C%2Fscript%3E&version={v}&returnUrl=%2F" },
        { "policy with CRLF", "policy=undesirable-organization%0D%0ASet-Cookie%3A%20x%3D1&version={v}&returnUrl=%2F" },
        { "policy with NUL", "policy=undesirable-organization%00&version={v}&returnUrl=%2F" },
        { "policy path", "policy=..%2F..%2Fundesirable-organization&version={v}&returnUrl=%2F" },
        { "policy long", "policy=" + new string('a', 5000) + "&version={v}&returnUrl=%2F" },
        { "policy of a Block", "policy=kz-court-order&version={v}&returnUrl=%2F" },
        { "policy of an Acknowledge", "policy=investigations&version={v}&returnUrl=%2F" },
        { "notice not dismissible", "policy=plain-notice&version={v}&returnUrl=%2F" },
        { "malformed escape", "policy=%ZZundesirable-organization&version={v}&returnUrl=%2F" },
        { "plus for space", "policy=undesirable+organization&version={v}&returnUrl=%2F" },
        { "version missing", "policy=undesirable-organization&returnUrl=%2F" },
        { "version twice", "policy=undesirable-organization&version={v}&version={v}&returnUrl=%2F" },
        { "version huge", "policy=undesirable-organization&version=" + new string('9', 40_000) + "&returnUrl=%2F" },
        { "returnUrl twice", "policy=undesirable-organization&version={v}&returnUrl=%2F&returnUrl=%2F%2Fevil.example" },
        { "returnUrl huge", "policy=undesirable-organization&version={v}&returnUrl=%2F" + new string('a', 100_000) },
        { "too many fields", "policy=undesirable-organization&version={v}&returnUrl=%2F" + string.Concat(Enumerable.Repeat("&x=1", 100)) },
        { "many empty pairs", "policy=undesirable-organization&version={v}&returnUrl=%2F" + new string('&', 200_000) },
        { "key too long", "policy=undesirable-organization&version={v}&returnUrl=%2F&" + new string('k', 1000) + "=1" },
    };

    [Theory]
    [MemberData(nameof(MalformedForms))]
    public async Task DismissPost_WithMalformedForm_Answers400AndRecordsNothing(string name, string body)
    {
        using var posted = await _visitor.PostAsync(Dismiss, UrlEncoded(body.Replace("{v}", Version, StringComparison.Ordinal)));

        Assert.True(posted.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)posted.StatusCode}");
        await AssertRefusedAsync(posted);
    }

    [Fact]
    public async Task AcknowledgePost_NamingANotice_Answers400AndRecordsNothing()
    {
        using var posted = await _visitor.PostAsync(Acknowledge, UrlEncoded($"policy=undesirable-organization&version={Version}&returnUrl=%2F"));

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        await AssertRefusedAsync(posted);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x00, 0x70 })]
    [InlineData(new byte[] { (byte)'p', (byte)'o', (byte)'l', (byte)'i', (byte)'c', (byte)'y', (byte)'=', 0xC3 })]
    public async Task DismissPost_WithInvalidUtf8_Answers400AndRecordsNothing(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");

        using var posted = await _visitor.PostAsync(Dismiss, content);

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        await AssertRefusedAsync(posted);
    }

    [Fact]
    public async Task DismissPost_WithFieldsInQueryStringOnly_Answers400AndRecordsNothing()
    {
        var query = $"?policy=undesirable-organization&version={Version}&returnUrl=%2F";

        using var posted = await _visitor.PostAsync(Dismiss + query, UrlEncoded(string.Empty));

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        await AssertRefusedAsync(posted);
    }

    [Fact]
    public async Task DismissPost_WithFieldsInQueryStringAndNoBody_Answers415AndRecordsNothing()
    {
        using var posted = await _visitor.PostAsync(Dismiss + $"?policy=undesirable-organization&version={Version}&returnUrl=%2F", content: null);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, posted.StatusCode);
        await AssertRefusedAsync(posted);
    }

    [Fact]
    public async Task DismissPost_WithForeignReturnUrlInQueryString_IgnoresIt()
    {
        using var posted = await _visitor.PostAsync(Dismiss + "?returnUrl=%2F%2Fevil.example", UrlEncoded(ValidBody("%2Farticles")));

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Equal("/articles", posted.RawHeader("Location"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    [InlineData("text/html")]
    [InlineData("application/x-www-form-urlencodedx")]
    [InlineData("application/x-www-form-urlencoded, text/plain")]
    [InlineData("application")]
    [InlineData("%%%")]
    public async Task DismissPost_WithWrongContentType_Answers415AndRecordsNothing(string? contentType)
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(ValidBody()));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var posted = await _visitor.PostAsync(Dismiss, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, posted.StatusCode);
        await AssertRefusedAsync(posted);
    }

    [Fact]
    public async Task DismissPost_AsMultipart_Answers415AndRecordsNothing()
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent("undesirable-organization"), "policy" },
            { new StringContent(Version), "version" },
            { new StringContent("/"), "returnUrl" },
        };

        using var posted = await _visitor.PostAsync(Dismiss, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, posted.StatusCode);
        await AssertRefusedAsync(posted);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/x-www-form-urlencoded; charset=utf-8")]
    [InlineData("Application/X-WWW-Form-URLEncoded; charset=UTF-8")]
    [InlineData("application/x-www-form-urlencoded; charset=windows-1251")]
    [InlineData("application/x-www-form-urlencoded; charset=no-such-charset")]
    [InlineData("application/x-www-form-urlencoded; charset=")]
    public async Task DismissPost_WithFormContentType_IsAccepted(string contentType)
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(ValidBody()));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var posted = await _visitor.PostAsync(Dismiss, content);

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.DoesNotContain("data-contentgate-notice", (await _visitor.GetAsync("/")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DismissPost_WithDeclaredLengthOverLimit_Answers400WithoutReadingAndRecordsNothing()
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(ValidBody()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        content.Headers.ContentLength = 10_000_000;

        using var posted = await _visitor.PostAsync(Dismiss, content);

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        await AssertRefusedAsync(posted);
    }

    [Fact]
    public async Task DismissPost_WithStreamedBodyOverLimit_Answers400AndRecordsNothing()
    {
        // No Content-Length (sent chunked): the body is read up to the limit, not to its end.
        var content = new StreamContent(new UnsizedStream(Encoding.ASCII.GetBytes(ValidBody() + "&x="), 1_000_000));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");

        using var posted = await _visitor.PostAsync(Dismiss, content);

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        await AssertRefusedAsync(posted);
    }

    [Theory]
    [InlineData("0000000000000")]
    [InlineData("")]
    [InlineData("x")]
    public async Task DismissPost_WithStaleVersion_RedirectsBackAndRecordsNothing(string version)
    {
        using var posted = await _visitor.SubmitFormAsync(Page, Dismiss, f => f["version"] = version);

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        await AssertRefusedAsync(posted);
    }

    [Fact]
    public async Task DismissPost_WithUnknownExtraFieldsAndPolicyInOtherCase_IsAccepted()
    {
        using var posted = await _visitor.PostAsync(Dismiss, UrlEncoded($"policy=UNDESIRABLE-ORGANIZATION&version={Version}&returnUrl=%2F&submit=Dismiss&x="));

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.DoesNotContain("data-contentgate-notice", (await _visitor.GetAsync("/")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DismissPost_WithoutReturnUrl_RedirectsToRoot()
    {
        using var posted = await _visitor.PostAsync(Dismiss, UrlEncoded($"policy=undesirable-organization&version={Version}"));

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Equal("/", posted.RawHeader("Location"));
    }

    [Fact]
    public async Task DismissPost_WithHostileDismissalCookie_RecordsOnlyWellFormedPairs()
    {
        _visitor.SetCookie(".ContentGate.Dismissed", "a~1|" + new string('b', 3000) + "~2|<script>~3");

        using var posted = await _visitor.SubmitFormAsync(Page, Dismiss);

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Equal($"a~1|undesirable-organization~{Version}", Uri.UnescapeDataString(_visitor.Cookies[".ContentGate.Dismissed"]));
    }

    [Theory]
    [InlineData("GET", Dismiss)]
    [InlineData("HEAD", Dismiss)]
    [InlineData("PUT", Dismiss)]
    [InlineData("DELETE", Dismiss)]
    [InlineData("PATCH", Dismiss)]
    [InlineData("OPTIONS", Dismiss)]
    [InlineData("TRACE", Dismiss)]
    [InlineData("GET", Acknowledge)]
    [InlineData("HEAD", Acknowledge)]
    [InlineData("PUT", Acknowledge)]
    public async Task FormEndpoint_WithOtherMethod_Answers405AndRecordsNothing(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method is "GET" or "HEAD" or "TRACE" ? null : UrlEncoded(ValidBody()) };

        using var response = await _visitor.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("POST", Assert.Single(response.Content.Headers.Allow));
        await AssertRefusedAsync(response);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Stylesheet_WithOtherMethod_Answers405(string method)
    {
        using var response = await _visitor.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/_contentgate/contentgate.css"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/_contentgate/dismiss/")]
    [InlineData("/_contentgate/dismiss/x")]
    [InlineData("/_contentgate/dismiss.")]
    [InlineData("/_contentgate/dismiss;x")]
    [InlineData("/_contentgate//dismiss")]
    [InlineData("/_contentgate/dismis")]
    [InlineData("/_contentgate/acknowledge/")]
    [InlineData("/_contentgate")]
    [InlineData("/_contentgate/")]
    [InlineData("/_contentgate/contentgate.css/")]
    public async Task FormPost_ToPathVariant_Answers404AndRecordsNothing(string path)
    {
        using var posted = await _visitor.PostAsync(path, UrlEncoded(ValidBody()));

        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        await AssertRefusedAsync(posted);
    }

    [Theory]
    [InlineData("/_CONTENTGATE/DISMISS")]
    [InlineData("/_ContentGate/Dismiss")]
    public async Task FormPost_ToPathInOtherCase_IsAccepted(string path)
    {
        using var posted = await _visitor.PostAsync(path, UrlEncoded(ValidBody()));

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.DoesNotContain("data-contentgate-notice", (await _visitor.GetAsync("/")).Body, StringComparison.Ordinal);
    }

    private string Page => $"<form class=\"contentgate-notice__dismiss\" method=\"post\" action=\"{Dismiss}\">"
        + string.Concat(_fields.Select(f => $"<input type=\"hidden\" name=\"{f.Key}\" value=\"{WebUtility.HtmlEncode(f.Value)}\">"))
        + "</form>";

    private string ValidBody(string returnUrl = "%2F") => $"policy=undesirable-organization&version={Version}&returnUrl={returnUrl}";

    private static ByteArrayContent UrlEncoded(string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return content;
    }

    /// <summary>A refused post sets no cookie, logs no acceptance, and the reader still gets the notice.</summary>
    private async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.DoesNotContain(_server.Logs.Entries, e => e.EventId.Name == "FormAccepted");
        Assert.DoesNotContain(_server.Logs.Entries, e => e.Exception is not null);
        Assert.Contains("data-contentgate-notice=\"undesirable-organization\"", (await _visitor.GetAsync("/")).Body, StringComparison.Ordinal);
    }

    /// <summary>A long request body of unknown length, as a client streaming without a Content-Length sends it.</summary>
    private sealed class UnsizedStream(byte[] prefix, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = (int)Math.Min(count, length - _position);
            for (var i = 0; i < read; i++, _position++)
            {
                buffer[offset + i] = _position < prefix.Length ? prefix[_position] : (byte)'a';
            }

            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
