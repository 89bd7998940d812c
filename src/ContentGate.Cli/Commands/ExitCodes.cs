namespace ContentGate.Cli.Commands;

/// <summary>What the process exit code tells a script. Documented in <c>--help</c> and the README.</summary>
internal static class ExitCodes
{
    /// <summary>
    /// explain: no policy applies, the content is served unchanged; lookup: the address was found; check: the host would
    /// start; coverage: the database was counted.
    /// </summary>
    public const int Success = 0;

    /// <summary>explain: at least one policy applies; lookup: the address was not found.</summary>
    public const int Applies = 1;

    /// <summary>An unknown command or option, a missing or malformed value.</summary>
    public const int UsageError = 2;

    /// <summary>The configuration file cannot be read or the ContentGate section does not validate.</summary>
    public const int ConfigurationInvalid = 3;

    /// <summary>The MaxMind database is missing, unreadable, not a MaxMind DB, corrupt, or not in the GeoIP2 layout.</summary>
    public const int DatabaseUnusable = 4;

    public const string Help = """
        Exit codes:
          0  explain: no policy applies (content served unchanged); lookup: the address was found;
             check: the host would start with this configuration; coverage: the database was counted
          1  explain: at least one policy applies; lookup: the address was not found
          2  usage error: unknown command or option, missing or malformed value
          3  configuration invalid: every problem is printed, as the host prints them at start-up
          4  database unusable: missing, unreadable, not a MaxMind DB, corrupt, or not GeoIP2 records
             (explain, check: when the database is the only problem; with other problems as well, 3)
        """;
}
