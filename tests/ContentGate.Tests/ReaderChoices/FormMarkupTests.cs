using ContentGate.ReaderChoices;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Tests.ReaderChoices;

public sealed class FormMarkupTests
{
    public static TheoryData<string?, string> ReturnUrls => new()
    {
        { null, "/" },
        { "", "/" },
        { "/", "/" },
        { "/articles/one?page=2#top", "/articles/one?page=2#top" },
        { "/é", "/%C3%A9" },
        { "/a\u2028b\u00A0c", "/a%E2%80%A8b%C2%A0c" },
        { "/\U0001F600", "/%F0%9F%98%80" },
        { "//evil.example", "/" },
        { "/\\evil.example", "/" },
        { "/a\\b", "/" },
        { "/\t/evil.example", "/" },
        { "/%2F/evil.example", "/" },
        { "/%5c/evil.example", "/" },
        { "/%0d%0a%09/evil.example", "/" },
        { "/%2", "/%2" },
        { "/%", "/%" },
        { "/%zz/", "/%zz/" },
        { "/%252F/evil.example", "/%252F/evil.example" },
        { "https://evil.example", "/" },
        { "/" + new string('a', 8191), "/" + new string('a', 8191) },
        { "/" + new string('a', 8192), "/" },
        { "/" + new string('é', 1365), "/" + string.Concat(Enumerable.Repeat("%C3%A9", 1365)) },
        { "/" + new string('é', 1366), "/" },
    };

    [Theory]
    [MemberData(nameof(ReturnUrls))]
    public void LocalReturnUrl_ForValue_IsLocalAsciiUrlOrRoot(string? returnUrl, string expected)
    {
        var context = new DefaultHttpContext();

        var location = FormMarkup.LocalReturnUrl(context, returnUrl);

        Assert.Equal(expected, location);
        Assert.True(location.All(c => c is > ' ' and < '\u007F'), location);
    }

    [Fact]
    public void LocalReturnUrl_WithLoneSurrogate_IsRoot()
    {
        // Not theory data: xUnit would turn each lone surrogate into U+FFFD on the way to the test.
        string[] values = ["/a\uD800", "/a\uD800b", "/a\uDC00b", "/a\uDC00\uD800b", "/\uD83D\uD83D\uDE00"];

        Assert.All(values, value => Assert.Equal("/", FormMarkup.LocalReturnUrl(new DefaultHttpContext(), value)));
    }

    [Theory]
    [InlineData("/news", "//evil.example", "/news")]
    [InlineData("/новости", "//evil.example", "/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8")]
    [InlineData("/news", "/news/articles", "/news/articles")]
    public void LocalReturnUrl_BehindPathBase_FallsBackToEncodedPathBase(string pathBase, string returnUrl, string expected)
    {
        var context = new DefaultHttpContext();
        context.Request.PathBase = pathBase;

        Assert.Equal(expected, FormMarkup.LocalReturnUrl(context, returnUrl));
    }
}
