using ContentGate.Actions.Notices;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Tests.Actions.Notices;

public class NoticeResponseHeadersTests
{
    [Fact]
    public void Apply_WhenInjecting_RemovesLengthValidatorsAndRanges()
    {
        var headers = CacheableHeaders();

        NoticeResponseHeaders.Apply(headers, injecting: true, cdnCacheKeyIncludesRegion: false);

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

        NoticeResponseHeaders.Apply(headers, injecting: false, cdnCacheKeyIncludesRegion: false);

        Assert.Equal(100, headers.ContentLength);
        Assert.Equal("\"v1\"", headers.ETag.ToString());
        Assert.Equal("Wed, 01 Jan 2025 00:00:00 GMT", headers.LastModified.ToString());
        Assert.Equal("bytes", headers.AcceptRanges.ToString());
        Assert.Equal("private, max-age=60", headers.CacheControl.ToString());
    }

    [Fact]
    public void Apply_WithCdnCacheKeyIncludesRegion_LeavesCacheControlAlone()
    {
        var headers = CacheableHeaders();

        NoticeResponseHeaders.Apply(headers, injecting: true, cdnCacheKeyIncludesRegion: true);

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
