namespace ContentGate.MaxMind.Verification;

/// <summary>
/// Checks, record by record, the fields ContentGate reads in GeoIP2's layout (MaxMind's files and DB-IP's) —
/// <c>country.iso_code</c>, <c>subdivisions[].iso_code</c> and <c>traits.autonomous_system_number</c> — and keeps what a
/// message needs: the first record that breaks the layout, and, for a file in which no record has a GeoIP2 country at
/// all, what its records look like instead.
/// </summary>
/// <remarks>
/// <para>
/// GeoIP2/GeoLite2 Country and City records are maps; <c>country</c>, when present, is a map whose <c>iso_code</c> is
/// two letters (ISO 3166-1 alpha-2); <c>subdivisions</c>, when present, is an array of maps whose <c>iso_code</c> is one
/// to three letters or digits (the part after the hyphen of ISO 3166-2, <c>43</c> of <c>UA-43</c>). Records without a
/// country are legal: GeoLite2 has networks known only by their continent. A subdivision without an <c>iso_code</c> is
/// legal too: DB-IP's carry only <c>names</c>, which the index compiler maps to ISO codes.
/// </para>
/// <para>
/// Other providers publish <c>.mmdb</c> files with other layouts (ip-location-db's <c>country_code</c>, IPinfo's
/// <c>country</c> as a name): MaxMind's reader opens them, and every visitor would be Unknown. Such a file has no
/// record with a GeoIP2 country (a <c>country</c> map with an <c>iso_code</c>), which is how it is told apart from a
/// GeoIP2 file with one damaged record.
/// </para>
/// <para>
/// GeoIP2 files share a country's map between thousands of records through pointers; maps reached through a pointer
/// are checked once (a few hundred countries, a few thousand subdivisions).
/// </para>
/// </remarks>
internal sealed class GeoIP2SchemaCheck : RecordSchemaCheck
{
    private readonly HashSet<int> _validCountries = [];
    private readonly HashSet<int> _validSubdivisions = [];

    public override string Expected => "has a GeoIP2 country (a country map with an iso_code)";

    protected override bool CheckField(ReadOnlySpan<byte> data, int record, ReadOnlySpan<byte> key, int position)
    {
        if (key.SequenceEqual("country"u8))
        {
            return CheckCountry(data, record, position);
        }

        if (key.SequenceEqual("subdivisions"u8))
        {
            CheckSubdivisions(data, record, position);
        }
        else if (key.SequenceEqual("traits"u8))
        {
            CheckTraits(data, record, position);
        }

        return false;
    }

    /// <summary>Checks the value of <c>country</c>; <see langword="true"/> when it is GeoIP2-shaped (a map with an <c>iso_code</c>).</summary>
    private bool CheckCountry(ReadOnlySpan<byte> data, int record, int position)
    {
        var country = VerifiedData.Resolve(data, position, out var start, out var shared);
        if (shared && _validCountries.Contains(start))
        {
            return true;
        }

        if (country.Type != DataFieldType.Map)
        {
            Problem(record, start, $"its country is {DataValueVerifier.Describe(country.Type)}, not a map");
            return false;
        }

        var code = VerifiedData.Find(data, country, "iso_code"u8);
        if (code < 0)
        {
            Problem(record, start, "its country has no iso_code");
            return false;
        }

        if (IsoCodeProblem(data, code, "country.iso_code", minLength: 2, maxLength: 2, digits: false) is { } problem)
        {
            Problem(record, code, problem);
        }
        else if (shared)
        {
            _validCountries.Add(start);
        }

        return true;
    }

    private void CheckSubdivisions(ReadOnlySpan<byte> data, int record, int position)
    {
        var list = VerifiedData.Resolve(data, position, out var listStart, out _);
        if (list.Type != DataFieldType.Array)
        {
            Problem(record, listStart, $"its subdivisions are {DataValueVerifier.Describe(list.Type)}, not an array");
            return;
        }

        var item = list.PayloadStart;
        for (var i = 0; i < list.Size; i++)
        {
            var subdivision = VerifiedData.Resolve(data, item, out var start, out var shared);
            if (!(shared && _validSubdivisions.Contains(start)))
            {
                if (subdivision.Type != DataFieldType.Map)
                {
                    Problem(record, start, $"its subdivision {i} is {DataValueVerifier.Describe(subdivision.Type)}, not a map");
                }
                else if (VerifiedData.Find(data, subdivision, "iso_code"u8) is var code && code >= 0
                    && IsoCodeProblem(data, code, $"subdivisions[{i}].iso_code", minLength: 1, maxLength: 3, digits: true) is { } problem)
                {
                    Problem(record, code, problem);
                }
                else if (shared)
                {
                    _validSubdivisions.Add(start);
                }
            }

            item = VerifiedData.Skip(data, item);
        }
    }

    // GeoIP2 Enterprise carries the network's autonomous system in traits; Country and City files of GeoLite2 do not.
    private void CheckTraits(ReadOnlySpan<byte> data, int record, int position)
    {
        var traits = VerifiedData.Resolve(data, position, out _, out _);
        if (traits.Type == DataFieldType.Map && VerifiedData.Find(data, traits, "autonomous_system_number"u8) is var number && number >= 0
            && AutonomousSystemNumberProblem(data, number, "traits.autonomous_system_number") is { } problem)
        {
            Problem(record, number, problem);
        }
    }
}
