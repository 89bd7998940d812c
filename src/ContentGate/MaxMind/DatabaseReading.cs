namespace ContentGate.MaxMind;

/// <summary>What a database file is for: where readers are, or which network (autonomous system) they come from.</summary>
internal enum DatabaseRole
{
    /// <summary><c>ContentGate:MaxMind:DatabasePath</c>: countries and subdivisions (and the network, when the file carries it).</summary>
    Location,

    /// <summary><c>ContentGate:MaxMind:AsnDatabasePath</c>: autonomous systems only.</summary>
    AutonomousSystems,
}

/// <summary>How a file is read: whose layout (from configuration, or recognised) and what it is for.</summary>
/// <param name="Provider">The configured provider; <see cref="DatabaseProvider.Auto"/> recognises it from the file's type.</param>
/// <param name="Role">What the file is for.</param>
internal readonly record struct DatabaseReading(DatabaseProvider Provider, DatabaseRole Role);
