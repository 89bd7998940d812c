namespace ContentGate.Preview;

/// <summary>The compiled <see cref="PreviewOptions"/>.</summary>
internal sealed record PreviewSettings(string QueryParameter, string? AuthorizationPolicy, bool AllowInDevelopment);
