using System.Net;
using System.Text;
using ContentGate.Actions.Notices;

namespace ContentGate.Tests.Actions.Notices;

public class NoticeMarkupTests
{
    [Theory]
    [InlineData("<p>plain ASCII &amp; \"quotes\"</p>", "<p>plain ASCII &amp; \"quotes\"</p>")]
    [InlineData("<p>Внимание</p>", "<p>&#x412;&#x43D;&#x438;&#x43C;&#x430;&#x43D;&#x438;&#x435;</p>")]
    [InlineData("<p title=\"Ukraïna — Україна\">é</p>", "<p title=\"Ukra&#xEF;na &#x2014; &#x423;&#x43A;&#x440;&#x430;&#x457;&#x43D;&#x430;\">&#xE9;</p>")]
    [InlineData("😀", "&#x1F600;")]
    [InlineData("a\U0001F1FA\U0001F1E6b", "a&#x1F1FA;&#x1F1E6;b")]
    [InlineData("\u00A0", "&#xA0;")]
    [InlineData("", "")]
    public void ToAsciiWithCharacterReferences_WithText_ReplacesEveryNonAsciiCharacter(string html, string expected)
    {
        var bytes = NoticeMarkup.ToAsciiWithCharacterReferences(html);

        Assert.All(bytes, b => Assert.True(b < 0x80));
        Assert.Equal(expected, Encoding.ASCII.GetString(bytes));
    }

    [Theory]
    [InlineData("<p>Внимание: 😀 — ё</p>")]
    [InlineData("<div data-contentgate-notice=\"undesirable\"><strong>Увага!</strong> 中文 𝄞</div>")]
    public void ToAsciiWithCharacterReferences_WhenDecodedAsHtml_ReadsAsOriginal(string html)
    {
        var ascii = Encoding.ASCII.GetString(NoticeMarkup.ToAsciiWithCharacterReferences(html));

        Assert.Equal(WebUtility.HtmlDecode(html), WebUtility.HtmlDecode(ascii));
    }

    [Theory]
    [InlineData("a", 0xD800, "b")]
    [InlineData("a", 0xDC00, "b")]
    [InlineData("ab", 0xD83D, "")]
    [InlineData("", 0xDE00, "\uD83D")]
    public void ToAsciiWithCharacterReferences_WithUnpairedSurrogate_WritesReplacementCharacter(string before, int surrogate, string after)
    {
        var html = before + (char)surrogate + after;

        var ascii = Encoding.ASCII.GetString(NoticeMarkup.ToAsciiWithCharacterReferences(html));

        Assert.Contains("&#xFFFD;", ascii, StringComparison.Ordinal);
        Assert.DoesNotContain("&#xD8", ascii, StringComparison.Ordinal);
        Assert.DoesNotContain("&#xDC", ascii, StringComparison.Ordinal);
    }

    [Fact]
    public void ToUtf8_WithText_EncodesWithoutByteOrderMark()
    {
        var bytes = NoticeMarkup.ToUtf8("<p>Внимание 😀</p>");

        Assert.Equal("<p>Внимание 😀</p>", Encoding.UTF8.GetString(bytes));
        Assert.Equal((byte)'<', bytes[0]);
    }

    [Fact]
    public void NoticeInjection_WithHtml_HoldsBothFormsAfterBodyStartOnly()
    {
        var injection = NoticeInjection.Create("<p>ё</p>", cdnCacheKeyIncludesRegion: true);

        Assert.Equal("<p>ё</p>"u8.ToArray(), injection.GetBytes(NoticePlacements.AfterBodyStart, NoticeEncoding.Utf8).ToArray());
        Assert.Equal("<p>&#x451;</p>"u8.ToArray(), injection.GetBytes(NoticePlacements.AfterBodyStart, NoticeEncoding.Ascii).ToArray());
        Assert.True(injection.GetBytes(NoticePlacements.BeforeBodyEnd, NoticeEncoding.Utf8).IsEmpty);
        Assert.True(injection.GetBytes(NoticePlacements.AtMarker, NoticeEncoding.Ascii).IsEmpty);
        Assert.Equal(NoticePlacements.AfterBodyStart, injection.Placements);
        Assert.True(injection.CdnCacheKeyIncludesRegion);
        Assert.False(injection.IsEmpty);
    }

