namespace ContentGate.Endpoints;

/// <summary>
/// Applies ContentGate policies from <c>ContentGate:Policies</c> to a controller, action, Razor Page or endpoint
/// whatever the policies' <c>Paths</c> say: <c>[RegionPolicy("kz-court-order")]</c>. For minimal APIs and route
/// groups, use <c>RequireRegionPolicy("kz-court-order")</c>.
/// </summary>
/// <remarks>
/// <para>
/// The endpoint is covered by the named policies as if its path were listed in their <c>Paths</c>, in addition to
/// the policies whose paths cover the request. A policy's <c>ExcludePaths</c> and <c>ContentGate:ExemptPaths</c>
/// still win, so the configuration can always take a path out. Each policy still acts only on visitors in its
/// regions (and on unknown regions as its <c>FailMode</c> says). Names ignore case. The attribute may be repeated,
/// on a class and on its methods: every name counts.
/// </para>
/// <para>
/// Every name is checked when the host starts: a name that is not a configured policy stops the host with a
/// message naming the endpoint and the defined policies, so a typo can never leave an endpoint ungated.
/// <see cref="SkipContentGateAttribute"/> on the same endpoint is an error too.
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class RegionPolicyAttribute : Attribute
{
    private readonly string[] _policyNames;

    /// <summary>Creates the attribute for one or more policies.</summary>
    /// <param name="policyNames">Names of policies configured under <c>ContentGate:Policies</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="policyNames"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">No name is given, or a name is empty.</exception>
    public RegionPolicyAttribute(params string[] policyNames)
    {
        ArgumentNullException.ThrowIfNull(policyNames);
        if (policyNames.Length == 0)
        {
            throw new ArgumentException("Name at least one policy configured under ContentGate:Policies.", nameof(policyNames));
        }

        foreach (var name in policyNames)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("A policy name is empty. Use the names configured under ContentGate:Policies.", nameof(policyNames));
            }
        }

        _policyNames = [.. policyNames.Select(name => name.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Gets the names of the policies that apply to the endpoint, trimmed, each once.</summary>
    public IReadOnlyList<string> PolicyNames => _policyNames;
}
