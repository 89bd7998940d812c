using ContentGate.MaxMind;
using Microsoft.Extensions.DependencyInjection;

namespace ContentGate.Sources;

/// <summary>Turns <c>ContentGate:Sources</c> into the ordered list of region sources, collecting every problem.</summary>
internal static class RegionSourceCompiler
{
    private const string Key = ContentGateDefaults.SectionName + ":Sources";

    /// <summary>Whether the configured sources need the local database (they do when none are configured).</summary>
    public static bool NeedsDatabase(ContentGateOptions options)
        => options.Sources.Count == 0 || options.Sources.Any(s => TryParseBuiltIn(s?.Type, out var type) && type == RegionSourceType.MaxMindDatabase);

    /// <summary>Whether <paramref name="value"/> names a built-in type (by name, in any case; numbers are not names).</summary>
    public static bool TryParseBuiltIn(string? value, out RegionSourceType type)
    {
        type = default;
        var name = value?.Trim();
        return !string.IsNullOrEmpty(name) && !char.IsAsciiDigit(name.TrimStart('-')[0])
            && Enum.TryParse(name, ignoreCase: true, out type) && Enum.IsDefined(type);
    }

    public static List<IRegionSource> Compile(ContentGateOptions options, MaxMindDatabase? database, SourceServices services, List<string> problems, MaxMindDatabase? asnDatabase = null)
    {
        var sources = new List<IRegionSource>();
        if (options.Sources.Count == 0)
        {
            if (database is not null)
            {
                sources.Add(new MaxMindDatabaseSource(database, asnDatabase));
            }

            return sources;
        }

        for (var i = 0; i < options.Sources.Count; i++)
        {
            var entry = options.Sources[i];
            var key = $"{Key}:{i}";
            var typeName = entry?.Type?.Trim();
            if (entry is null || string.IsNullOrEmpty(typeName))
            {
                problems.Add($"{key}:Type is not set. Use one of: {string.Join(", ", TypeNames(services))}.");
                continue;
            }

            IRegionSource? source;
            if (TryParseBuiltIn(typeName, out var type))
            {
                source = type == RegionSourceType.MaxMindDatabase
                    ? database is null ? null : new MaxMindDatabaseSource(database, asnDatabase)
                    : HeaderRegionSource.TryCreate(type, entry, key, services, problems);
            }
            else if (FactoryFor(typeName, services.Services) is { } factory)
            {
                source = Create(factory.Factory, new RegionSourceEntry(factory.Type, key, entry.Configuration, services.Services, problems), problems);
            }
            else
            {
                problems.Add(UnknownType(key, typeName, services));
                continue;
            }

            if (source is not null)
            {
                sources.Add(source);
            }
        }

        return sources;
    }

    private static IRegionSource? Create(IRegionSourceFactory factory, RegionSourceEntry entry, List<string> problems)
    {
        try
        {
            return factory.Create(entry);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A source's own bug: reported like a configuration problem, so a reload keeps the last good snapshot.
            problems.Add($"{entry.Key}: the '{entry.Type}' region source could not be created ({ex.GetType().Name}: {ex.Message}).");
            return null;
        }
    }

    /// <summary>The factory registered for <paramref name="typeName"/> (in any case), with the type as registered.</summary>
    private static (string Type, IRegionSourceFactory Factory)? FactoryFor(string typeName, IServiceProvider services)
    {
        if (services is not IKeyedServiceProvider keyed)
        {
            return null;
        }

        var registered = services.GetServices<RegionSourceRegistration>()
            .FirstOrDefault(r => string.Equals(r.Type, typeName, StringComparison.OrdinalIgnoreCase))?.Type ?? typeName;
        return keyed.GetKeyedService(typeof(IRegionSourceFactory), registered) is IRegionSourceFactory factory ? (registered, factory) : null;
    }

    private static IEnumerable<string> TypeNames(SourceServices services)
        => Enum.GetNames<RegionSourceType>().Concat(Registered(services));

    private static IEnumerable<string> Registered(SourceServices services)
        => services.Services.GetServices<RegionSourceRegistration>().Select(r => r.Type).Distinct(StringComparer.OrdinalIgnoreCase);

