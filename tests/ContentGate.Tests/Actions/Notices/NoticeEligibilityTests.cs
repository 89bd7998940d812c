using ContentGate.Actions.Notices;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Tests.Actions.Notices;

public class NoticeEligibilityTests
{
    [Theory]
    [InlineData("text/html; charset=utf-8", nameof(NoticeEncoding.Utf8))]
    [InlineData("text/html;charset=UTF-8", nameof(NoticeEncoding.Utf8))]
    [InlineData("TEXT/HTML; CHARSET=\"utf-8\"", nameof(NoticeEncoding.Utf8))]
    [InlineData("text/html; charset=utf8", nameof(NoticeEncoding.Utf8))]
    [InlineData("Text/Html; Charset=Unicode-1-1-UTF-8", nameof(NoticeEncoding.Utf8))]
    [InlineData("application/xhtml+xml; charset=utf-8", nameof(NoticeEncoding.Utf8))]
    [InlineData("text/html", nameof(NoticeEncoding.Ascii))]
    [InlineData("application/xhtml+xml", nameof(NoticeEncoding.Ascii))]
    [InlineData("text/html; charset=windows-1251", nameof(NoticeEncoding.Ascii))]
    [InlineData("text/html; charset=koi8-r", nameof(NoticeEncoding.Ascii))]
    [InlineData("text/html; charset=iso-8859-5", nameof(NoticeEncoding.Ascii))]
    [InlineData("text/html; charset=Shift_JIS", nameof(NoticeEncoding.Ascii))]
    [InlineData("text/html; charset=gb18030", nameof(NoticeEncoding.Ascii))]
    [InlineData("text/html; charset=x-not-a-real-charset", nameof(NoticeEncoding.Ascii))]
    [InlineData("text/html; charset=\"\"", nameof(NoticeEncoding.Ascii))]
    public void TryChooseEncoding_WithHtmlCharset_ChoosesNoticeForm(string contentType, string expected)
    {
        var context = CreateContext(contentType);

        Assert.True(NoticeEligibility.TryChooseEncoding(context, out var encoding, out _));
        Assert.Equal(Enum.Parse<NoticeEncoding>(expected), encoding);
    }

    [Theory]
    [InlineData("text/html; charset=utf-16")]
    [InlineData("text/html; charset=UTF-16LE")]
    [InlineData("text/html; charset=utf-16be")]
    [InlineData("text/html; charset=unicode")]
    [InlineData("text/html; charset=ucs-2")]
    [InlineData("text/html; charset=utf-32")]
    [InlineData("text/html; charset=\"UTF-32LE\"")]
    [InlineData("text/html; charset=utf-7")]
    [InlineData("text/html; charset=ISO-2022-JP")]
    [InlineData("text/html; charset=hz-gb-2312")]
    public void TryChooseEncoding_WithAsciiIncompatibleCharset_IsUnsupported(string contentType)
    {
        AssertPassThrough(CreateContext(contentType), NoticeOutcome.UnsupportedCharset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("text/plain")]
    [InlineData("text/htmlx")]
    [InlineData("text/html-sandboxed")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("image/svg+xml")]
    [InlineData("text/event-stream")]
    [InlineData("not a media type")]
    public void TryChooseEncoding_WithOtherMediaType_IsNotHtml(string? contentType)
    {
        AssertPassThrough(CreateContext(contentType), NoticeOutcome.NotHtml);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(201)]
    [InlineData(203)]
    [InlineData(299)]
    public void TryChooseEncoding_WithSuccessStatus_IsEligible(int status)
    {
        var context = CreateContext("text/html");
        context.Response.StatusCode = status;

        Assert.True(NoticeEligibility.TryChooseEncoding(context, out _, out _));
    }

    [Theory]
    [InlineData(101, nameof(NoticeOutcome.StatusNotEligible))]
    [InlineData(204, nameof(NoticeOutcome.StatusNotEligible))]
    [InlineData(205, nameof(NoticeOutcome.StatusNotEligible))]
    [InlineData(206, nameof(NoticeOutcome.PartialContent))]
    [InlineData(301, nameof(NoticeOutcome.StatusNotEligible))]
    [InlineData(304, nameof(NoticeOutcome.StatusNotEligible))]
    [InlineData(404, nameof(NoticeOutcome.StatusNotEligible))]
    [InlineData(451, nameof(NoticeOutcome.StatusNotEligible))]
    [InlineData(500, nameof(NoticeOutcome.StatusNotEligible))]
    public void TryChooseEncoding_WithOtherStatus_PassesThrough(int status, string expected)
    {
        var context = CreateContext("text/html");
        context.Response.StatusCode = status;

        AssertPassThrough(context, Enum.Parse<NoticeOutcome>(expected));
    }

    [Theory]
    [InlineData("identity", nameof(ContentCoding.Identity))]
    [InlineData("IDENTITY", nameof(ContentCoding.Identity))]
    [InlineData(" identity ,identity", nameof(ContentCoding.Identity))]
    [InlineData("gzip", nameof(ContentCoding.Gzip))]
    [InlineData("x-gzip", nameof(ContentCoding.Gzip))]
    [InlineData("GZip", nameof(ContentCoding.Gzip))]
    [InlineData("br", nameof(ContentCoding.Brotli))]
    [InlineData("deflate", nameof(ContentCoding.Deflate))]
    [InlineData("identity, gzip", nameof(ContentCoding.Gzip))]
    public void TryChooseEncoding_WithContentEncoding_AcceptsIdentityOrOneCodingItDecodes(string contentEncoding, string expected)
    {
        var context = CreateContext("text/html");
        context.Response.Headers.ContentEncoding = contentEncoding;

        Assert.True(NoticeEligibility.TryChooseEncoding(context, out _, out var coding, out _));
        Assert.Equal(Enum.Parse<ContentCoding>(expected), coding);
    }

    [Theory]
    [InlineData("gzip, br")]
    [InlineData("br, br")]
    [InlineData("compress")]
    [InlineData("zstd")]
    [InlineData("gzip;q=1")]
    public void TryChooseEncoding_WithTwoCodingsOrOneItCannotDecode_IsContentEncoded(string contentEncoding)
    {
        var context = CreateContext("text/html");
        context.Response.Headers.ContentEncoding = contentEncoding;

        AssertPassThrough(context, NoticeOutcome.ContentEncoded);
    }

    [Fact]
    public void TryChooseEncoding_WithContentRange_IsPartialContent()
    {
        var context = CreateContext("text/html");
        context.Response.Headers.ContentRange = "bytes 0-9/100";

        AssertPassThrough(context, NoticeOutcome.PartialContent);
    }

    [Theory]
    [InlineData("HEAD")]
    [InlineData("head")]
    public void TryChooseEncoding_WithHeadRequest_PassesThrough(string method)
    {
        var context = CreateContext("text/html");
        context.Request.Method = method;

        AssertPassThrough(context, NoticeOutcome.HeadRequest);
    }

    private static DefaultHttpContext CreateContext(string? contentType)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Response.ContentType = contentType;
        return context;
    }

    private static void AssertPassThrough(HttpContext context, NoticeOutcome expected)
    {
        Assert.False(NoticeEligibility.TryChooseEncoding(context, out _, out var reason));
        Assert.Equal(expected, reason);
    }
}
