namespace ContentGate.Policies;

/// <summary>What a policy does when the visitor's region cannot be determined.</summary>
public enum PolicyFailMode
{
    /// <summary>Act as if the visitor matched: show the notice, apply the block.</summary>
    Apply = 1,

    /// <summary>Act as if the visitor did not match: serve the content unchanged.</summary>
    Skip = 2,
}
