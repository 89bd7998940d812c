namespace ContentGate.Policies;

/// <summary>
/// One named rule: which visitors (<see cref="Regions"/>), which paths, and what to do. Configuration section
/// <c>ContentGate:Policies:&lt;name&gt;</c>.
/// </summary>
public sealed class PolicyOptions
{
    /// <summary>
    /// Gets the regions the policy applies to: country codes (<c>RU</c>), ISO 3166-2 subdivision codes
    /// (<c>UA-43</c>) or names of sets under <c>ContentGate:RegionSets</c>. A visitor matches when its country or
    /// any of its subdivisions is listed. Required; defaults to empty.
    /// </summary>
    public IList<string> Regions { get; } = [];

    /// <summary>
    /// Gets the paths the policy covers. A path matches whole segments, ignoring case: <c>/articles</c> covers
    /// <c>/articles</c> and <c>/articles/x</c> but not <c>/articlesx</c>. Paths are relative to the app's
    /// <c>PathBase</c>. Defaults to empty, which covers every path.
    /// </summary>
    public IList<string> Paths { get; } = [];

    /// <summary>
    /// Gets the paths the policy never covers, matched like <see cref="Paths"/>. An excluded path wins over an
    /// included one. Defaults to empty.
    /// </summary>
    public IList<string> ExcludePaths { get; } = [];

    /// <summary>Gets or sets what the policy does. Required: <c>Notice</c>, <c>Block</c>, <c>Acknowledge</c> or <c>Redirect</c>.</summary>
    public PolicyAction? Action { get; set; }

    /// <summary>
    /// Gets or sets what the policy does when the visitor's region cannot be determined (no address, a private
    /// address, no data, a failed lookup). Defaults to <see cref="PolicyFailMode.Apply"/> for
    /// <see cref="PolicyAction.Notice"/> and <see cref="PolicyAction.Acknowledge"/>, and
    /// <see cref="PolicyFailMode.Skip"/> for <see cref="PolicyAction.Block"/> and <see cref="PolicyAction.Redirect"/>.
    /// </summary>
    public PolicyFailMode? FailMode { get; set; }

    /// <summary>
    /// Gets or sets what the policy does for a reader whose country is known but whose subdivision is not (the database
    /// has none for the address), when the policy lists subdivisions of that country (<c>UA-43</c>) and not the country
    /// itself (<c>UA</c>): <see cref="Policies.UnresolvedSubdivision.NoMatch"/> (the policy does not apply),
    /// <see cref="Policies.UnresolvedSubdivision.Match"/> (it applies) or <see cref="Policies.UnresolvedSubdivision.FailMode"/>
    /// (its <see cref="FailMode"/> decides, as for an unknown region). Only for policies that list such subdivisions;
    /// set on any other policy, it stops the host, since it would have no effect. Defaults to
    /// <see cref="ContentGateDefaults.UnresolvedSubdivision"/>.
    /// </summary>
    public UnresolvedSubdivision? UnresolvedSubdivision { get; set; }

    /// <summary>Gets or sets the notice, for <see cref="PolicyAction.Notice"/>.</summary>
    public NoticeOptions Notice { get; set; } = new();

    /// <summary>Gets or sets the 451 response, for <see cref="PolicyAction.Block"/>.</summary>
    public BlockOptions Block { get; set; } = new();

    /// <summary>Gets or sets the interstitial page, for <see cref="PolicyAction.Acknowledge"/>.</summary>
    public AcknowledgeOptions Acknowledge { get; set; } = new();

    /// <summary>Gets or sets the redirect target, for <see cref="PolicyAction.Redirect"/>.</summary>
    public RedirectOptions Redirect { get; set; } = new();
}
