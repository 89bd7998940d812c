using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace ContentGate.Regions;

/// <summary>
/// Where a visitor is: a country (ISO 3166-1 alpha-2, e.g. <c>UA</c>) and the subdivisions inside it
/// (full ISO 3166-2 codes, e.g. <c>UA-43</c> for Crimea), or <see cref="Unknown"/>.
/// </summary>
/// <remarks>
/// Subdivisions always carry their country prefix, so <c>UA-43</c> is never confused with another country's
/// subdivision <c>43</c>. Codes are upper case. A region may also carry the autonomous system (the network, such as
/// <c>AS12389</c>) the visitor's address belongs to, when a database gives it. Instances are immutable and may be
/// cached and shared.
/// </remarks>
public sealed class Region : IEquatable<Region>
{
    private static readonly string[] NoSubdivisions = [];

    private Region(string? countryCode, string[] subdivisionCodes, long? autonomousSystemNumber = null)
    {
        CountryCode = countryCode;
        SubdivisionCodes = subdivisionCodes;
        AutonomousSystemNumber = autonomousSystemNumber;
        AutonomousSystemCode = autonomousSystemNumber is { } number ? AutonomousSystems.Format(number) : null;
    }

    /// <summary>Gets the region of a visitor whose location could not be determined.</summary>
    public static Region Unknown { get; } = new(null, NoSubdivisions);

    /// <summary>
    /// Gets the ISO 3166-1 alpha-2 country code (for example <c>RU</c>), or <see langword="null"/> when the
    /// region is <see cref="Unknown"/>.
    /// </summary>
    public string? CountryCode { get; }

    /// <summary>
    /// Gets the ISO 3166-2 subdivision codes, most general first (for example <c>UA-43</c>). Empty when the
    /// source only knew the country.
    /// </summary>
    public IReadOnlyList<string> SubdivisionCodes { get; }

    /// <summary>
    /// Gets the number of the autonomous system (the network operator's routing domain, such as <c>12389</c>) the
    /// visitor's address belongs to, or <see langword="null"/> when no database gave one. Policies and region sets
    /// match it when they list <c>AS12389</c>.
    /// </summary>
    public long? AutonomousSystemNumber { get; }

    /// <summary>The autonomous system as policies list it (<c>AS12389</c>), or <see langword="null"/>.</summary>
    internal string? AutonomousSystemCode { get; }

    /// <summary>Gets a value indicating whether a country is known.</summary>
    [MemberNotNullWhen(true, nameof(CountryCode))]
    public bool IsKnown => CountryCode is not null;

    /// <summary>Creates a region from a country code and optional full ISO 3166-2 subdivision codes.</summary>
    /// <param name="countryCode">An ISO 3166-1 alpha-2 code such as <c>RU</c> or <c>ua</c> (case is normalized).</param>
    /// <param name="subdivisionCodes">Full ISO 3166-2 codes of the same country, such as <c>UA-43</c>.</param>
    /// <returns>The region.</returns>
    /// <exception cref="ArgumentException">A code is malformed, unknown, or a subdivision belongs to another country.</exception>
    public static Region Create(string countryCode, params IEnumerable<string> subdivisionCodes)
    {
        ArgumentNullException.ThrowIfNull(countryCode);
        ArgumentNullException.ThrowIfNull(subdivisionCodes);

        if (!IsoCodes.TryNormalizeCountry(countryCode, out var country))
        {
            throw new ArgumentException($"'{countryCode}' is not an ISO 3166-1 alpha-2 country code.", nameof(countryCode));
        }

        var subdivisions = new List<string>();
        foreach (var code in subdivisionCodes)
        {
            if (!IsoCodes.TryNormalizeSubdivision(code, out var normalized) || !normalized.StartsWith(country, StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{code}' is not an ISO 3166-2 subdivision code of {country} (expected e.g. '{country}-01').", nameof(subdivisionCodes));
            }

            subdivisions.Add(normalized);
        }

        return new Region(country, subdivisions.Count == 0 ? NoSubdivisions : [.. subdivisions]);
    }

    /// <summary>
    /// Creates a region from codes a region source read from elsewhere (a header, a web service, a cache), without
    /// throwing: <see langword="false"/> when the country is not an ISO 3166-1 alpha-2 code, or a subdivision is not
    /// an ISO 3166-2 code of that country.
    /// </summary>
    /// <param name="countryCode">An ISO 3166-1 alpha-2 code such as <c>RU</c> or <c>ua</c> (case is normalized).</param>
    /// <param name="subdivisionCodes">Full ISO 3166-2 codes of the same country, such as <c>UA-43</c>; may be empty.</param>
    /// <param name="region">The region, when the codes are valid.</param>
    /// <returns>Whether the codes are valid.</returns>
    public static bool TryCreate(string? countryCode, IEnumerable<string>? subdivisionCodes, [NotNullWhen(true)] out Region? region)
    {
        region = null;
        if (!IsoCodes.TryNormalizeCountry(countryCode, out var country))
        {
            return false;
        }

        List<string>? subdivisions = null;
        foreach (var code in subdivisionCodes ?? [])
        {
            if (!IsoCodes.TryNormalizeSubdivision(code, out var normalized) || !normalized.StartsWith(country, StringComparison.Ordinal))
            {
                return false;
            }

            (subdivisions ??= []).Add(normalized);
        }

        region = new Region(country, subdivisions is null ? NoSubdivisions : [.. subdivisions]);
        return true;
    }

    /// <summary>
    /// Returns this region with the autonomous system <paramref name="number"/> (from 1 to 4294967295) the visitor's
    /// address belongs to, replacing any it carried. The country and subdivisions stay as they are.
    /// </summary>
    /// <param name="number">An autonomous system number, such as <c>12389</c>.</param>
    /// <returns>The region with the autonomous system.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="number"/> is not from 1 to 4294967295.</exception>
    /// <exception cref="InvalidOperationException">The region is <see cref="Unknown"/>: a network is only carried with a country.</exception>
    public Region WithAutonomousSystem(long number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, AutonomousSystems.MaxNumber);
        if (CountryCode is null)
        {
            throw new InvalidOperationException("An unknown region cannot carry an autonomous system: ContentGate matches networks only for visitors whose country is known.");
        }

        return new Region(CountryCode, (string[])SubdivisionCodes, number);
    }

