namespace ContentGate.MaxMind.WebService;

/// <summary>Which MaxMind web service to call. Each answers with the country; City and Insights add subdivisions.</summary>
internal enum WebServiceKind
{
    Country,
    City,
    Insights,
}
