using ContentGate.MaxMind;

namespace ContentGate.Sources;

/// <summary>Turns <c>ContentGate:Sources</c> into the ordered list of region sources, collecting every problem.</summary>
internal static class RegionSourceCompiler
{
    private const string Key = ContentGateDefaults.SectionName + ":Sources";

    /// <summary>Whether the configured sources need the local database (they do when none are configured).</summary>
    public static bool NeedsDatabase(ContentGateOptions options)
        => options.Sources.Count == 0 || options.Sources.Any(s => s?.Type == RegionSourceType.MaxMindDatabase);

    public static List<RegionSource> Compile(ContentGateOptions options, MaxMindDatabase? database, SourceServices services, List<string> problems)
    {
        var sources = new List<RegionSource>();
        if (options.Sources.Count == 0)
        {
            if (database is not null)
            {
                sources.Add(new MaxMindDatabaseSource(database));
            }

            return sources;
        }

        for (var i = 0; i < options.Sources.Count; i++)
        {
            var entry = options.Sources[i];
            var key = $"{Key}:{i}";
            if (entry?.Type is not { } type || !Enum.IsDefined(type))
            {
                problems.Add($"{key}:Type is not set. Use one of: {string.Join(", ", Enum.GetNames<RegionSourceType>())}.");
                continue;
            }

            var source = type switch
            {
                RegionSourceType.MaxMindDatabase => database is null ? null : new MaxMindDatabaseSource(database),
                RegionSourceType.MaxMindWebService => MaxMindWebServiceSource.TryCreate(entry, key, services, problems),
                _ => HeaderRegionSource.TryCreate(entry, key, services, problems),
            };
            if (source is not null)
            {
                sources.Add(source);
            }
        }

        return sources;
    }

    /// <summary>
    /// Opens (or finds open) and verifies <c>MaxMind:DatabasePath</c>; <see langword="null"/>, with the problem added,
    /// when it is needed and missing, or unusable. A Country database where policies list subdivision codes is a problem.
    /// </summary>
    public static MaxMindDatabase? OpenDatabase(CompileContext context, ContentGateOptions options, MaxMindDatabaseCache databases, bool required, List<string> usesSubdivisions)
    {
        const string DatabaseKey = CompileContext.Root + ":MaxMind:DatabasePath";
        var configured = options.MaxMind?.DatabasePath;
        if (string.IsNullOrWhiteSpace(configured))
        {
            if (required)
            {
                context.Add($"{DatabaseKey} is not set, but policies need to know where visitors are. Set it to the path of a GeoIP2 or GeoLite2 Country or City .mmdb file.");
            }

            return null;
        }

        var path = Path.GetFullPath(configured, context.ContentRoot);
        try
        {
            var database = databases.GetOrOpen(path, DatabaseKey);
            if (!MaxMindDatabaseGeneration.HasSubdivisionsByType(database.DatabaseType) && usesSubdivisions.Count > 0)
            {
                context.Add($"{DatabaseKey}: '{path}' is a '{database.DatabaseType}' database, which has no subdivisions, but policy {string.Join(", ", usesSubdivisions.Select(p => $"'{p}'"))} lists subdivision codes (such as UA-43). Use a City database, or those visitors will never match.");
            }

            return database;
        }
        catch (MaxMindDatabaseException ex)
        {
            context.Add(ex.Message);
            return null;
        }
    }
}
