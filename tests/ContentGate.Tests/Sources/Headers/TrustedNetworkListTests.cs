using System.Net;
using ContentGate.Sources.Headers;

namespace ContentGate.Tests.Sources.Headers;

public sealed class TrustedNetworkListTests
{
    private const string Key = "ContentGate:Sources:0";

    private static (TrustedNetworkList? List, List<string> Problems) Compile(params string[] values)
    {
        var problems = new List<string>();
        return (TrustedNetworkList.Compile(values, Key, "Cloudflare", problems), problems);
    }

    [Theory]
    [InlineData("198.51.100.0/24", "198.51.100.7", true)]
    [InlineData("198.51.100.0/24", "198.51.101.7", false)]
    [InlineData("198.51.100.0/24", "::ffff:198.51.100.7", true)]
    [InlineData("198.51.100.0/24", "2001:db8::1", false)]
    [InlineData("2001:db8::/32", "2001:db8:1::1", true)]
    [InlineData("2001:db8::/32", "198.51.100.7", false)]
    [InlineData("198.51.100.7", "198.51.100.7", true)]
    [InlineData("198.51.100.7", "198.51.100.8", false)]
    [InlineData("2001:db8::1", "2001:db8::1", true)]
    [InlineData("::ffff:198.51.100.0/120", "198.51.100.7", true)]
    [InlineData(" 10.0.0.0/8 ", "10.1.2.3", true)]
    public void Contains_ChecksThePeerAgainstEachNetwork(string network, string peer, bool expected)
    {
        var (list, problems) = Compile(network);

        Assert.Empty(problems);
        Assert.Equal(expected, list!.Contains(IPAddress.Parse(peer)));
    }

    [Fact]
    public void Contains_WithoutPeer_IsFalse()
    {
        var (list, _) = Compile("0.0.0.0/1");

        Assert.False(list!.Contains(null));
    }

    [Fact]
    public void Compile_WithEmptyList_NamesKeyAndFix()
    {
        var (list, problems) = Compile();

        Assert.Null(list);
        var problem = Assert.Single(problems);
        Assert.StartsWith($"{Key}:TrustedNetworks is empty.", problem, StringComparison.Ordinal);
        Assert.Contains($"{Key}:TrustedNetworks:0", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cloudflare", "is not a network in CIDR notation")]
    [InlineData("198.51.100.0/33", "is not a network in CIDR notation")]
    [InlineData("198.51.100.0/", "is not a network in CIDR notation")]
    [InlineData("198.51.100.7/24", "Write the network as '198.51.100.0/24', or the single address '198.51.100.7'")]
    [InlineData("0.0.0.0/0", "trusts every address")]
    [InlineData("::/0", "trusts every address")]
    [InlineData("::ffff:0.0.0.0/96", "trusts every address")]
    public void Compile_WithBadEntry_NamesIndexedKeyValueAndFix(string value, string fix)
    {
        var (list, problems) = Compile("173.245.48.0/20", value);

        Assert.Null(list);
        var problem = Assert.Single(problems);
        Assert.StartsWith($"{Key}:TrustedNetworks:1: '{value}'", problem, StringComparison.Ordinal);
        Assert.Contains(fix, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_WithBlankEntry_NamesIndexedKey()
    {
        var (_, problems) = Compile(" ");

        Assert.StartsWith($"{Key}:TrustedNetworks:0 is empty.", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_ReportsEveryBadEntry()
    {
        var (_, problems) = Compile("x", "198.51.100.0/24", "y");

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith($"{Key}:TrustedNetworks:0:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"{Key}:TrustedNetworks:2:", StringComparison.Ordinal));
    }
}
