using ContentGate.Policies;

namespace ContentGate.Actions.Redirecting;

/// <summary>Where a Redirect policy sends the reader.</summary>
internal sealed class RedirectPayload(string url, bool isLocal, int statusCode) : PolicyPayload
{
    public override PolicyAction Action => PolicyAction.Redirect;

    /// <summary>The configured target: a local path, or an absolute URL on an allowed host.</summary>
    public string Url { get; } = url;

    /// <summary>Whether <see cref="Url"/> is a local path (made absolute from the request's path base).</summary>
    public bool IsLocal { get; } = isLocal;

    /// <summary>302 or 307.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>The local path no policy may block or redirect (so no redirect loops); <see langword="null"/> for an absolute URL.</summary>
    public string? LocalPath => IsLocal ? Url.Split('?', '#')[0] : null;
}
