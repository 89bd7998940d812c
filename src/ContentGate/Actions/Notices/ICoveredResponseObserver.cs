namespace ContentGate.Actions.Notices;

/// <summary>
/// Told when <see cref="NoticeRunner"/> installs a request's body and when the request is done with it: for a decision
/// still to be completed during the request (routing picking an endpoint after ContentGate), and checked at the end.
/// </summary>
internal interface ICoveredResponseObserver
{
    /// <summary>The body is installed; the rest of the pipeline has not run yet.</summary>
    void BodyInstalled(CoveredResponseBody body);

    /// <summary>The rest of the pipeline has run and the response is finished; the server's body is back in place.</summary>
    void Completed(Microsoft.AspNetCore.Http.HttpContext context);
}