    private static string UnknownType(string key, string typeName, SourceServices services)
    {
        var names = TypeNames(services).ToList();
        var closest = names.MinBy(n => EditDistance.Between(n, typeName));
        var hint = closest is not null && EditDistance.Between(closest, typeName) <= 3 ? $" Did you mean '{closest}'?" : string.Empty;
        var registered = Registered(services).ToList();
        var package = string.Equals(typeName, "MaxMindWebService", StringComparison.OrdinalIgnoreCase)
            ? " The MaxMind web service is a package of its own: add ContentGate.MaxMind.WebService and call AddMaxMindWebService() on what AddContentGate(...) returns."
            : $" A source of another package or of your own is named here once it is registered: AddContentGate(...).AddRegionSource<TFactory>(\"{typeName}\").";
        return $"{key}:Type: '{typeName}' is not a region source type.{hint} Built in: {string.Join(", ", Enum.GetNames<RegionSourceType>())}; registered: {(registered.Count == 0 ? "none" : string.Join(", ", registered))}.{package}";
    }

    /// <summary>
    /// Opens (or finds open) and verifies <c>MaxMind:DatabasePath</c>; <see langword="null"/>, with the problem added,
    /// when it is needed and missing, or unusable. A Country database where policies list subdivision codes is a problem.
    /// </summary>
    public static MaxMindDatabase? OpenDatabase(CompileContext context, ContentGateOptions options, MaxMindDatabaseCache databases, bool required, List<string> usesSubdivisions)
    {
        const string DatabaseKey = CompileContext.Root + ":MaxMind:DatabasePath";
        var configured = options.MaxMind?.DatabasePath;
        var reading = new DatabaseReading(options.MaxMind?.Provider ?? DatabaseProvider.Auto, DatabaseRole.Location);
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
            var database = databases.GetOrOpen(path, DatabaseKey, reading);
            if (!database.HasSubdivisions && usesSubdivisions.Count > 0)
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

    /// <summary>
    /// Opens (or finds open) and verifies <c>MaxMind:AsnDatabasePath</c> when it is set; <see langword="null"/> when it is
    /// not, or unusable (the problem added).
    /// </summary>
    public static MaxMindDatabase? OpenAsnDatabase(CompileContext context, ContentGateOptions options, MaxMindDatabaseCache databases)
    {
        const string AsnKey = CompileContext.Root + ":MaxMind:AsnDatabasePath";
        var configured = options.MaxMind?.AsnDatabasePath;
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        var path = Path.GetFullPath(configured, context.ContentRoot);
        try
        {
            return databases.GetOrOpen(path, AsnKey, new DatabaseReading(options.MaxMind?.Provider ?? DatabaseProvider.Auto, DatabaseRole.AutonomousSystems));
        }
        catch (MaxMindDatabaseException ex)
        {
            context.Add(ex.Message);
            return null;
        }
    }

    /// <summary>
    /// Policies that list autonomous systems need a source whose regions carry them, or they would never match: the
    /// database source with an ASN file (or a file that carries networks), or a source of another package that does
    /// (the MaxMind web service's City and Insights).
    /// </summary>
    public static void CheckNetworks(CompileContext context, IReadOnlyList<IRegionSource> sources, List<string> usesAutonomousSystems)
    {
        if (usesAutonomousSystems.Count == 0 || sources.Any(s => s.ProvidesAutonomousSystems))
        {
            return;
        }

        var policies = $"policy {string.Join(", ", usesAutonomousSystems.Select(p => $"'{p}'"))} lists autonomous systems (such as AS12389)";
        context.Add(sources.OfType<MaxMindDatabaseSource>().FirstOrDefault() is { } database
            ? $"{CompileContext.Root}:MaxMind:AsnDatabasePath is not set, but {policies} and the database at {CompileContext.Root}:MaxMind:DatabasePath ('{database.Database.DatabaseType}') carries none. Set it to a GeoLite2-ASN, GeoIP2-ISP, DB-IP ASN Lite or IPinfo Lite .mmdb file, or those readers will never match."
            : $"{CompileContext.Root}:Sources: {policies}, but no configured source gives them. Add MaxMindDatabase to {CompileContext.Root}:Sources with {CompileContext.Root}:MaxMind:AsnDatabasePath (or use the MaxMind web service's City or Insights), or those readers will never match.");
    }
}
