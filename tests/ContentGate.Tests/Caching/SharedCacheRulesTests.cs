using ContentGate.Caching;

namespace ContentGate.Tests.Caching;

public class SharedCacheRulesTests
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
        Assert.True(SharedCacheRules.TryMakePrivate(cacheControl, out var result));
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
        Assert.False(SharedCacheRules.TryMakePrivate(cacheControl, out _));
    }

    [Fact]
    public void TryMakePrivate_WithSeveralHeaderValues_ReadsThemAll()
    {
        Assert.True(SharedCacheRules.TryMakePrivate(new[] { "public", "max-age=60" }, out var result));
        Assert.Equal("private, max-age=60", result);
        Assert.False(SharedCacheRules.TryMakePrivate(new[] { "max-age=60", "private" }, out _));
    }
}
