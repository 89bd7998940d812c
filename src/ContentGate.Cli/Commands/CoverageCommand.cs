using System.CommandLine;
using System.Globalization;
using ContentGate.MaxMind;
using ContentGate.Regions;

namespace ContentGate.Cli.Commands;

/// <summary>
/// <c>contentgate coverage</c>: for each country, how many of its addresses a database knows only by country (no
/// subdivision) — where a policy listing subdivisions meets readers it cannot place. The counting is the library's
/// (<see cref="RegionIndexCoverage"/>, over the index the app compiles at load); this class only prints.
/// </summary>
internal static class CoverageCommand
{
    /// <summary>The command and the notes its help ends with.</summary>
    public static (Command Command, string Notes) Create()
    {
        var db = ToolOptions.Database("A City database: MaxMind GeoIP2/GeoLite2 or DB-IP (a Country or IPinfo file has no subdivisions at all).");
        var country = new Option<string[]>("--country")
        {
            HelpName = "code",
            Description = "Only this country (ISO 3166-1 alpha-2, such as UA); repeatable. A country the database has no address for is shown with zeros.",
            AllowMultipleArgumentsPerToken = false,
            CustomParser = result =>
            {
                var codes = new List<string>();
                foreach (var token in result.Tokens)
                {
                    if (IsoCodes.TryNormalizeCountry(token.Value.Trim(), out var code))
                    {
                        codes.Add(code);
                    }
                    else
                    {
                        var hint = IsoCodes.SuggestCountry(token.Value.Trim()) is { } suggestion ? $" Use '{suggestion}'." : string.Empty;
                        result.AddError($"--country: '{token.Value}' is not an ISO 3166-1 alpha-2 country code, such as UA.{hint}");
                    }
                }

                return [.. codes];
            },
        };
        var json = ToolOptions.Json();
        var command = new Command("coverage", "For each country, how many of its addresses a database places in no subdivision.") { db, country, json };
        command.SetAction(result => Run(
            result.GetRequiredValue(db),
            result.GetValue(country) ?? [],
            result.GetValue(json),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return (command, Notes);
    }

    private const string Notes = """
        How it works:
          The database is opened and verified exactly as at the app's start-up, then the search tree the app compiles
          from it is walked once. For each country: the addresses the database places in it, and those it places in
          no subdivision. A reader from those addresses is unresolved for a policy that lists subdivisions of the
          country (UA-43) and not the country itself; the policy's UnresolvedSubdivision decides what they get.
          IPv4 is counted in addresses; IPv6 in /64 networks (the usual network of one site), without the IPv4 space
          an IPv6 database maps into IPv6 (::/96, ::ffff:0:0/96, 2002::/16), which is counted as IPv4. Countries are
          sorted by IPv4 addresses without a subdivision, most first, then by IPv6 /64s without one, then by code.
          Nothing is looked up for a reader: the counts are the database's.

        Examples:
          contentgate coverage --db App_Data/GeoLite2-City.mmdb
          contentgate coverage --db App_Data/GeoLite2-City.mmdb --country UA --country RU
          contentgate coverage --db App_Data/GeoLite2-City.mmdb --json
        """;

    private static int Run(string file, string[] countries, bool json, TextWriter stdout, TextWriter stderr)
    {
        MaxMindDatabase database;
        try
        {
            database = MaxMindDatabase.Open(Path.GetFullPath(file), "--db");
        }
        catch (MaxMindDatabaseException ex)
        {
            return CommandOutput.Failure(stdout, stderr, json, ExitCodes.DatabaseUnusable, [ex.Message]);
        }

        using (database)
        {
            var load = database.Current;
            var coverage = RegionIndexCoverage.Measure(load.Index);
            var hasSubdivisions = load.HasSubdivisions;

            var rows = Select(coverage, countries);
            if (json)
            {
                WriteJson(stdout, file, database, coverage, hasSubdivisions, rows);
            }
            else
            {
                WriteText(stdout, file, database, coverage, hasSubdivisions, rows);
            }

            return ExitCodes.Success;
        }
    }

    /// <summary>The rows to print: the countries asked for (zeros for one the database lacks) or all, most blind first.</summary>
    private static List<CountryCoverage> Select(RegionIndexCoverage coverage, string[] countries)
    {
        IEnumerable<CountryCoverage> rows = coverage.Countries;
        if (countries.Length > 0)
        {
            var byCode = coverage.Countries.ToDictionary(c => c.Country, StringComparer.Ordinal);
            rows = countries.Distinct(StringComparer.Ordinal).Select(code => byCode.GetValueOrDefault(code) ?? new CountryCoverage(code, 0, 0, UInt128.Zero, UInt128.Zero));
        }

        return [.. rows
            .OrderByDescending(c => c.IPv4WithoutSubdivision)
            .ThenByDescending(c => c.IPv6WithoutSubdivision)
            .ThenBy(c => c.Country, StringComparer.Ordinal)];
    }

    private static void WriteText(TextWriter stdout, string file, MaxMindDatabase database, RegionIndexCoverage coverage, bool hasSubdivisions, List<CountryCoverage> rows)
    {
        stdout.WriteLine($"Database: {database.DatabaseType}, built {LookupCommand.FormatDate(database.BuildDate)}");
        stdout.WriteLine($"File: {file}");
        stdout.WriteLine($"Countries: {coverage.Countries.Count}; IPv4 in addresses{(coverage.IsIPv6 ? ", IPv6 in /64 networks" : "; no IPv6 (an IPv4-only database)")}");
        if (!hasSubdivisions)
        {
            stdout.WriteLine($"A {database.DatabaseType} database has no subdivisions: every address is known only by its country. Use a City database for policies that list subdivisions.");
        }

        if (coverage.SharedNodes > 0)
        {
            stdout.WriteLine($"Note: {coverage.SharedNodes.ToString("N0", CultureInfo.InvariantCulture)} parts of the search tree are reached by more than one network; each is counted once, where first reached.");
        }

        stdout.WriteLine();
        string[] header = coverage.IsIPv6
            ? ["Country", "IPv4 addresses", "no subdivision", "share", "IPv6 /64s", "no subdivision", "share"]
            : ["Country", "IPv4 addresses", "no subdivision", "share"];
        var table = new List<string[]> { header };
        foreach (var row in rows)
        {
            var cells = new List<string>
            {
                row.Country,
                Count(row.IPv4Addresses),
                Count(row.IPv4WithoutSubdivision),
                Share(row.IPv4ShareWithoutSubdivision),
            };
            if (coverage.IsIPv6)
            {
                cells.AddRange([Networks(row.IPv6Networks), Networks(row.IPv6NetworksWithoutSubdivision), Share(row.IPv6ShareWithoutSubdivision)]);
            }

            table.Add([.. cells]);
        }

        var widths = Enumerable.Range(0, header.Length).Select(i => table.Max(r => r[i].Length)).ToArray();
        foreach (var row in table)
        {
            // The code left-aligned, the numbers right-aligned.
            stdout.WriteLine(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
        }
    }

    private static void WriteJson(TextWriter stdout, string file, MaxMindDatabase database, RegionIndexCoverage coverage, bool hasSubdivisions, List<CountryCoverage> rows)
        => stdout.WriteLine(JsonOutput.Render(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("database");
            writer.WriteString("path", file);
            writer.WriteString("type", database.DatabaseType);
            writer.WriteString("buildDate", LookupCommand.FormatJsonDate(database.BuildDate));
            writer.WriteBoolean("ipv6", coverage.IsIPv6);
            writer.WriteBoolean("hasSubdivisions", hasSubdivisions);
            writer.WriteEndObject();
            writer.WriteStartArray("countries");
            foreach (var row in rows)
            {
                writer.WriteStartObject();
                writer.WriteString("country", row.Country);
                writer.WriteStartObject("ipv4");
                writer.WriteNumber("addresses", row.IPv4Addresses);
                writer.WriteNumber("withoutSubdivision", row.IPv4WithoutSubdivision);
                WriteShare(writer, row.IPv4ShareWithoutSubdivision);
                writer.WriteEndObject();
                writer.WriteStartObject("ipv6");
                writer.WriteNumber("networks64", row.IPv6Networks);
                writer.WriteNumber("withoutSubdivision", row.IPv6NetworksWithoutSubdivision);
                WriteShare(writer, row.IPv6ShareWithoutSubdivision);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }));

    private static void WriteShare(System.Text.Json.Utf8JsonWriter writer, double? share)
    {
        if (share is { } value)
        {
            writer.WriteNumber("share", Math.Round(value, 6));
        }
        else
        {
            writer.WriteNull("share");
        }
    }

    private static string Count(ulong value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Networks(double value)
        => value is > 0 and < 1 ? "<1" : Math.Round(value).ToString("N0", CultureInfo.InvariantCulture);

    private static string Share(double? share) => share is { } value ? (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";
}
