using System.Net;
using System.Net.Sockets;

namespace ContentGate.Gateway;

/// <summary>
/// The gateway's own keys (the <c>Gateway</c> section) and the start-up check of YARP's section. Read once at start-up;
/// a change needs a restart (ContentGate's and YARP's sections are followed without one).
/// </summary>
internal sealed class GatewaySettings
{
    /// <summary>The gateway's section.</summary>
    public const string Section = "Gateway";

    /// <summary>YARP's section: routes and clusters, as YARP documents them.</summary>
    public const string ReverseProxySection = "ReverseProxy";

    private GatewaySettings(IReadOnlyList<IPNetwork> trustedProxies) => TrustedProxies = trustedProxies;

    /// <summary>
    /// <c>Gateway:TrustedProxies</c>: the networks (CIDR, or single addresses) whose <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> the gateway believes — the CDN's published egress ranges, your load balancer. Defaults
    /// to none: every reader is the connection's own address and any <c>X-Forwarded-For</c> a client sends is ignored
    /// (and replaced, towards the origin, by that address).
    /// </summary>
    public IReadOnlyList<IPNetwork> TrustedProxies { get; }

    /// <summary>
    /// Reads and checks the gateway's keys and that YARP has routes and clusters to work with; throws one
    /// <see cref="InvalidOperationException"/> listing every problem, each naming its key, its value and the fix.
    /// </summary>
    public static GatewaySettings Read(IConfiguration configuration)
    {
        var problems = new List<string>();
        var networks = new List<IPNetwork>();
        var section = configuration.GetSection(Section);

        foreach (var child in section.GetChildren())
        {
            if (!string.Equals(child.Key, "TrustedProxies", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{child.Path}: unknown key. The gateway's section has one key, {Section}:TrustedProxies.");
            }
        }

        var proxies = section.GetSection("TrustedProxies");
        if (proxies.Value is { Length: > 0 } single)
        {
            problems.Add($"{proxies.Path}: '{single}' is a single value; write a list: [ \"{single}\" ].");
        }

        foreach (var entry in proxies.GetChildren())
        {
            if (ParseNetwork(entry.Path, entry.Value, problems) is { } network)
            {
                networks.Add(network);
            }
        }

        CheckReverseProxy(configuration.GetSection(ReverseProxySection), problems);

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                "ContentGate.Gateway cannot start; fix the configuration (appsettings.json in the directory the gateway was started from, or environment variables):"
                + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems));
        }

        return new GatewaySettings(networks);
    }

    private static IPNetwork? ParseNetwork(string key, string? value, List<string> problems)
    {
        var text = value?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            problems.Add($"{key}: empty. Write a network in CIDR notation (\"173.245.48.0/20\", \"2400:cb00::/32\") or one address.");
            return null;
        }

        if (!text.Contains('/', StringComparison.Ordinal))
        {
            if (IPAddress.TryParse(text, out var address))
            {
                return new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            }

            problems.Add($"{key}: '{text}' is not an IP address. Write a network in CIDR notation (\"173.245.48.0/20\") or one address (\"10.0.0.5\").");
            return null;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(text.AsSpan(0, slash), out var start)
            || !int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix)
            || prefix > (start.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
        {
            problems.Add($"{key}: '{text}' is not a network. Write it in CIDR notation, such as \"173.245.48.0/20\" or \"2400:cb00::/32\".");
            return null;
        }

        if (prefix == 0)
        {
            problems.Add($"{key}: '{text}' trusts every address, so any client could claim to be anywhere. List your CDN's published ranges or your load balancer's network.");
            return null;
        }

        var masked = Mask(start, prefix);
        if (!masked.Equals(start))
        {
            problems.Add($"{key}: '{text}' has bits set after its /{prefix} prefix. Write '{masked}/{prefix}' for the network, or '{start}' for the one address.");
            return null;
        }

        return new IPNetwork(start, prefix);
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }

    // YARP checks the shape of each route and cluster itself when it loads them (and refuses to start on a bad one), but
    // an empty or misspelt section, a route naming a cluster that does not exist or a cluster without destinations
    // would start a gateway that answers 404 or 503 to every reader.
    private static void CheckReverseProxy(IConfigurationSection section, List<string> problems)
    {
        var routes = section.GetSection("Routes").GetChildren().ToList();
        var clusters = section.GetSection("Clusters").GetChildren().ToList();
        if (routes.Count == 0)
        {
            problems.Add($"{section.Path}:Routes: no routes, so the gateway would proxy nothing. Add a route, such as \"ReverseProxy\": {{ \"Routes\": {{ \"site\": {{ \"ClusterId\": \"site\", \"Match\": {{ \"Path\": \"{{**catch-all}}\" }} }} }} }}.");
        }

        if (clusters.Count == 0)
        {
            problems.Add($"{section.Path}:Clusters: no clusters, so no route has an origin. Add one, such as \"Clusters\": {{ \"site\": {{ \"Destinations\": {{ \"origin\": {{ \"Address\": \"http://127.0.0.1:8080/\" }} }} }} }}.");
            return;
        }

        var names = clusters.Select(c => c.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var route in routes)
        {
            var clusterId = route["ClusterId"];
            if (string.IsNullOrWhiteSpace(clusterId))
            {
                problems.Add($"{route.Path}:ClusterId: missing. Name one of the clusters: {string.Join(", ", names.Order(StringComparer.Ordinal))}.");
            }
            else if (!names.Contains(clusterId))
            {
                problems.Add($"{route.Path}:ClusterId: '{clusterId}' is not a cluster. Name one of: {string.Join(", ", names.Order(StringComparer.Ordinal))}.");
            }
        }

        foreach (var cluster in clusters)
        {
            var destinations = cluster.GetSection("Destinations").GetChildren().ToList();
            if (destinations.Count == 0)
            {
                problems.Add($"{cluster.Path}:Destinations: none, so requests routed here fail with 503. Add the origin, such as \"Destinations\": {{ \"origin\": {{ \"Address\": \"http://127.0.0.1:8080/\" }} }}.");
            }

            foreach (var destination in destinations)
            {
                var address = destination["Address"];
                if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    problems.Add($"{destination.Path}:Address: '{address}' is not an http:// or https:// address. Write the origin's address, such as \"http://127.0.0.1:8080/\".");
                }
            }
        }
    }
}
