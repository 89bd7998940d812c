using System.Net;
using ContentGate.Regions;

namespace ContentGate.Cli.Explaining;

/// <summary>Everything <c>explain</c> reports about one request.</summary>
/// <param name="Address">The connection's address as given.</param>
/// <param name="NormalizedAddress">The address the sources looked up (IPv4-mapped IPv6 becomes IPv4).</param>
/// <param name="Path">The request path, decoded as the server sees it.</param>
/// <param name="Headers">The request headers given, as name and value.</param>
/// <param name="Region">The region feature the resolver published.</param>
/// <param name="Policies">Every policy, in the middleware's evaluation order.</param>
/// <param name="Outcome">What the visitor gets.</param>
internal sealed record Explanation(
    IPAddress Address,
    IPAddress NormalizedAddress,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    RegionFeature Region,
    IReadOnlyList<PolicyVerdict> Policies,
    ExplainOutcome Outcome);
