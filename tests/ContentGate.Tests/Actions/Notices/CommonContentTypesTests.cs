using ContentGate.Actions.Notices;
using Microsoft.Net.Http.Headers;

namespace ContentGate.Tests.Actions.Notices;

/// <summary>The shortcut for common Content-Type values must conclude exactly what the full parser concludes.</summary>
public sealed class CommonContentTypesTests
{
    public static TheoryData<string?> Values =>
    [
        null, "", " ", "text/html", "TEXT/HTML", "text/html; charset=utf-8", "text/html;charset=utf-8", "Text/Html; Charset=UTF-8",
        "text/html; charset=windows-1251", "text/html; charset=\"utf-8\"", "text/html ; charset=utf-8", " text/html", "text/html ",
        "text / html", "text/html;", "text/html; charset=utf-16", "text/html, text/plain", "text/htmlx", "text/html x",
        "application/xhtml+xml", "application/xhtml+xml; charset=utf-8", "APPLICATION/XHTML+XML",
        "application/json", "application/json; charset=utf-8", "application/problem+json", "text/css", "text/plain; charset=utf-8",
        "image/png", "application/javascript", "text/event-stream", "multipart/form-data; boundary=x", "html", "text", "/html", "text/",
        "te xt/html", "\"text/html\"", "text/html\"", "text\t/\thtml", "*/*", "text/*", "application/octet-stream",
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void TryClassify_WhenItAnswers_AgreesWithTheParser(string? contentType)
    {
        if (!CommonContentTypes.TryClassify(contentType, out var isHtml, out var encoding))
        {
            return;
        }

        var parsed = MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && (mediaType.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)
                || mediaType.MediaType.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(parsed, isHtml);
        if (isHtml)
        {
            var charset = HeaderUtilities.RemoveQuotes(mediaType!.Charset).ToString();
            Assert.Equal(charset.Length == 0 ? NoticeEncoding.Ascii : NoticeEncoding.Utf8, encoding);
            Assert.True(charset.Length == 0 || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Theory]
    [InlineData("text/html; charset=utf-8", true)]
    [InlineData("text/html", true)]
    [InlineData("application/json; charset=utf-8", false)]
    [InlineData("text/css", false)]
    [InlineData("image/png", false)]
    [InlineData(null, false)]
    public void TryClassify_CommonValues_AnswersWithoutTheParser(string? contentType, bool html)
    {
        Assert.True(CommonContentTypes.TryClassify(contentType, out var isHtml, out _));
        Assert.Equal(html, isHtml);
    }

    [Theory]
    [InlineData("text/html; charset=windows-1251")]
    [InlineData("text/html; charset=utf-16")]
    [InlineData("application/xhtml+xml")]
    [InlineData("text / html")]
    public void TryClassify_HtmlWithOtherParameters_LeavesItToTheParser(string contentType)
        => Assert.False(CommonContentTypes.TryClassify(contentType, out _, out _));
}
