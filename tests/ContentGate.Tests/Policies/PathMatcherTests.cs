using ContentGate.Policies;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Tests.Policies;

public sealed class PathMatcherTests
{
    [Theory]
    [InlineData("/articles", "/articles", true)]
    [InlineData("/articles", "/articles/", true)]
    [InlineData("/articles", "/articles/x/y", true)]
    [InlineData("/articles", "/Articles/X", true)]
    [InlineData("/articles", "/articlesx", false)]
    [InlineData("/articles", "/", false)]
    [InlineData("/articles/x", "/articles", false)]
    [InlineData("/", "/anything", true)]
    [InlineData("/", "/", true)]
    public void Matches_ComparesWholeSegments(string configured, string path, bool expected)
    {
        Assert.True(PathMatcher.TryNormalize(configured, out var normalized, out _));

        Assert.Equal(expected, PathMatcher.Create([normalized]).Matches(new PathString(path)));
    }

    [Theory]
    [InlineData("/articles/", "/articles")]
    [InlineData(" /a ", "/a")]
    [InlineData("/", "/")]
    [InlineData("//", "/")]
    public void TryNormalize_TrimsTrailingSlashesAndWhitespace(string value, string expected)
    {
        Assert.True(PathMatcher.TryNormalize(value, out var normalized, out _));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("articles")]
    [InlineData("")]
    [InlineData("/a/*")]
    [InlineData("/a?x")]
    [InlineData("/a#x")]
    public void TryNormalize_WithBadPath_ExplainsProblem(string value)
    {
        Assert.False(PathMatcher.TryNormalize(value, out _, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void None_MatchesNothing() => Assert.False(PathMatcher.None.Matches(new PathString("/x")));
}