    /// <summary>
    /// A region that only says which autonomous system an address belongs to: the answers of an ASN database, whose
    /// number <see cref="WithAutonomousSystem"/> then puts on the visitor's region. Not <see cref="IsKnown"/>.
    /// </summary>
    internal static Region ForAutonomousSystem(long number) => new(null, NoSubdivisions, number);

    /// <summary>
    /// Creates a region from already-normalized codes without validating them. For region sources that
    /// normalize themselves on the hot path.
    /// </summary>
    internal static Region FromTrusted(string country, string[]? subdivisions, long? autonomousSystemNumber = null)
        => new(country, subdivisions is null || subdivisions.Length == 0 ? NoSubdivisions : subdivisions, autonomousSystemNumber);

    /// <summary>
    /// Gets the name ISO 3166-2 gives a subdivision code, as Debian's iso-codes spells it (for example
    /// <c>Avtonomna Respublika Krym</c> for <c>UA-43</c>), for logs and pages that show where a rule applies. Allocates
    /// nothing.
    /// </summary>
    /// <param name="subdivisionCode">A full ISO 3166-2 code such as <c>UA-43</c> (any case).</param>
    /// <returns>The name, or <see langword="null"/> when the code is not in the ISO 3166-2 list ContentGate carries
    /// (a provider's code outside the list, a malformed code, or a country code).</returns>
    public static string? GetSubdivisionName(string subdivisionCode)
    {
        ArgumentNullException.ThrowIfNull(subdivisionCode);
        return IsoSubdivisions.TryGet(subdivisionCode, out var subdivision) ? subdivision.Name : null;
    }

    /// <summary>
    /// Returns whether this region is inside <paramref name="code"/>: the country code equals it, one of the
    /// subdivision codes does, or the autonomous system does. Comparison is case-insensitive.
    /// </summary>
    /// <param name="code">A country code (<c>RU</c>), a full subdivision code (<c>UA-43</c>) or an autonomous system (<c>AS12389</c>).</param>
    /// <returns><see langword="true"/> when the region is inside the code.</returns>
    public bool IsIn(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (CountryCode is null)
        {
            return false;
        }

        if (string.Equals(CountryCode, code, StringComparison.OrdinalIgnoreCase)
            || (AutonomousSystemCode is not null && string.Equals(AutonomousSystemCode, code, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        foreach (var subdivision in SubdivisionCodes)
        {
            if (string.Equals(subdivision, code, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    internal bool IsInAny(FrozenSet<string> codes)
    {
        if (CountryCode is null)
        {
            return false;
        }

        if (codes.Contains(CountryCode) || (AutonomousSystemCode is not null && codes.Contains(AutonomousSystemCode)))
        {
            return true;
        }

        // Indexing the array avoids the enumerator allocation of IReadOnlyList on the hot path.
        var subdivisions = (string[])SubdivisionCodes;
        for (var i = 0; i < subdivisions.Length; i++)
        {
            if (codes.Contains(subdivisions[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public bool Equals(Region? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return string.Equals(CountryCode, other.CountryCode, StringComparison.Ordinal)
            && AutonomousSystemNumber == other.AutonomousSystemNumber
            && SubdivisionCodes.SequenceEqual(other.SubdivisionCodes, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Region);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(CountryCode, StringComparer.Ordinal);
        foreach (var subdivision in SubdivisionCodes)
        {
            hash.Add(subdivision, StringComparer.Ordinal);
        }

        hash.Add(AutonomousSystemNumber);
        return hash.ToHashCode();
    }

    /// <summary>Returns the codes, for example <c>UA UA-43</c> or <c>RU AS12389</c>, or <c>Unknown</c>.</summary>
    /// <returns>A display string that never contains an IP address.</returns>
    public override string ToString()
    {
        if (CountryCode is null)
        {
            return AutonomousSystemCode is null ? "Unknown" : "Unknown " + AutonomousSystemCode;
        }

        var codes = SubdivisionCodes.Count == 0 ? CountryCode : CountryCode + " " + string.Join(' ', SubdivisionCodes);
        return AutonomousSystemCode is null ? codes : codes + " " + AutonomousSystemCode;
    }
}
