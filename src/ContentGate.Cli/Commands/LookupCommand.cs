using System.Globalization;
using System.Net;
using System.Diagnostics.Metrics;
using System.CommandLine;
using ContentGate.Diagnostics;
using ContentGate.MaxMind;
using ContentGate.MaxMind.Verification;
using ContentGate.Cli.Explaining;
using ContentGate.Regions;
using ContentGate.Sources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContentGate.Cli.Commands;

/// <summary>
/// <c>contentgate lookup</c>: one address in one database, opened, checked and read by the middleware's own
/// <see cref="MaxMindDatabase"/>.
/// </summary>
internal static class LookupCommand
{
    /// <summary>The command and the notes its help ends with.</summary>
    public static (Command Command, string Notes) Create()
    {
        var db = ToolOptions.Database("A Country or City database: MaxMind GeoIP2/GeoLite2, DB-IP or IPinfo.");
        var asnDb = ToolOptions.Database("An autonomous system database (GeoLite2-ASN, GeoIP2-ISP, DB-IP ASN Lite, IPinfo Lite), as MaxMind:AsnDatabasePath.", "--asn-db", required: false);
        var provider = new Option<DatabaseProvider>("--provider")
        {
            HelpName = "Auto|MaxMind|DbIp|IPinfo",
            Description = "Whose layout the files follow, as MaxMind:Provider (default: recognised from each file's type).",
            DefaultValueFactory = _ => DatabaseProvider.Auto,
        };
        var ip = new Option<IPAddress>("--ip")
        {
            HelpName = "address",
            Description = "The address to look up, IPv4 or IPv6.",
            Required = true,
            CustomParser = result => ToolOptions.Parsed<IPAddress>(result, RequestArguments.TryParseAddress),
        };
        var json = ToolOptions.Json();
        var command = new Command("lookup", "Look an address up in a MaxMind DB file, as ContentGate reads it.") { db, ip, asnDb, provider, json };
        command.SetAction(result => Run(
            new LookupFiles(result.GetRequiredValue(db), result.GetValue(asnDb), result.GetValue(provider)),
            result.GetRequiredValue(ip),
            result.GetValue(json),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return (command, Notes);
    }

    private const string Notes = """
        How it works:
          The database is opened and verified exactly as at the app's start-up (exists, readable, a MaxMind DB whose
          every search tree node and record decodes, GeoIP2 records with countries), so a damaged file or one in another
          provider's layout exits 4 with what is wrong and where. Then the address is looked up as the middleware looks
          it up: IPv4-mapped IPv6 as IPv4, only the record's country and subdivisions. Addresses ContentGate never looks
          up (loopback, private, carrier-grade NAT, link-local, unique-local) are reported as Unknown (NonPublicAddress).

        Examples:
          contentgate lookup --db App_Data/GeoLite2-City.mmdb --ip 203.0.113.9
          contentgate lookup --db App_Data/GeoLite2-City.mmdb --ip 2001:db8:0:1::1 --json
        """;

    private static int Run(LookupFiles files, IPAddress given, bool json, TextWriter stdout, TextWriter stderr)
    {
        var file = files.Database;
        MaxMindDatabase database;
        MaxMindDatabase? asnDatabase = null;
        try
        {
            database = MaxMindDatabase.Open(Path.GetFullPath(file), "--db", null, null, null, new DatabaseReading(files.Provider, DatabaseRole.Location));
        }
        catch (MaxMindDatabaseException ex)
        {
            return CommandOutput.Failure(stdout, stderr, json, ExitCodes.DatabaseUnusable, [ex.Message]);
        }

        if (files.AsnDatabase is { } asnFile)
        {
            try
            {
                asnDatabase = MaxMindDatabase.Open(Path.GetFullPath(asnFile), "--asn-db", null, null, null, new DatabaseReading(files.Provider, DatabaseRole.AutonomousSystems));
            }
            catch (MaxMindDatabaseException ex)
            {
                database.Dispose();
                return CommandOutput.Failure(stdout, stderr, json, ExitCodes.DatabaseUnusable, [ex.Message]);
            }
        }

        using (database)
        using (asnDatabase)
        {
            // The middleware's own resolver over the middleware's own source: the same normalization, the same
            // non-public addresses never looked up, the same handling of a lookup that fails.
            using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
            var resolver = new RegionResolver([new MaxMindDatabaseSource(database, asnDatabase)], new ContentGateMetrics(services.GetRequiredService<IMeterFactory>()), NullLogger.Instance);
            var context = new DefaultHttpContext();
            context.Connection.RemoteIpAddress = given;
            var feature = resolver.ResolveAsync(context).AsTask().GetAwaiter().GetResult();
            if (feature.UnknownReason == RegionUnknownReason.LookupFailed)
            {
                // Not expected once the file is verified; the app would treat the reader as unknown (LookupFailed) and
                // log; here the file is the answer.
                return CommandOutput.Failure(stdout, stderr, json, ExitCodes.DatabaseUnusable,
                    [$"--db: the file '{database.Path}' is corrupt: the record for this address cannot be read. Download the database again."]);
            }

            var address = ClientAddress.Normalize(given);
            var region = feature.Region;
            var reason = feature.UnknownReason;
            if (json)
            {
                WriteJson(stdout, file, given, address, region, reason, database);
            }
            else
            {
                stdout.WriteLine(address.Equals(given) ? $"Address: {address}" : $"Address: {address} (given as {given})");
                stdout.WriteLine(region.IsKnown ? $"Region: {region}" : $"Region: Unknown ({reason})");
                ExplainReport.WriteSubdivisions(stdout, region);
                if (region.AutonomousSystemNumber is { } number)
                {
                    stdout.WriteLine($"Network: AS{number} (from {(asnDatabase is null ? file : files.AsnDatabase)})");
                }

                stdout.WriteLine($"Database: {database.DatabaseType}, built {FormatDate(database.BuildDate)}, read in {RecordSchemas.Describe(database.Schema)}'s layout");
                stdout.WriteLine($"File: {file}");
                if (database.UnmappedNames.Names > 0)
                {
                    stdout.WriteLine($"Unmapped subdivision names: {database.UnmappedNames}");
                }
            }

            return region.IsKnown ? ExitCodes.Success : ExitCodes.Applies;
        }
    }

    private static void WriteJson(TextWriter stdout, string file, IPAddress given, IPAddress address, Region region, RegionUnknownReason reason, MaxMindDatabase database)
        => stdout.WriteLine(JsonOutput.Render(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("address", address.ToString());
            writer.WriteString("givenAddress", given.ToString());
            writer.WriteBoolean("found", region.IsKnown);
            JsonOutput.WriteRegion(writer, "region", region, region.IsKnown ? MaxMindDatabaseSource.SourceName : null, reason);
            writer.WriteStartObject("database");
            writer.WriteString("path", file);
            writer.WriteString("type", database.DatabaseType);
            writer.WriteString("layout", database.Schema.ToString());
            writer.WriteString("buildDate", FormatJsonDate(database.BuildDate));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }));

    private sealed record LookupFiles(string Database, string? AsnDatabase, DatabaseProvider Provider);

    /// <summary>A database's build date for people: <c>2025-01-01 00:00:00 UTC</c>.</summary>
    public static string FormatDate(DateTime date)
        => Utc(date).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A database's build date for <c>--json</c>: <c>2025-01-01T00:00:00Z</c>.</summary>
    public static string FormatJsonDate(DateTime date)
        => Utc(date).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    // The metadata's build epoch is UTC; never let the machine's time zone shift it.
    private static DateTime Utc(DateTime date) => date.Kind == DateTimeKind.Local ? date.ToUniversalTime() : DateTime.SpecifyKind(date, DateTimeKind.Utc);
}
