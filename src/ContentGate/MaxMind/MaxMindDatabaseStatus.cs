namespace ContentGate.MaxMind;

/// <summary>What the health check and tests see of a database: the load in use and the last rejected replacement.</summary>
/// <param name="Path">The full path of the file.</param>
/// <param name="DatabaseType">The <c>database_type</c> of the load in use, such as <c>GeoLite2-City</c>.</param>
/// <param name="BuildDate">The <c>build_epoch</c> of the load in use, in UTC.</param>
/// <param name="Generation">1 for the load at start-up, one more for each accepted replacement.</param>
/// <param name="LoadedAt">When the load in use was read.</param>
/// <param name="LastRejection">The last replacement that did not validate, unless a later one was accepted.</param>
internal sealed record MaxMindDatabaseStatus(
    string Path,
    string DatabaseType,
    DateTime BuildDate,
    int Generation,
    DateTimeOffset LoadedAt,
    MaxMindDatabaseRejection? LastRejection)
{
    /// <summary>DB-IP subdivision names of the load in use that could not be mapped to ISO 3166-2 codes.</summary>
    public UnmappedSubdivisionNames UnmappedNames { get; init; } = UnmappedSubdivisionNames.None;
}

/// <summary>A replacement file that was not loaded, and why.</summary>
/// <param name="At">When it was rejected.</param>
/// <param name="Reason">What is wrong with it and what to do, without any client address.</param>
internal sealed record MaxMindDatabaseRejection(DateTimeOffset At, string Reason);
