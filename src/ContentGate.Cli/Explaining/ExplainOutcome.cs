namespace ContentGate.Cli.Explaining;

/// <summary>What the visitor gets: the content unchanged, a 451, a redirect, an interstitial or notices.</summary>
/// <param name="Kind">The kind of outcome.</param>
/// <param name="Policies">The policy that answers, or every notice inserted, in order; empty when served unchanged.</param>
/// <param name="StatusCode">451 for a block, 302 or 307 for a redirect, 200 for an interstitial; otherwise <see langword="null"/> (the app's own).</param>
/// <param name="Location">For a redirect, where to.</param>
internal sealed record ExplainOutcome(OutcomeKind Kind, IReadOnlyList<string> Policies, int? StatusCode = null, string? Location = null)
{
    public static ExplainOutcome Served { get; } = new(OutcomeKind.Served, []);

    public string Text => Kind switch
    {
        OutcomeKind.Block => $"{StatusCode} by {Policies[0]}",
        OutcomeKind.Redirect => $"{StatusCode} to {Location} by {Policies[0]}",
        OutcomeKind.Acknowledge => $"interstitial by {Policies[0]} (until the reader acknowledges it)",
        OutcomeKind.Notice => "notice " + string.Join(", ", Policies),
        _ => "content served unchanged",
    };

    public string Code => Kind switch
    {
        OutcomeKind.Block => "block",
        OutcomeKind.Redirect => "redirect",
        OutcomeKind.Acknowledge => "acknowledge",
        OutcomeKind.Notice => "notice",
        _ => "served",
    };
}

/// <summary>The kinds of <see cref="ExplainOutcome"/>.</summary>
internal enum OutcomeKind
{
    Served,
    Block,
    Redirect,
    Acknowledge,
    Notice,
}
