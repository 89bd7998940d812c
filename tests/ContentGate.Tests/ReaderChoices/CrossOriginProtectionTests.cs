using ContentGate.ReaderChoices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace ContentGate.Tests.ReaderChoices;

/// <summary>The same rules as <see cref="CrossOriginFormPostTests"/>, for header values HttpClient will not send (empty ones, and several).</summary>
public sealed class CrossOriginProtectionTests
{
    [Theory]
    [InlineData(new string[0], new string[0], "example.org", true)]
    [InlineData(new[] { "same-origin" }, new string[0], "example.org", true)]
    [InlineData(new[] { "none" }, new[] { "https://evil.example" }, "example.org", true)]
    [InlineData(new[] { "" }, new string[0], "example.org", false)]
    [InlineData(new[] { "" }, new[] { "https://example.org" }, "example.org", false)]
    [InlineData(new[] { "same-origin", "same-origin" }, new string[0], "example.org", false)]
    [InlineData(new[] { "cross-site" }, new[] { "https://example.org" }, "example.org", false)]
    [InlineData(new string[0], new[] { "" }, "example.org", false)]
    [InlineData(new string[0], new[] { "https://example.org" }, "example.org", true)]
    [InlineData(new string[0], new[] { "http://example.org" }, "example.org", true)]
    [InlineData(new string[0], new[] { "https://example.org:8443" }, "example.org:8443", true)]
    [InlineData(new string[0], new[] { "https://example.org:8443" }, "example.org", false)]
    [InlineData(new string[0], new[] { "https://example.org" }, "example.org:8443", false)]
    [InlineData(new string[0], new[] { "https://[2001:db8::1]:8443" }, "[2001:db8::1]:8443", true)]
    [InlineData(new string[0], new[] { "https://example.org", "https://example.org" }, "example.org", false)]
    [InlineData(new string[0], new[] { "https://example.org" }, "", false)]
    [InlineData(new string[0], new[] { "null" }, "example.org", false)]
    [InlineData(new string[0], new[] { "https://" }, "", false)]
    [InlineData(new string[0], new[] { "https://example.org\\" }, "example.org", false)]
    public void IsSameOrigin_ForHeaders_AcceptsOnlyOwnOrigin(string[] secFetchSite, string[] origin, string host, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host);
        if (secFetchSite.Length > 0)
        {
            context.Request.Headers["Sec-Fetch-Site"] = new StringValues(secFetchSite);
        }

        if (origin.Length > 0)
        {
            context.Request.Headers.Origin = new StringValues(origin);
        }

        Assert.Equal(expected, CrossOriginProtection.IsSameOrigin(context.Request));
    }
}
