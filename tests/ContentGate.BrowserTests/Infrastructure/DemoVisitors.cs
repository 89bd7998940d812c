namespace ContentGate.BrowserTests.Infrastructure;

/// <summary>Addresses from the sample's demo database (see "The demo database" in the README).</summary>
internal static class DemoVisitors
{
    public const string Russia = "203.0.113.1";
    public const string Crimea = "203.0.113.9";
    public const string Kyiv = "203.0.113.57";
    public const string Germany = "203.0.113.73";
    public const string Kazakhstan = "203.0.113.81";
}
