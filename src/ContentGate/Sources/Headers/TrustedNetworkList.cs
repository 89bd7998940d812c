using System.Net;
using System.Net.Sockets;
using ContentGate.Regions;

namespace ContentGate.Sources.Headers;

/// <summary>
/// The networks a header source trusts, parsed once when the configuration is compiled (as
/// <c>ForwardedHeadersOptions.KnownIPNetworks</c> holds <see cref="IPNetwork"/> values rather than strings).
/// </summary>
internal sealed class TrustedNetworkList
{
    private readonly IPNetwork[] _networks;

    public TrustedNetworkList(IEnumerable<IPNetwork> networks) => _networks = [.. networks];

    public IReadOnlyList<IPNetwork> Networks => _networks;

    /// <summary>Returns whether the peer is inside one of the networks; IPv4-mapped IPv6 counts as its IPv4 address.</summary>
    public bool Contains(IPAddress? peer)
    {
        if (peer is null)
        {
            return false;
        }

        if (peer.IsIPv4MappedToIPv6)
        {
            peer = ClientAddress.Normalize(peer);
        }

        foreach (var network in _networks)
        {
            if (network.Contains(peer))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Parses <c>{key}:TrustedNetworks</c>: each entry a CIDR network (<c>173.245.48.0/20</c>, <c>2400:cb00::/32</c>)
    /// or a single address. Reports every bad entry; returns <see langword="null"/> when there was any problem.
    /// </summary>
    public static TrustedNetworkList? Compile(IList<string> values, string key, string sourceType, List<string> problems)
    {
        var listKey = key + ":TrustedNetworks";
        if (values.Count == 0)
        {
            problems.Add($"{listKey} is empty. A {sourceType} source reads headers any client could send, so it must know which peers are the CDN or proxy: list their networks, for example {listKey}:0 = \"198.51.100.0/24\" (see the README's \"Region sources\" for where each CDN publishes its ranges).");
            return null;
        }

        var before = problems.Count;
        var networks = new List<IPNetwork>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            if (TryParse(values[i], $"{listKey}:{i}", problems) is { } network)
            {
                networks.Add(network);
            }
        }

        return problems.Count > before ? null : new TrustedNetworkList(networks);
    }

    private static IPNetwork? TryParse(string? entry, string key, List<string> problems)
    {
        var value = entry?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            problems.Add($"{key} is empty. Write a network in CIDR notation, for example \"198.51.100.0/24\" or \"2001:db8::/32\", or remove the entry.");
            return null;
        }

        if (!value.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(value, out var single))
        {
            // A single proxy address, as ForwardedHeadersOptions.KnownProxies takes them.
            single = ClientAddress.Normalize(single);
            return new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        }

        if (!IPNetwork.TryParse(value, out var network))
        {
            problems.Add($"{key}: '{value}' is not a network in CIDR notation. Write an address, a slash and a prefix length, for example \"198.51.100.0/24\" or \"2001:db8::/32\".");
            return null;
        }

        // TryParse quietly clears bits after the prefix; "198.51.100.7/24" more likely means one address than 256.
        var address = IPAddress.Parse(value.AsSpan(0, value.IndexOf('/', StringComparison.Ordinal)));
        if (!address.Equals(network.BaseAddress))
        {
            problems.Add($"{key}: '{value}' has address bits set after the /{network.PrefixLength} prefix. Write the network as '{network}', or the single address '{address}' on its own.");
            return null;
        }

        if (network.BaseAddress.IsIPv4MappedToIPv6 && network.PrefixLength >= 96)
        {
            // The peer is compared as IPv4, so an IPv4-mapped network is kept as the IPv4 network it stands for.
            network = new IPNetwork(network.BaseAddress.MapToIPv4(), network.PrefixLength - 96);
        }

        if (network.PrefixLength == 0)
        {
            problems.Add($"{key}: '{value}' trusts every address, so any visitor could choose their own region by sending the header. List only the CDN's or proxy's networks.");
            return null;
        }

        return network;
    }
}
