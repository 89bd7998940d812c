namespace ContentGate.Preview;

/// <summary>
/// Who may see a page as a visitor from another region would, with <c>?contentgate-region=RU</c>. Section
/// <c>ContentGate:Preview</c>.
/// </summary>
public sealed class PreviewOptions
{
    /// <summary>
    /// Gets or sets the name of the ASP.NET Core authorization policy a user must satisfy to preview. Requires
    /// authentication to run before ContentGate. Defaults to <see langword="null"/>: nobody outside Development.
    /// </summary>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether everyone may preview when the host environment is Development.
    /// Defaults to <see langword="true"/>.
    /// </summary>
    public bool AllowInDevelopment { get; set; } = true;

    /// <summary>Gets or sets the query-string parameter. Defaults to <see cref="ContentGateDefaults.PreviewParameter"/>.</summary>
    public string? QueryParameter { get; set; }
}
