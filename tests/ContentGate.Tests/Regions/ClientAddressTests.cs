using System.Net;
using ContentGate.Regions;

namespace ContentGate.Tests.Regions;

public sealed class ClientAddressTests
{
    [Fact]
    public void Normalize_WithIPv4MappedIPv6_ReturnsIPv4()
        => Assert.Equal(IPAddress.Parse("203.0.113.7"), ClientAddress.Normalize(IPAddress.Parse("::ffff:203.0.113.7")));

    [Fact]
    public void Normalize_SameMappedInstanceAgain_ReturnsTheSameIPv4Instance_AndEqualButDistinctInstancesAgree()
    {
        // Kestrel reports one instance per connection: its requests after the first must not allocate again.
        var connection = IPAddress.Parse("::ffff:203.0.113.9");
        var first = ClientAddress.Normalize(connection);
        var again = ClientAddress.Normalize(connection);
        var otherConnection = ClientAddress.Normalize(IPAddress.Parse("::ffff:203.0.113.9"));
        var otherAddress = ClientAddress.Normalize(IPAddress.Parse("::ffff:203.0.113.10"));

        Assert.Same(first, again);
        Assert.Equal(IPAddress.Parse("203.0.113.9"), first);
        Assert.Equal(first, otherConnection);
        Assert.Equal(IPAddress.Parse("203.0.113.10"), otherAddress);
    }

    [Fact]
    public void Normalize_WithPlainIPv6_ReturnsSameAddress()
    {
        var address = IPAddress.Parse("2001:db8::1");
        Assert.Same(address, ClientAddress.Normalize(address));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("10.0.0.1", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.1", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("100.128.0.1", false)]
    [InlineData("169.254.1.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd12:3456::1", true)]
    [InlineData("203.0.113.1", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("8.8.8.8", false)]
    public void IsNonPublic_ClassifiesAddresses(string address, bool expected)
        => Assert.Equal(expected, ClientAddress.IsNonPublic(IPAddress.Parse(address)));
}