    [Fact]
    public void NoticeInjection_WithThreePlacements_HoldsBothFormsOfEach()
    {
        var injection = NoticeInjection.Create("<p>а</p>", "<p>б</p>", "<p>в</p>", cdnCacheKeyIncludesRegion: false);

        Assert.Equal("<p>а</p>"u8.ToArray(), injection.GetBytes(NoticePlacements.AfterBodyStart, NoticeEncoding.Utf8).ToArray());
        Assert.Equal("<p>б</p>"u8.ToArray(), injection.GetBytes(NoticePlacements.BeforeBodyEnd, NoticeEncoding.Utf8).ToArray());
        Assert.Equal("<p>в</p>"u8.ToArray(), injection.GetBytes(NoticePlacements.AtMarker, NoticeEncoding.Utf8).ToArray());
        Assert.Equal("<p>&#x430;</p>"u8.ToArray(), injection.GetBytes(NoticePlacements.AfterBodyStart, NoticeEncoding.Ascii).ToArray());
        Assert.Equal("<p>&#x431;</p>"u8.ToArray(), injection.GetBytes(NoticePlacements.BeforeBodyEnd, NoticeEncoding.Ascii).ToArray());
        Assert.Equal("<p>&#x432;</p>"u8.ToArray(), injection.GetBytes(NoticePlacements.AtMarker, NoticeEncoding.Ascii).ToArray());
        Assert.Equal(NoticePlacements.AfterBodyStart | NoticePlacements.BeforeBodyEnd | NoticePlacements.AtMarker, injection.Placements);
        Assert.False(injection.CdnCacheKeyIncludesRegion);
    }

    [Theory]
    [InlineData("a", "", "", "AfterBodyStart")]
    [InlineData("", "b", "", "BeforeBodyEnd")]
    [InlineData("", "", "m", "AtMarker")]
    [InlineData("", "b", "m", "BeforeBodyEnd, AtMarker")]
    public void NoticeInjection_WithAnyPlacement_IsNotEmpty(string afterBodyStart, string beforeBodyEnd, string atMarker, string expected)
    {
        var injection = NoticeInjection.Create(afterBodyStart, beforeBodyEnd, atMarker, cdnCacheKeyIncludesRegion: false);

        Assert.Equal(Enum.Parse<NoticePlacements>(expected), injection.Placements);
        Assert.False(injection.IsEmpty);
    }

    [Fact]
    public void NoticeInjection_WithEmptyHtml_IsEmpty()
    {
        var injection = NoticeInjection.CacheRulesOnly(cdnCacheKeyIncludesRegion: false);

        Assert.True(injection.IsEmpty);
        Assert.Equal(NoticePlacements.None, injection.Placements);
        Assert.True(injection.GetBytes(NoticePlacements.AfterBodyStart, NoticeEncoding.Utf8).IsEmpty);
        Assert.True(injection.GetBytes(NoticePlacements.AfterBodyStart, NoticeEncoding.Ascii).IsEmpty);
        Assert.True(NoticeInjection.Create(string.Empty, cdnCacheKeyIncludesRegion: false).IsEmpty);
        Assert.True(NoticeInjection.Create(string.Empty, string.Empty, string.Empty, cdnCacheKeyIncludesRegion: false).IsEmpty);
    }

    [Theory]
    [InlineData("None")]
    [InlineData("MarkerFallback")]
    [InlineData("AfterBodyStart, AtMarker")]
    public void NoticeInjection_GetBytesOfNotOnePlace_Throws(string placement)
    {
        var injection = NoticeInjection.Create("a", "b", "m", cdnCacheKeyIncludesRegion: false);

        Assert.Throws<ArgumentOutOfRangeException>(() => injection.GetBytes(Enum.Parse<NoticePlacements>(placement), NoticeEncoding.Utf8));
    }

    [Fact]
    public void NoticeInjection_WithNullPlacement_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => NoticeInjection.Create("a", null!, "m", cdnCacheKeyIncludesRegion: false));
        Assert.Throws<ArgumentNullException>(() => NoticeInjection.Create(null!, cdnCacheKeyIncludesRegion: false));
    }
}
