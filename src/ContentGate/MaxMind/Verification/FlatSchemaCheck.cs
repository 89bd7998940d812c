namespace ContentGate.MaxMind.Verification;

/// <summary>
/// Checks flat records: IPinfo's (<c>country_code</c> — or <c>country</c> in IPinfo's older free file — as two letters,
/// <c>asn</c> as <c>"AS12389"</c> or empty) and autonomous system files' (<c>autonomous_system_number</c>, an unsigned integer).
/// </summary>
/// <remarks>
/// IPinfo writes an empty string for a value it does not know, so an empty <c>country_code</c> or <c>asn</c> is legal:
/// the address is then answered as unknown. A record is in the layout when it has the field that names the place (or,
/// for autonomous system files, the network).
/// </remarks>
internal sealed class FlatSchemaCheck(RecordSchema schema) : RecordSchemaCheck
{
    public override string Expected => schema == RecordSchema.IPinfo
        ? "has IPinfo's country_code (or country) and asn"
        : "has an autonomous_system_number";

    protected override bool CheckField(ReadOnlySpan<byte> data, int record, ReadOnlySpan<byte> key, int position)
    {
        if (schema != RecordSchema.IPinfo)
        {
            if (!key.SequenceEqual("autonomous_system_number"u8))
            {
                return false;
            }

            if (AutonomousSystemNumberProblem(data, position, "autonomous_system_number") is { } problem)
            {
                Problem(record, position, problem);
            }

            return true;
        }

        if (key.SequenceEqual("country_code"u8) || key.SequenceEqual("country"u8))
        {
            return CheckCountry(data, record, position, key.SequenceEqual("country_code"u8));
        }

        if (key.SequenceEqual("asn"u8) && RecordFields.AutonomousSystemCode(data, position) is null)
        {
            Problem(record, position, $"its asn is {DataValueText.Render(data, position, maxLength: 60)}, not an autonomous system such as \"AS12389\" (or empty)");
        }

        return false;
    }

    // IPinfo Lite: country_code "UA", country "Ukraine"; the older free file: country "UA", country_name "Ukraine".
    private bool CheckCountry(ReadOnlySpan<byte> data, int record, int position, bool isCode)
    {
        var value = VerifiedData.Resolve(data, position, out _, out _);
        if (value.Type == DataFieldType.Utf8String && value.Size == 0)
        {
            return true;
        }

        if (!isCode && (value.Type != DataFieldType.Utf8String || value.Size != 2))
        {
            // A country name beside country_code (IPinfo Lite); not what is read.
            return false;
        }

        if (IsoCodeProblem(data, position, isCode ? "country_code" : "country", minLength: 2, maxLength: 2, digits: false) is { } problem)
        {
            Problem(record, position, problem);
        }

        return true;
    }
}
