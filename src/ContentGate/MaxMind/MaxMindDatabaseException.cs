namespace ContentGate.MaxMind;

/// <summary>The configured MaxMind database cannot be used; the message says which key, which file and what to fix.</summary>
internal sealed class MaxMindDatabaseException : Exception
{
    public MaxMindDatabaseException(string message)
        : base(message)
    {
    }

    public MaxMindDatabaseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
