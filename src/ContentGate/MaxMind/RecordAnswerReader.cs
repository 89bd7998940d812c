using ContentGate.MaxMind.Verification;
using ContentGate.Regions;

namespace ContentGate.MaxMind;

/// <summary>
/// Reads what ContentGate uses from one verified data record, in the record's layout: the country, the subdivision
/// codes and the autonomous system. DB-IP subdivision names are turned into ISO 3166-2 codes here, and those that
/// cannot be are kept for the load's report.
/// </summary>
internal sealed class RecordAnswerReader(RecordSchema schema)
{
    // What the record's subdivisions say: the part of a code after the hyphen ("43"), or a name ("Crimea").
    private readonly List<(string Value, bool IsName)> _parts = new(4);
    private readonly List<string> _codes = new(4);

    /// <summary>The record's country (upper case), or <see langword="null"/>.</summary>
    public string? Country { get; private set; }

    /// <summary>Full ISO 3166-2 codes of the record's subdivisions, most general first.</summary>
    public List<string> Subdivisions => _codes;

    /// <summary>The record's autonomous system number, or 0.</summary>
    public uint AutonomousSystem { get; private set; }

    /// <summary>The first DB-IP subdivision name of the record that could not be mapped, or <see langword="null"/>.</summary>
    public string? UnmappedName { get; private set; }

    public void Read(ReadOnlySpan<byte> data, int record)
    {
        Country = null;
        AutonomousSystem = 0;
        UnmappedName = null;
        _parts.Clear();
        _codes.Clear();
        var map = VerifiedData.Resolve(data, record, out _, out _);
        if (map.Type != DataFieldType.Map)
        {
            return;
        }

        var position = map.PayloadStart;
        for (var i = 0; i < map.Size; i++)
        {
            var key = VerifiedData.Utf8(data, position);
            position = VerifiedData.Skip(data, position);
            ReadField(data, key, position);
            position = VerifiedData.Skip(data, position);
        }

        if (Country is null || !IsoCodes.TryNormalizeCountry(Country, out var country))
        {
            Country = null;
            return;
        }

        Country = country;
        foreach (var (part, isName) in _parts)
        {
            // GeoIP2 gives the part after the hyphen ("43"); DB-IP gives a name ("Crimea"), mapped through the ISO list.
            if (isName)
            {
                if (SubdivisionNames.TryMap(country, part, out var mapped))
                {
                    _codes.Add(mapped);
                }
                else
                {
                    UnmappedName ??= part;
                }
            }
            else if (IsoCodes.ComposeSubdivision(country, part) is { } code)
            {
                _codes.Add(code);
            }
        }
    }

    private void ReadField(ReadOnlySpan<byte> data, ReadOnlySpan<byte> key, int position)
    {
        switch (schema)
        {
            case RecordSchema.GeoIP2 or RecordSchema.DbIp:
                if (key.SequenceEqual("country"u8))
                {
                    Country = IsoCode(data, position);
                }
                else if (key.SequenceEqual("subdivisions"u8))
                {
                    ReadSubdivisions(data, position);
                }
                else if (key.SequenceEqual("traits"u8))
                {
                    var traits = VerifiedData.Resolve(data, position, out _, out _);
                    if (traits.Type == DataFieldType.Map && VerifiedData.Find(data, traits, "autonomous_system_number"u8) is var number && number >= 0)
                    {
                        AutonomousSystem = RecordFields.AutonomousSystemNumber(data, number) ?? 0;
                    }
                }

                break;
            case RecordSchema.IPinfo:
                if (key.SequenceEqual("country_code"u8) || (key.SequenceEqual("country"u8) && Country is null))
                {
                    Country = RecordFields.TwoLetters(data, position) ?? Country;
                }
                else if (key.SequenceEqual("asn"u8))
                {
                    AutonomousSystem = RecordFields.AutonomousSystemCode(data, position) ?? 0;
                }

                break;
            default:
                if (key.SequenceEqual("autonomous_system_number"u8))
                {
                    AutonomousSystem = RecordFields.AutonomousSystemNumber(data, position) ?? 0;
                }

                break;
        }
    }

    private void ReadSubdivisions(ReadOnlySpan<byte> data, int position)
    {
        var list = VerifiedData.Resolve(data, position, out _, out _);
        if (list.Type != DataFieldType.Array)
        {
            return;
        }

        var item = list.PayloadStart;
        for (var i = 0; i < list.Size; i++)
        {
            // A subdivision without a code is skipped, as MaxMind's reader leaves its IsoCode null; DB-IP's carry a name instead.
            if (IsoCode(data, item) is { } code)
            {
                _parts.Add((code, false));
            }
            else if (schema == RecordSchema.DbIp && EnglishName(data, item) is { Length: > 0 } name)
            {
                _parts.Add((name, true));
            }

            item = VerifiedData.Skip(data, item);
        }
    }

    /// <summary>The <c>iso_code</c> of the map at <paramref name="position"/>, or <see langword="null"/>.</summary>
    private static string? IsoCode(ReadOnlySpan<byte> data, int position)
    {
        var map = VerifiedData.Resolve(data, position, out _, out _);
        if (map.Type != DataFieldType.Map || VerifiedData.Find(data, map, "iso_code"u8) is var code && code < 0)
        {
            return null;
        }

        var value = VerifiedData.Resolve(data, code, out _, out _);
        return value.Type == DataFieldType.Utf8String ? VerifiedData.String(data, code) : null;
    }

    /// <summary>The <c>names.en</c> of the map at <paramref name="position"/>, or <see langword="null"/>.</summary>
    private static string? EnglishName(ReadOnlySpan<byte> data, int position)
    {
        var map = VerifiedData.Resolve(data, position, out _, out _);
        if (map.Type != DataFieldType.Map || VerifiedData.Find(data, map, "names"u8) is var names && names < 0)
        {
            return null;
        }

        var namesMap = VerifiedData.Resolve(data, names, out _, out _);
        if (namesMap.Type != DataFieldType.Map || VerifiedData.Find(data, namesMap, "en"u8) is var english && english < 0)
        {
            return null;
        }

        return VerifiedData.Resolve(data, english, out _, out _).Type == DataFieldType.Utf8String ? VerifiedData.String(data, english).Trim() : null;
    }
}
