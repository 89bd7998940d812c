namespace ContentGate.MaxMind.Verification;

/// <summary>How a file's records say where an address is: the layouts ContentGate reads.</summary>
internal enum RecordSchema
{
    /// <summary>
    /// GeoIP2 Country/City/Enterprise: <c>country.iso_code</c>, <c>subdivisions[].iso_code</c>, and in Enterprise
    /// files <c>traits.autonomous_system_number</c>.
    /// </summary>
    GeoIP2,

    /// <summary>DB-IP Country/City: GeoIP2's layout, but subdivisions carry <c>names.en</c> and no <c>iso_code</c>.</summary>
    DbIp,

    /// <summary>IPinfo: flat records, <c>country_code</c> (or, in the older free file, <c>country</c>) and <c>asn</c> (<c>"AS12389"</c>).</summary>
    IPinfo,

    /// <summary>GeoLite2-ASN, GeoIP2-ISP, DB-IP ASN: flat records with <c>autonomous_system_number</c> and no country.</summary>
    AutonomousSystems,
}

/// <summary>Which layout a file's records follow, from its <c>database_type</c> and the configured provider.</summary>
internal static class RecordSchemas
{
    public static RecordSchema Detect(string databaseType, DatabaseProvider provider)
    {
        var vendor = provider != DatabaseProvider.Auto
            ? provider
            : databaseType.StartsWith("DBIP", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.DbIp
            : databaseType.StartsWith("ipinfo", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.IPinfo
            : DatabaseProvider.MaxMind;
        return vendor switch
        {
            DatabaseProvider.IPinfo => RecordSchema.IPinfo,
            _ when IsAutonomousSystemType(databaseType) => RecordSchema.AutonomousSystems,
            DatabaseProvider.DbIp => RecordSchema.DbIp,
            _ => RecordSchema.GeoIP2,
        };
    }

    /// <summary>The provider whose layout it is, for messages.</summary>
    public static string Describe(RecordSchema schema) => schema switch
    {
        RecordSchema.GeoIP2 => "MaxMind GeoIP2",
        RecordSchema.DbIp => "DB-IP",
        RecordSchema.IPinfo => "IPinfo",
        _ => "autonomous system (GeoLite2-ASN, GeoIP2-ISP or DB-IP ASN)",
    };

    // GeoLite2-ASN, GeoIP2-ISP, DBIP-ASN-Lite, DBIP-ISP: records of networks, not places.
    private static bool IsAutonomousSystemType(string databaseType)
        => databaseType.Contains("ASN", StringComparison.OrdinalIgnoreCase)
            || databaseType.EndsWith("-ISP", StringComparison.OrdinalIgnoreCase)
            || databaseType.Contains("-ISP-", StringComparison.OrdinalIgnoreCase);
}
