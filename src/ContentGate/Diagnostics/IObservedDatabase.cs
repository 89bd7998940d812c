namespace ContentGate.Diagnostics;

/// <summary>A database whose age <c>contentgate.database.age</c> reports (see <see cref="ContentGateMetrics.TrackDatabase"/>).</summary>
internal interface IObservedDatabase
{
    /// <summary>The load in use: its <c>database_type</c>, its build date (UTC) and its file's full path, as one consistent reading.</summary>
    (string DatabaseType, DateTime BuildDate, string Path) Observe();
}
