namespace ContentGate.MaxMind.Verification;

/// <summary>
/// Checks, record by record, the only fields ContentGate reads — <c>country.iso_code</c> and
/// <c>subdivisions[].iso_code</c> — and keeps what a message needs: the first record that breaks the GeoIP2 layout,
/// and, for a file in which no record has a GeoIP2 country at all, what its records look like instead.
/// </summary>
/// <remarks>
/// <para>
/// GeoIP2/GeoLite2 Country and City records are maps; <c>country</c>, when present, is a map whose <c>iso_code</c> is
/// two letters (ISO 3166-1 alpha-2); <c>subdivisions</c>, when present, is an array of maps whose <c>iso_code</c> is one
/// to three letters or digits (the part after the hyphen of ISO 3166-2, <c>43</c> of <c>UA-43</c>). Records without a
/// country are legal: GeoLite2 has networks known only by their continent.
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
internal sealed class GeoIP2SchemaCheck
{
    private const int MaxForeignKeys = 16;

    // Records whose keys are collected for the message: enough to show a layout, bounded for a file of millions.
    private const int MaxForeignSamples = 100;

    private readonly HashSet<int> _validCountries = [];
    private readonly HashSet<int> _validSubdivisions = [];
    private readonly List<string> _foreignKeys = [];
    private int _foreignSamples;

    /// <summary>Distinct records checked.</summary>
    public int Records { get; private set; }

    /// <summary>Records whose <c>country</c> is a map with an <c>iso_code</c> (valid or not): GeoIP2-shaped records.</summary>
    public int GeoIP2Records { get; private set; }

    /// <summary>The first record that breaks the layout, where, and how.</summary>
    public (int Record, int At, string What)? FirstProblem { get; private set; }

    /// <summary>A record without a GeoIP2 country that has keys (or is no map), as an example of a foreign layout.</summary>
    public int? ForeignExample { get; private set; }

    /// <summary>The top-level keys of the first records without a GeoIP2 country, in the order met.</summary>
    public IReadOnlyList<string> ForeignKeys => _foreignKeys;

    public void Check(ReadOnlySpan<byte> data, int record)
    {
        Records++;
        var map = VerifiedData.Resolve(data, record, out _, out _);
        if (map.Type != DataFieldType.Map)
        {
            NoteForeign(data, record, map);
            Problem(record, record, $"the record is {DataValueVerifier.Describe(map.Type)}, not a map");
            return;
        }

        var geoIP2 = false;
        var position = map.PayloadStart;
        for (var i = 0; i < map.Size; i++)
        {
            var key = VerifiedData.Utf8(data, position);
            position = VerifiedData.Skip(data, position);
            if (key.SequenceEqual("country"u8))
            {
                geoIP2 = CheckCountry(data, record, position);
            }
            else if (key.SequenceEqual("subdivisions"u8))
            {
                CheckSubdivisions(data, record, position);
            }

            position = VerifiedData.Skip(data, position);
        }

        if (geoIP2)
        {
            GeoIP2Records++;
        }
        else
        {
            NoteForeign(data, record, map);
        }
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

    private static string? IsoCodeProblem(ReadOnlySpan<byte> data, int position, string name, int minLength, int maxLength, bool digits)
    {
        var value = VerifiedData.Resolve(data, position, out _, out _);
        if (value.Type != DataFieldType.Utf8String)
        {
            return $"its {name} is {DataValueVerifier.Describe(value.Type)}, not a string";
        }

        var code = data.Slice(value.PayloadStart, value.Size);
        var valid = code.Length >= minLength && code.Length <= maxLength;
        foreach (var c in code)
        {
            valid &= char.IsAsciiLetter((char)c) || (digits && char.IsAsciiDigit((char)c));
        }

        if (valid)
        {
            return null;
        }

        var shown = DataValueText.Render(data, position, maxLength: 60);
        return digits
            ? $"its {name} is {shown}, not one to three letters or digits (the part of an ISO 3166-2 code after the hyphen)"
            : $"its {name} is {shown}, not two letters (an ISO 3166-1 alpha-2 code)";
    }

    private void Problem(int record, int at, string what) => FirstProblem ??= (record, at, what);

    private void NoteForeign(ReadOnlySpan<byte> data, int record, DataField value)
    {
        if (value.Type == DataFieldType.Map && value.Size == 0)
        {
            return;
        }

        ForeignExample ??= record;
        if (value.Type != DataFieldType.Map || _foreignKeys.Count == MaxForeignKeys || _foreignSamples++ == MaxForeignSamples)
        {
            return;
        }

        var position = value.PayloadStart;
        for (var i = 0; i < value.Size && _foreignKeys.Count < MaxForeignKeys; i++)
        {
            var key = VerifiedData.String(data, position);
            if (!_foreignKeys.Contains(key))
            {
                _foreignKeys.Add(key);
            }

            position = VerifiedData.Skip(data, VerifiedData.Skip(data, position));
        }
    }
}
