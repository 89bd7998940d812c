namespace ContentGate.MaxMind.Verification;

/// <summary>
/// Checks, record by record, the fields ContentGate reads in one <see cref="RecordSchema"/>, and keeps what a message
/// needs: the first record that breaks the layout, and, for a file in which no record is in the layout at all, what its
/// records look like instead.
/// </summary>
internal abstract class RecordSchemaCheck
{
    private const int MaxForeignKeys = 16;

    // Records whose keys are collected for the message: enough to show a layout, bounded for a file of millions.
    private const int MaxForeignSamples = 100;

    private readonly List<string> _foreignKeys = [];
    private int _foreignSamples;

    /// <summary>Distinct records checked.</summary>
    public int Records { get; protected set; }

    /// <summary>Records in the layout (valid or not): for GeoIP2, those whose <c>country</c> is a map with an <c>iso_code</c>.</summary>
    public int Recognized { get; protected set; }

    /// <summary>The first record that breaks the layout, where, and how.</summary>
    public (int Record, int At, string What)? FirstProblem { get; private set; }

    /// <summary>A record outside the layout that has keys (or is no map), as an example of a foreign layout.</summary>
    public int? ForeignExample { get; private set; }

    /// <summary>The top-level keys of the first records outside the layout, in the order met.</summary>
    public IReadOnlyList<string> ForeignKeys => _foreignKeys;

    /// <summary>What a record of the layout has that these do not, for the message: "has a GeoIP2 country".</summary>
    public abstract string Expected { get; }

    /// <summary>The check for <paramref name="schema"/>.</summary>
    public static RecordSchemaCheck For(RecordSchema schema) => schema switch
    {
        RecordSchema.GeoIP2 or RecordSchema.DbIp => new GeoIP2SchemaCheck(),
        _ => new FlatSchemaCheck(schema),
    };

    /// <summary>Checks one record: a map whose fields <see cref="CheckField"/> reads; a record it recognises none of is noted as foreign.</summary>
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

        var recognized = false;
        var position = map.PayloadStart;
        for (var i = 0; i < map.Size; i++)
        {
            var key = VerifiedData.Utf8(data, position);
            position = VerifiedData.Skip(data, position);
            recognized |= CheckField(data, record, key, position);
            position = VerifiedData.Skip(data, position);
        }

        if (recognized)
        {
            Recognized++;
        }
        else
        {
            NoteForeign(data, record, map);
        }
    }

    /// <summary>Checks one top-level field of a record; <see langword="true"/> when it makes the record one of the layout's.</summary>
    protected abstract bool CheckField(ReadOnlySpan<byte> data, int record, ReadOnlySpan<byte> key, int position);

    /// <summary>
    /// Why the value at <paramref name="position"/> is no ISO code of the given length, or <see langword="null"/> when it
    /// is one. Two letters for a country; one to three letters or digits for the part of a subdivision code after the hyphen.
    /// </summary>
    protected static string? IsoCodeProblem(ReadOnlySpan<byte> data, int position, string name, int minLength, int maxLength, bool digits)
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

    /// <summary>Why the value is no autonomous system number (an unsigned integer up to 4294967295), or <see langword="null"/>.</summary>
    protected static string? AutonomousSystemNumberProblem(ReadOnlySpan<byte> data, int position, string name)
        => RecordFields.AutonomousSystemNumber(data, position) is not null
            ? null
            : $"its {name} is {DataValueText.Render(data, position, maxLength: 60)}, not an autonomous system number (an unsigned integer up to 4294967295)";

    protected void Problem(int record, int at, string what) => FirstProblem ??= (record, at, what);

    protected void NoteForeign(ReadOnlySpan<byte> data, int record, DataField value)
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
