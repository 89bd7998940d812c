using ContentGate.Notices;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Tests.Notices;

public class NoticeResponseHeadersTests
{
    [Theory]
    [InlineData(null, "private")]
    [InlineData("", "private")]
    [InlineData("public", "private")]
    [InlineData("public, max-age=60", "private, max-age=60")]
    [InlineData("PUBLIC, S-MAXAGE=10, max-age=5", "private, max-age=5")]
    [InlineData("max-age=60, s-maxage=600, stale-while-revalidate=30", "private, max-age=60, stale-while-revalidate=30")]
    [InlineData("no-cache", "private, no-cache")]
    [InlineData("must-revalidate,max-age=0", "private, must-revalidate, max-age=0")]
    [InlineData("private=\"Set-Cookie\", max-age=60", "private, max-age=60")]
    [InlineData("no-cache=\"Set-Cookie, X-Token\", public", "private, no-cache=\"Set-Cookie, X-Token\"")]
    [InlineData(" , public ,, max-age=1 ", "private, max-age=1")]
    public void TryMakePrivate_WithSharedCacheableValue_RemovesSharedDirectivesAndAddsPrivate(string? cacheControl, string expected)
    {
        Assert.True(NoticeResponseHeaders.TryMakePrivate(cacheControl, out var result));
        Assert.Equal(expected, result);
    }

    [Theory]
    [InlineData("private")]
    [InlineData("Private, max-age=60")]
    [InlineData("max-age=60, PRIVATE")]
    [InlineData("no-store")]
    [InlineData("public, NO-STORE")]
    [InlineData("no-cache=\"a, b\", no-store")]
    public void TryMakePrivate_WithPrivateOrNoStore_LeavesHeaderAlone(string cacheControl)
    {
        Assert.False(NoticeResponseHeaders.TryMakePrivate(cacheControl, out _));
    }

    [Fact]
    public void TryMakePrivate_WithSeveralHeaderValues_ReadsThemAll()
    {
        Assert.True(NoticeResponseHeaders.TryMakePrivate(new[] { "public", "max-age=60" }, out var result));
        Assert.Equal("private, max-age=60", result);
        Assert.False(NoticeResponseHeaders.TryMakePrivate(new[] { "max-age=60", "private" }, out _));
    }

    [Fact]
    public void Apply_WhenInjecting_RemovesLengthValidatorsAndRanges()
    {
        var headers = CacheableHeaders();

        NoticeResponseHeaders.Apply(headers, injecting: true, keepSharedCacheable: false);

        Assert.Null(headers.ContentLength);
        Assert.False(headers.ContainsKey("ETag"));
        Assert.False(headers.ContainsKey("Last-Modified"));
        Assert.False(headers.ContainsKey("Content-MD5"));
        Assert.False(headers.ContainsKey("Accept-Ranges"));
        Assert.Equal("private, max-age=60", headers.CacheControl.ToString());
        Assert.Equal("Accept-Language", headers.Vary.ToString());
    }

    [Fact]
    public void Apply_WhenNotInjecting_OnlyChangesCacheControl()
    {
        var headers = CacheableHeaders();

        NoticeResponseHeaders.Apply(headers, injecting: false, keepSharedCacheable: false);

        Assert.Equal(100, headers.ContentLength);
        Assert.Equal("\"v1\"", headers.ETag.ToString());
        Assert.Equal("Wed, 01 Jan 2025 00:00:00 GMT", headers.LastModified.ToString());
        Assert.Equal("bytes", headers.AcceptRanges.ToString());
        Assert.Equal("private, max-age=60", headers.CacheControl.ToString());
    }

    [Fact]
    public void Apply_WithKeepSharedCacheable_LeavesCacheControlAlone()
    {
        var headers = CacheableHeaders();

        NoticeResponseHeaders.Apply(headers, injecting: true, keepSharedCacheable: true);

        Assert.Equal("public, max-age=60", headers.CacheControl.ToString());
        Assert.False(headers.ContainsKey("ETag"));
    }

    private static IHeaderDictionary CacheableHeaders()
    {
        IHeaderDictionary headers = new HeaderDictionary();
        headers.ContentLength = 100;
        headers.ETag = "\"v1\"";
        headers.LastModified = "Wed, 01 Jan 2025 00:00:00 GMT";
        headers.ContentMD5 = "Q2hlY2sgSW50ZWdyaXR5IQ==";
        headers.AcceptRanges = "bytes";
        headers.CacheControl = "public, max-age=60";
        headers.Vary = "Accept-Language";
        return headers;
    }
}
