using Microsoft.AspNetCore.Http;

namespace ContentGate.Endpoints;

/// <summary>Reads ContentGate's endpoint metadata, for the middleware on every request.</summary>
internal static class EndpointPolicies
{
    private static readonly string[] None = [];

    /// <summary>
    /// Returns whether the endpoint carries <see cref="SkipContentGateAttribute"/> (from the attribute or from
    /// <c>SkipContentGate()</c>). <see langword="false"/> when there is no endpoint (routing did not run or matched
    /// nothing).
    /// </summary>
    public static bool IsSkipped(Endpoint? endpoint)
        => endpoint?.Metadata.GetMetadata<SkipContentGateAttribute>() is not null;

    /// <summary>
    /// Returns the names from every <see cref="RegionPolicyAttribute"/> on the endpoint, class-level first, each
    /// once (ignoring case); empty when there is none. Allocates only when more than one attribute is present.
    /// </summary>
    public static IReadOnlyList<string> PolicyNames(Endpoint? endpoint)
    {
        if (endpoint is null)
        {
            return None;
        }

        // The collection caches the array per type, so this is a lookup after the first request.
        var attributes = endpoint.Metadata.GetOrderedMetadata<RegionPolicyAttribute>();
        switch (attributes.Count)
        {
            case 0:
                return None;
            case 1:
                return attributes[0].PolicyNames;
            default:
                var names = new List<string>();
                for (var i = 0; i < attributes.Count; i++)
                {
                    foreach (var name in attributes[i].PolicyNames)
                    {
                        if (!names.Contains(name, StringComparer.OrdinalIgnoreCase))
                        {
                            names.Add(name);
                        }
                    }
                }

                return names;
        }
    }

    /// <summary>
    /// Returns whether the endpoint names <paramref name="policyName"/> (ignoring case). Never allocates, however
    /// many attributes there are.
    /// </summary>
    public static bool Names(Endpoint? endpoint, string policyName)
    {
        if (endpoint is null)
        {
            return false;
        }

        var attributes = endpoint.Metadata.GetOrderedMetadata<RegionPolicyAttribute>();
        for (var i = 0; i < attributes.Count; i++)
        {
            var names = attributes[i].PolicyNames;
            for (var j = 0; j < names.Count; j++)
            {
                if (string.Equals(names[j], policyName, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>How an endpoint is named in messages.</summary>
    public static string DisplayName(Endpoint endpoint)
        => endpoint.DisplayName ?? (endpoint as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText ?? "(unnamed endpoint)";
}
