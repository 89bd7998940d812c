using ContentGate.Actions.Blocking;

namespace ContentGate.Tests.Actions.Blocking;

public sealed class BlockResponseTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("*/*", false)]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false)]
    [InlineData("application/json", true)]
    [InlineData("application/problem+json", true)]
    [InlineData("application/vnd.api+json", true)]
    [InlineData("application/json;q=0.5, text/html", false)]
    [InlineData("application/json, text/html;q=0.5", true)]
    [InlineData("application/json, */*", false)]
    [InlineData("application/json;q=0", false)]
    [InlineData("not a media type", false)]
    public void PrefersJson_RanksJsonAgainstHtml(string? accept, bool expected)
        => Assert.Equal(expected, BlockResponse.PrefersJson(accept));
}
