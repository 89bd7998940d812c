using System.Globalization;

namespace ContentGate.MaxMind;

/// <summary>
/// The subdivision names of a DB-IP file that could not be mapped to ISO 3166-2 codes at load: readers in those networks
/// carry their country and no subdivision. Shown by the load's log, <c>contentgate check</c> and the health check.
/// </summary>
/// <param name="Names">Distinct (country, name) pairs not mapped.</param>
/// <param name="Networks">Networks whose record carries one of them.</param>
/// <param name="Examples">The pairs with the most networks first, such as <c>UA "Krym" (12 networks)</c>; at most ten.</param>
internal sealed record UnmappedSubdivisionNames(int Names, int Networks, IReadOnlyList<string> Examples)
{
    /// <summary>Nothing unmapped (every name mapped, or a file that has no names).</summary>
    public static UnmappedSubdivisionNames None { get; } = new(0, 0, []);

    /// <summary>The report in one line, for logs and the CLI.</summary>
    public override string ToString()
        => Names == 0
            ? "every subdivision name was mapped to an ISO 3166-2 code"
            : string.Create(CultureInfo.InvariantCulture, $"{Names:N0} subdivision names in {Networks:N0} networks could not be mapped to ISO 3166-2 codes (readers there carry their country and no subdivision), for example {string.Join(", ", Examples)}");
}
