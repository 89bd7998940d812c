namespace ContentGate.Policies;

/// <summary>Where a <see cref="PolicyAction.Redirect"/> policy sends the visitor. Section <c>…:Policies:&lt;name&gt;:Redirect</c>.</summary>
public sealed class RedirectOptions
{
    /// <summary>
    /// Gets or sets the target: a local path (<c>/kz/notice</c>) or an absolute http(s) URL whose host is listed in
    /// <c>ContentGate:AllowedRedirectHosts</c>. Never taken from the request. Required; defaults to <see langword="null"/>.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>
    /// Gets or sets the status code: 302 (Found) or 307 (Temporary Redirect, which keeps the method and body).
    /// Defaults to 302.
    /// </summary>
    public int? StatusCode { get; set; }
}
