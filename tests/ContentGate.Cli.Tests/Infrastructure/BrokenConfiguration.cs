namespace ContentGate.Cli.Tests.Infrastructure;

/// <summary>
/// One way to break an app's configuration, with what the refusal must name: the key, the value and the fix. Each
/// is the README's contract configuration (<see cref="AppFolder.ContractConfiguration"/>) with one mistake, in a real
/// app folder with a real database, which may itself be the mistake.
/// </summary>
internal sealed record BrokenConfiguration(string Name, string Json, DatabaseState Database, int ExitCode, string Key, string Value, string Fix)
{
    private const string Contract = AppFolder.ContractConfiguration;

    public static readonly BrokenConfiguration[] All =
    [
        new("misspelt key", Edit("\"ExcludePaths\"", "\"ExludePaths\""), DatabaseState.Good, 3,
            "ContentGate:Policies:undesirable-organization:ExludePaths", "'ExludePaths'", "Did you mean 'ExcludePaths'?"),
        new("misspelt section", Edit("\"ContentGate\"", "\"ContentGat\""), DatabaseState.Good, 3,
            "ContentGate:", "no 'ContentGate' section", "Add the section"),
        new("country code that is not ISO 3166-1", Edit("\"KZ\" ]", "\"UK\" ]"), DatabaseState.Good, 3,
            "ContentGate:Policies:kz-court-order:Regions:0", "'UK'", "Use 'GB'"),
        new("alpha-3 country code in a region set", Edit("[ \"RU\",", "[ \"RUS\","), DatabaseState.Good, 3,
            "ContentGate:RegionSets:russia-controlled:0", "'RUS'", "Use 'RU'"),
        new("subdivision code that ISO 3166-2 does not list", Edit("\"UA-43\",", "\"UA-34\","), DatabaseState.Good, 3,
            "ContentGate:RegionSets:russia-controlled:1", "'UA-34'", "Did you mean 'UA-43' (Avtonomna Respublika Krym), "),
        new("misspelt region set", Edit("[ \"russia-controlled\" ]", "[ \"russia-controled\" ]"), DatabaseState.Good, 3,
            "ContentGate:Policies:undesirable-organization:Regions:0", "'russia-controled'", "Did you mean 'russia-controlled'?"),
        new("policy without regions", Edit("\"Regions\": [ \"KZ\" ],", ""), DatabaseState.Good, 3,
            "ContentGate:Policies:kz-court-order:Regions", "is empty", "List at least one country code"),
        new("unknown action", Edit("\"Action\": \"Block\"", "\"Action\": \"Blok\""), DatabaseState.Good, 3,
            "ContentGate:Policies:kz-court-order:Action", "'Blok'", "Use one of: Notice, Block, Acknowledge, Redirect"),
        new("relative BlockedBy", Edit("\"https://example.org/legal\"", "\"example.org/legal\""), DatabaseState.Good, 3,
            "ContentGate:Policies:kz-court-order:Block:BlockedBy", "'example.org/legal'", "\"https://example.org/legal\" or \"/legal\""),
        new("bad redirect URL", Edit("\"Action\": \"Block\",", "\"Action\": \"Redirect\", \"Redirect\": { \"Url\": \"javascript:alert(1)\" },"), DatabaseState.Good, 3,
            "ContentGate:Policies:kz-court-order:Redirect:Url", "'javascript:alert(1)'", "Write a local path (\"/kz\") or a full https:// URL"),
        new("path that is not a path", Edit("\"/articles/restricted-in-kazakhstan\"", "\"articles/restricted\""), DatabaseState.Good, 3,
            "ContentGate:Policies:kz-court-order:Paths:0", "'articles/restricted'", "/"),
        new("value that is not a boolean", Edit("\"Policies\": {", "\"Caching\": { \"CdnCacheKeyIncludesRegion\": \"yes\" }, \"Policies\": {"), DatabaseState.Good, 3,
            "ContentGate:Caching:CdnCacheKeyIncludesRegion", "'yes'", "Use true or false."),
        new("missing database file", Contract, DatabaseState.Missing, 4,
            "ContentGate:MaxMind:DatabasePath", "App_Data/GeoLite2-City.mmdb' does not exist", "Download a GeoIP2 or GeoLite2 Country or City database"),
        new("corrupt database", Contract, DatabaseState.CorruptRecord, 4,
            "ContentGate:MaxMind:DatabasePath", $"is corrupt: in the record for {CorruptRecordDatabase.Network}", "Download the database again"),
        new("database in another provider's layout", Contract, DatabaseState.ForeignLayout, 4,
            "ContentGate:MaxMind:DatabasePath", "'ip-location-db-city' database, but not in the GeoIP2 format", "GeoLite2"),
        new("several mistakes and no database", Edit("\"KZ\" ]", "\"UK\" ]").Replace("\"ExcludePaths\"", "\"ExludePaths\"", StringComparison.Ordinal), DatabaseState.Missing, 3,
            "ContentGate:MaxMind:DatabasePath", "does not exist", "Use 'GB'"),
    ];

    public static BrokenConfiguration Named(string name) => All.Single(b => b.Name == name);

    /// <summary>An app folder holding this configuration and its database as described.</summary>
    public AppFolder CreateApp()
    {
        var app = new AppFolder(Json, withDatabase: Database != DatabaseState.Missing);
        switch (Database)
        {
            case DatabaseState.CorruptRecord:
                CorruptRecordDatabase.WriteTo(app.DatabasePath);
                break;
            case DatabaseState.ForeignLayout:
                ForeignLayoutDatabase.WriteTo(app.DatabasePath);
                break;
        }

        return app;
    }

    private static string Edit(string from, string to)
    {
        Assert.Contains(from, Contract, StringComparison.Ordinal);
        return Contract.Replace(from, to, StringComparison.Ordinal);
    }
}

/// <summary>The database an app folder gets.</summary>
internal enum DatabaseState
{
    Good,
    Missing,
    CorruptRecord,
    ForeignLayout,
}
